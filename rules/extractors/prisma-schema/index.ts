// https://github.com/dbref/dbref/blob/main/docs/rules/prisma-schema.md
import { defineExtractor, type FileContext } from '../../../src/extractor.js';
import { blankBlockComments } from './comments.js';
import { implicitJoinTables } from './implicit-many-to-many.js';
import { parsePrismaSchema, prismaModels } from './parse.js';

const id = 'prisma-schema';
const title = 'Prisma schema (schema.prisma models and views)';
const enablers = ['prisma', '@prisma/client'];
const keywords = ['model ', 'view '];
const files = ['**/*.prisma'];

function extractFile(ctx: FileContext): void {
  const source = blankBlockComments(ctx.source);
  let schema;
  try {
    schema = parsePrismaSchema(source);
  } catch (error) {
    const token = (error as { token?: { startOffset?: number } }).token;
    const offset = typeof token?.startOffset === 'number' && !Number.isNaN(token.startOffset) ? token.startOffset : null;
    ctx.skip(offset, `does not parse as a Prisma schema (${(error as Error).message})`);
    return;
  }
  const models = prismaModels(schema, source);
  for (const model of models) {
    ctx.addDeclaration({
      relation: { schema: model.schema, name: model.table },
      model: model.name,
      columns: model.columns.map((c) => ({
        name: c.column,
        type: c.type,
        nullable: c.nullable,
        location: ctx.locate(c.offset, c.offset + c.field.length),
        ...(c.field !== c.column ? { field: c.field } : {}),
        ...(c.clientDefault ? { clientDefault: true } : {}),
      })),
      ...(model.associations.length > 0
        ? { associations: model.associations.map(({ field, model: target, fields }) => ({ field, model: target, ...(fields ? { fields } : {}) })) }
        : {}),
      confidence: 'exact',
      location: ctx.locate(model.nameOffset, model.nameOffset + model.name.length),
    });
  }
  // No model names the join table: it has no `model`, and every use of it goes through the two relation fields.
  for (const table of implicitJoinTables(models)) {
    ctx.addDeclaration({
      relation: { schema: table.schema, name: table.name },
      columns: table.columns.map((c) => ({ ...c, nullable: false })),
      confidence: 'exact',
      location: ctx.locate(table.field.offset, table.field.offset + table.field.field.length),
    });
  }
}

export default defineExtractor({ id, title, enablers, keywords, files, languages: ['prisma'], extractFile });
