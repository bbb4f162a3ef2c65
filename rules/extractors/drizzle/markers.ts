import type { JsContext, Node } from '../../../src/extractor.js';
import { createModulePathResolver } from '../../../src/extract/module-paths.js';
import type { Declaration, DeclaredColumn, Reference } from '../../../src/types.js';
import { unwrap } from '../prisma/orm-shared.js';
import { helperColumn, readColumns, type ImportedColumns } from './declarations.js';

// Columns and table aliases that cross files. Extraction is per file, so a table whose columns come from another
// module (`...timestamps`, `createdAt: createdAt()` with the helpers in `_helpers.ts`) or a query through an alias
// exported by another module (`export const parent = alias(comments, 'parent')`) is stated as marker references
// (access `ddl`) that only resolveDrizzleReferences reads and removes:
//   drizzle-columns:<flags>   the module exports <relation.name>, which declares column <column> (key <written>)
//   drizzle-uses:<model>:<source>   table <model> spreads (kind relation) or calls (kind column, column = its key)
//                                   the export <relation.name> of module <source>
//   drizzle-alias:<alias>     the module exports <alias>, an alias of the table object <relation.name>

export const COLUMNS_NOTE = 'drizzle-columns:';
export const USES_NOTE = 'drizzle-uses:';
export const ALIAS_NOTE = 'drizzle-alias:';

function marker(ctx: JsContext, kind: 'relation' | 'column', name: string, node: Node, note: string, column?: string, written = name): void {
  ctx.addReference({
    kind, relation: { schema: null, name }, ...(column !== undefined ? { column } : {}), access: 'ddl', written, quoted: false,
    confidence: 'inferred', location: ctx.locate(node.start, node.end), note,
  });
}

/** States the columns a table takes from other modules. */
export function addImportedColumns(ctx: JsContext, model: string, imported: ImportedColumns[]): void {
  for (const use of imported) marker(ctx, use.field === undefined ? 'relation' : 'column', use.name, use.node, `${USES_NOTE}${model}:${use.source}`, use.field);
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
 * column sets (`export const timestamps = { createdAt: …, updatedAt: … }`, every entry a Drizzle builder) and
 * aliases of table objects (`modelOf` names the table object an identifier stands for).
 */
export function addExportedColumns(ctx: JsContext, program: Node, modelOf: (node: Node | undefined) => string | undefined): void {
  for (const statement of program.body as Node[]) {
    const decl = statement.type === 'ExportNamedDeclaration' ? statement.declaration : undefined;
    if (decl?.type !== 'VariableDeclaration' || decl.kind !== 'const') continue;
    for (const d of decl.declarations as Node[]) {
      const init = unwrap(d.init);
      if (d.id.type !== 'Identifier' || !init) continue;
      const name = d.id.name as string;
      const emit = (c: DeclaredColumn) =>
        marker(ctx, 'column', name, d.id, COLUMNS_NOTE + JSON.stringify({ type: c.type, nullable: c.nullable, ...(c.clientDefault ? { clientDefault: true } : {}) }), c.name, c.field ?? c.name);
      if (/FunctionExpression$/.test(init.type)) {
        const column = helperColumn(ctx, d.id, init);
        if (column) emit(column);
      } else if (init.type === 'ObjectExpression') {
        const set = readColumns(ctx, init, 0);
        if (set.columns.length > 0 && set.imported.length === 0 && set.drizzle.every(Boolean)) set.columns.forEach(emit);
      } else {
        const table = modelOf(aliasOf(ctx, init));
        if (table) marker(ctx, 'relation', table, d.id, `${ALIAS_NOTE}${name}`, undefined, name);
      }
    }
  }
}

interface Exported {
  file: string;
  columns: DeclaredColumn[];
}

/**
 * Applies the markers: adds spread columns and names helper-call columns in the declarations (replacing the
 * declaration objects in the array; cached per-file results are not touched), and returns the other references,
 * with references through an imported alias renamed to the aliased table object's.
 */
export function applyMarkers(references: Reference[], declarations: Declaration[], notePrefix: string): Reference[] {
  const exported = new Map<string, Exported[]>();
  const uses: Reference[] = [];
  const aliases = new Map<string, Set<string>>();
  const rest: Reference[] = [];
  for (const ref of references) {
    if (ref.note?.startsWith(COLUMNS_NOTE)) {
      const flags = JSON.parse(ref.note.slice(COLUMNS_NOTE.length)) as Pick<DeclaredColumn, 'type' | 'nullable' | 'clientDefault'>;
      const list = exported.get(ref.relation.name) ?? [];
      let entry = list.find((e) => e.file === ref.location.file);
      if (!entry) list.push((entry = { file: ref.location.file, columns: [] }));
      exported.set(ref.relation.name, list);
      entry.columns.push({ name: ref.column!, ...flags, location: ref.location, ...(ref.written !== ref.column ? { field: ref.written } : {}) });
    } else if (ref.note?.startsWith(USES_NOTE)) uses.push(ref);
    else if (ref.note?.startsWith(ALIAS_NOTE)) {
      const alias = ref.note.slice(ALIAS_NOTE.length);
      aliases.set(alias, (aliases.get(alias) ?? new Set()).add(ref.relation.name));
    } else rest.push(ref);
  }
  if (uses.length > 0) {
    const resolvePath = createModulePathResolver([...exported.values()].flat().map((e) => e.file));
    const find = (use: Reference, source: string): Exported | undefined => {
      const all = exported.get(use.relation.name) ?? [];
      if (all.length <= 1) return all[0];
      const file = resolvePath(use.location.file, source);
      return all.find((e) => e.file === file);
    };
    for (const use of uses) {
      const [model, source] = splitOnce(use.note!.slice(USES_NOTE.length));
      const index = declarations.findIndex((d) => d.extractor === 'drizzle' && d.model === model && d.location.file === use.location.file);
      const from = index < 0 ? undefined : find(use, source);
      if (!from) continue;
      const decl = declarations[index]!;
      if (use.column === undefined) {
        const own = new Set(decl.columns.map((c) => c.field ?? c.name));
        const added = from.columns.filter((c) => !own.has(c.field ?? c.name));
        declarations[index] = { ...decl, columns: [...decl.columns, ...added] };
        continue;
      }
      const helper = from.columns.length === 1 ? from.columns[0]! : undefined;
      if (!helper) continue;
      const field = use.column;
      declarations[index] = {
        ...decl,
        columns: decl.columns.map((c) => {
          if (c.name !== field || c.field !== undefined) return c;
          const { clientDefault: _d, ...own } = c;
          return {
            ...own,
            name: helper.name,
            ...(helper.type !== undefined ? { type: helper.type } : {}),
            nullable: (c.nullable ?? true) && (helper.nullable ?? true),
            ...(helper.name !== field ? { field } : {}),
            ...(c.clientDefault || helper.clientDefault ? { clientDefault: true } : {}),
          };
        }),
      };
    }
  }
  if (aliases.size === 0) return rest;
  const declared = new Set(declarations.filter((d) => d.extractor === 'drizzle').map((d) => d.model));
  return rest.map((ref) => {
    const model = ref.note?.startsWith(`${notePrefix}:`) ? ref.note.slice(notePrefix.length + 1) : undefined;
    const targets = model === undefined || declared.has(model) ? undefined : aliases.get(model);
    if (!targets || targets.size !== 1) return ref;
    const [target] = targets;
    return { ...ref, ...(ref.relation.name === model ? { relation: { ...ref.relation, name: target! } } : {}), note: `${notePrefix}:${target}` };
  });
}

function splitOnce(text: string): [string, string] {
  const at = text.indexOf(':');
  return [text.slice(0, at), text.slice(at + 1)];
}
