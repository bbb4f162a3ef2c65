import type { Change } from '../diff.js';
import { HAZARD } from './hazards.js';
import { P } from './order.js';
import type { MigrationBuild } from './plan.js';
import { quoteIdent, quoteLiteral } from './quote.js';

export function emitExtensionChange(ctx: MigrationBuild, c: Change): void {
  const { from, to, emit } = ctx;
  const e = c.change === 'removed' ? from.extensions.find((x) => x.name === c.name)! : to.extensions.find((x) => x.name === c.name)!;
  if (c.change === 'added') emit(P.extension, `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(e.name)} WITH SCHEMA ${quoteIdent(e.schema)} VERSION ${quoteLiteral(e.version)}`);
  else if (c.change === 'removed') emit(P.dropExtension, `DROP EXTENSION ${quoteIdent(e.name)}`, { destructive: true, hazards: [HAZARD.dataLoss], reason: `drops extension ${e.name} and its objects` });
  else {
    if (c.details.fields?.schema) {
      // Non-relocatable extensions cannot SET SCHEMA: they are dropped and created again in the new schema.
      const ext = quoteIdent(e.name);
      emit(
        P.extension,
        `DO $dbref$ BEGIN IF (SELECT extrelocatable FROM pg_extension WHERE extname = ${quoteLiteral(e.name)}) THEN ALTER EXTENSION ${ext} SET SCHEMA ${quoteIdent(e.schema)}; ELSE DROP EXTENSION ${ext}; CREATE EXTENSION ${ext} WITH SCHEMA ${quoteIdent(e.schema)} VERSION ${quoteLiteral(e.version)}; END IF; END $dbref$`,
        { hazards: ['drops and recreates the extension when it is not relocatable'] },
      );
    }
    if (c.details.fields?.version) emit(P.extension, `ALTER EXTENSION ${quoteIdent(e.name)} UPDATE TO ${quoteLiteral(e.version)}`);
  }
}

export function emitSchemaChange(ctx: MigrationBuild, c: Change): void {
  if (c.change === 'added') ctx.emit(P.schema, `CREATE SCHEMA ${quoteIdent(c.name)}`);
  else ctx.emit(P.dropSchema, `DROP SCHEMA ${quoteIdent(c.name)}`, { destructive: true, reason: `drops schema ${c.name}` });
}
