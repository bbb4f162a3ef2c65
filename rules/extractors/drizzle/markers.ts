import type { JsContext, Node } from '../../../src/extractor.js';
import type { DeclaredColumn, Location } from '../../../src/types.js';
import { propertyName, unwrap } from '../prisma/orm-shared.js';
import { creatorName, helperColumn, readColumns, type ImportedColumns } from './declarations.js';

// What crosses files. Extraction is per file, so a table whose columns come from another module (`...timestamps`,
// `createdAt: createdAt()` with the helpers in `_helpers.ts`), whose pgSchema is imported, a query through an alias
// or a relation declared in another module, and the `casing` of the client are stated as marker references (access
// `ddl`) that only resolveDrizzleReferences reads and removes:
//   drizzle-columns:<flags>   the module exports <relation.name>, which declares column <column> (key <written>);
//                             flags `keyAsName` when no name is written
//   drizzle-uses:<model>:<source>   table <model> spreads (kind relation) or calls (kind column, column = its key)
//                                   the export <relation.name> of module <source>
//   drizzle-alias:<alias>     the module exports <alias>, an alias of the table object <relation.name>
//   drizzle-tables:<namer>    the module exports <relation.name>, a pgSchema or pgTableCreator: {schema, pattern},
//                             the pattern's NAME_SLOT standing for the name written
//   drizzle-in:<source>       the table declared here is made by the export <relation.name> of module <source>
//   drizzle-key-name:         the column declared here is named by its key (<column>): `casing` converts it
//   drizzle-casing:<casing>   a drizzle() client or drizzle-kit config converts unnamed columns' keys
//   drizzle-relation:<model>.<field>   relations(<model>) declares <field>, a relation to table object <relation.name>

export const COLUMNS_NOTE = 'drizzle-columns:';
export const USES_NOTE = 'drizzle-uses:';
export const ALIAS_NOTE = 'drizzle-alias:';
export const TABLES_NOTE = 'drizzle-tables:';
export const IN_NOTE = 'drizzle-in:';
export const KEY_NAME_NOTE = 'drizzle-key-name:';
export const CASING_NOTE = 'drizzle-casing:';
export const RELATION_NOTE = 'drizzle-relation:';
/** Stands for the table name written in a `drizzle-tables:` pattern. */
export const NAME_SLOT = '\u0000';

/** How a pgSchema or pgTableCreator names its tables. */
export interface TableNamer {
  schema: string | null;
  pattern: string;
}

export function marker(
  ctx: JsContext, kind: 'relation' | 'column', name: string, at: Node | Location, note: string, column?: string, written = name,
): void {
  ctx.addReference({
    kind, relation: { schema: null, name }, ...(column !== undefined ? { column } : {}), access: 'ddl', written, quoted: false,
    confidence: 'inferred', location: 'type' in at ? ctx.locate((at as Node).start, (at as Node).end) : at, note,
  });
}

/** `pgSchema('s')` or `pgTableCreator((name) => …)`, as another module's tables would use it. */
function tableNamer(ctx: JsContext, init: Node): TableNamer | undefined {
  if (init.type !== 'CallExpression') return undefined;
  const fn = propertyName(init.callee);
  if (fn === 'pgSchema') {
    const schema = ctx.evaluate(init.arguments[0]);
    return schema === undefined ? undefined : { schema, pattern: NAME_SLOT };
  }
  const pattern = fn === 'pgTableCreator' ? creatorName(ctx, init.arguments[0], NAME_SLOT) : undefined;
  return pattern === undefined ? undefined : { schema: null, pattern };
}

/** States the columns a table takes from other modules. */
export function addImportedColumns(ctx: JsContext, model: string, imported: ImportedColumns[]): void {
  for (const use of imported) marker(ctx, use.field === undefined ? 'relation' : 'column', use.name, use.node, `${USES_NOTE}${model}:${use.source}`, use.field);
}

/** States a table made by an imported pgSchema or pgTableCreator (`at`: where the table is declared). */
export function addImportedNamer(ctx: JsContext, from: { name: string; source: string }, at: Node): void {
  marker(ctx, 'relation', from.name, at, `${IN_NOTE}${from.source}`);
}

/** `alias(table, 'name')` with `alias` from drizzle-orm: the table argument. */
export function aliasOf(ctx: JsContext, init: Node | undefined): Node | undefined {
  const call = unwrap(init);
  if (call?.type !== 'CallExpression' || call.callee.type !== 'Identifier') return undefined;
  const binding = ctx.imports.get(call.callee.name);
  return binding?.imported === 'alias' && binding.source.startsWith('drizzle-orm') ? unwrap(call.arguments[0]) : undefined;
}

/**
 * States what this module exports for other modules' tables: column helpers (`export const createdAt = () => …`),
 * column sets (`export const timestamps = { createdAt: …, updatedAt: … }`, every entry a Drizzle builder), pgSchema
 * objects and pgTableCreators, and aliases of table objects (`modelOf` names the table object an identifier stands for).
 */
export function addExportedColumns(ctx: JsContext, program: Node, modelOf: (node: Node | undefined) => string | undefined): void {
  for (const statement of program.body as Node[]) {
    const decl = statement.type === 'ExportNamedDeclaration' ? statement.declaration : undefined;
    if (decl?.type !== 'VariableDeclaration' || decl.kind !== 'const') continue;
    for (const d of decl.declarations as Node[]) {
      const init = unwrap(d.init);
      if (d.id.type !== 'Identifier' || !init) continue;
      const name = d.id.name as string;
      const emit = (c: DeclaredColumn, keyAsName = false) => {
        const flags = { type: c.type, nullable: c.nullable, ...(c.clientDefault ? { clientDefault: true } : {}), ...(keyAsName ? { keyAsName } : {}) };
        marker(ctx, 'column', name, d.id, COLUMNS_NOTE + JSON.stringify(flags), c.name, c.field ?? c.name);
      };
      const namer = tableNamer(ctx, init);
      if (namer) marker(ctx, 'relation', name, d.id, TABLES_NOTE + JSON.stringify(namer));
      else if (/FunctionExpression$/.test(init.type)) {
        const column = helperColumn(ctx, d.id, init);
        if (column) emit(column);
      } else if (init.type === 'ObjectExpression') {
        const set = readColumns(ctx, init, 0);
        if (set.columns.length > 0 && set.imported.length === 0 && set.drizzle.every(Boolean)) set.columns.forEach((c, i) => emit(c, set.keyAsName[i]));
      } else {
        const table = modelOf(aliasOf(ctx, init));
        if (table) marker(ctx, 'relation', table, d.id, `${ALIAS_NOTE}${name}`, undefined, name);
      }
    }
  }
}
