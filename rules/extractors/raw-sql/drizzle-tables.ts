import type { JsContext, Node } from '../../../src/extractor.js';
import { walk } from '../../../src/extract/js.js';
import type { SqlReference, TemplatePart } from '../../../src/sql/index.js';
import { tableCall } from '../drizzle/declarations.js';
import { aliasOf } from '../drizzle/markers.js';
import { collectTables, makeEmitter, NOTE_PREFIX, SQL_COLUMN_PREFIX, tableModel, type DrizzleState } from '../drizzle/usage.js';
import { quoteIdentifier, sqlTagRoot, unwrap } from './helpers.js';

// Drizzle renders a table object interpolated in its `sql` template as the table's quoted name (`"schema"."name"`,
// `"name" "alias"` for an `alias()`), and a column object as `"table"."column"`. A table declared in another module is
// named here by its export (the model): the text holds `"<model>"`, and the references to it carry the drizzle
// extractor's `drizzle-table:<model>` note, which resolveDrizzleReferences maps to the declared table and column.

/** Where an interpolated table object is a FROM/JOIN/INTO/UPDATE target. */
const TABLE_BEFORE = /\b(?:from|join|into|update|table|only|truncate)\s*$/i;

interface TableObject {
  /** The export the drizzle-table note names. */
  model: string;
  /** The SQL text Drizzle sends for it; the model stands for the table name when only the resolver knows the name. */
  text: string;
  /** The text holds the real table name (a `pgTable` of this file): its references need no resolving. */
  named: boolean;
  /** The drizzle extractor knows the object, and states `${table.column}` itself (as it does `table.column`). */
  known: boolean;
}

export interface DrizzleTables {
  /** What a table or column object interpolated in an SQL template stands for, to the classifier. */
  part(expression: Node): TemplatePart | undefined;
  /** Forgets the models of the previous text: call before building a text. */
  begin(): void;
  /** References of the text built since `begin`, those of table objects noted for the resolver. */
  resolve(references: SqlReference[]): SqlReference[];
  /** States `${table.column}` of a template for the table objects the drizzle extractor does not know. */
  columns(quasi: Node): void;
}

function columnKey(member: Node): string | undefined {
  if (member.computed || member.property.type !== 'Identifier') return undefined;
  const key = member.property.name as string;
  return key.startsWith('$') || key.startsWith('_') ? undefined : key;
}

export function drizzleTablesFor(ctx: JsContext): DrizzleTables {
  let state: DrizzleState | undefined;
  let proven: Set<string> | undefined;
  const used = new Set<string>();
  const emit = makeEmitter(ctx);

  const isImportedObject = (id: Node): boolean => {
    const binding = ctx.bindingOf(id);
    return (
      binding?.kind === 'import' &&
      binding.binding.imported !== '*' &&
      !binding.binding.source.startsWith('drizzle-orm') &&
      ctx.evaluate(id) === undefined
    );
  };

  /**
   * Imports that a Drizzle `sql` template of this file uses as a table (`FROM ${files} f`): table objects of another
   * module, which the drizzle extractor knows only when they appear in its query builder.
   */
  const provenImports = (): Set<string> => {
    if (proven) return proven;
    proven = new Set();
    walk(ctx.program, (node) => {
      if (node.type !== 'TaggedTemplateExpression') return;
      const tag = sqlTagRoot(node.tag);
      if (!tag || !ctx.imports.get(tag)?.source.startsWith('drizzle-orm')) return;
      const quasis = node.quasi.quasis as Node[];
      (node.quasi.expressions as Node[]).forEach((expression, i) => {
        const e = unwrap(expression);
        if (e?.type === 'Identifier' && TABLE_BEFORE.test(quasis[i]!.value.raw as string) && isImportedObject(e)) proven!.add(e.name);
      });
    });
    return proven;
  };

  /** `"schema"."name"` of a `pgTable` declared in this file, when its name is static. */
  const declaredName = (init: Node | undefined): string | undefined => {
    const table = init?.type === 'CallExpression' ? tableCall(ctx, init) : undefined;
    // A schema or name pattern imported from another module: only the resolver knows the name.
    if (!table || ('from' in table && table.from !== undefined)) return undefined;
    const written = ctx.evaluate(table.nameNode);
    const name = written === undefined ? undefined : table.mapName(written);
    if (name === undefined) return undefined;
    return (table.schema === null ? [name] : [table.schema, name]).map(quoteIdentifier).join('.');
  };

  const tableOf = (node: Node | undefined, depth = 0): TableObject | undefined => {
    const n = unwrap(node);
    if (!n || depth > 2 || (n.type !== 'Identifier' && n.type !== 'MemberExpression')) return undefined;
    state ??= collectTables(ctx, ctx.program);
    const model = tableModel(ctx, state, n);
    const known = model !== undefined;
    if (n.type === 'Identifier') {
      const init = unwrap(ctx.constantAt(n));
      const aliased = aliasOf(ctx, init);
      if (aliased) {
        const table = tableOf(aliased, depth + 1);
        const alias = ctx.evaluate(init!.arguments[1]);
        return table && alias !== undefined ? { ...table, text: `${table.text} ${quoteIdentifier(alias)}`, known } : undefined;
      }
      const named = declaredName(init);
      if (named !== undefined) return { model: model ?? n.name, text: named, named: true, known };
    }
    if (model !== undefined) return { model, text: quoteIdentifier(model), named: false, known };
    if (n.type !== 'Identifier' || !provenImports().has(n.name) || !isImportedObject(n)) return undefined;
    const binding = ctx.imports.get(n.name)!;
    const exported = binding.imported === 'default' ? n.name : binding.imported;
    return { model: exported, text: quoteIdentifier(exported), named: false, known: false };
  };

  /** Drizzle renders objects in its tagged templates only; a string template would hold `[object Object]`. */
  const inTaggedTemplate = (node: Node): boolean => {
    let parent = ctx.parentOf(node);
    while (parent && (unwrap(parent) !== parent || parent.type === 'ConditionalExpression')) parent = ctx.parentOf(parent);
    return parent?.type === 'TemplateLiteral' && ctx.parentOf(parent)?.type === 'TaggedTemplateExpression';
  };

  return {
    part(expression) {
      const e = unwrap(expression);
      if ((e?.type !== 'Identifier' && e?.type !== 'MemberExpression') || !inTaggedTemplate(e)) return undefined;
      const table = tableOf(e);
      if (table) {
        if (!table.named) used.add(table.model);
        return { kind: 'identifier', value: table.text };
      }
      // A placeholder: the column parses where Drizzle's `"table"."column"` would, and names nothing in the text;
      // its reference is stated from the member itself (`columns`, or the drizzle extractor).
      if (e.type === 'MemberExpression' && columnKey(e) !== undefined && tableOf(e.object)) return { kind: 'identifier' };
      return undefined;
    },
    begin() {
      used.clear();
    },
    resolve(references) {
      if (used.size === 0) return references;
      const isTable = (r: { schema: string | null; name: string }) => r.schema === null && used.has(r.name);
      return references.map((ref) => {
        if (ref.confidence === 'dynamic' || (ref.kind !== 'relation' && ref.kind !== 'column')) return ref;
        if (ref.candidates?.some(isTable)) {
          return { ...ref, confidence: 'dynamic', note: 'an unqualified column in a query with a Drizzle table object: its table is not known here' };
        }
        if (!isTable(ref.relation)) return ref;
        // A column written in the SQL text is a database name, not the table object's JS key: the resolver is told so.
        const prefix = ref.kind === 'column' ? SQL_COLUMN_PREFIX : NOTE_PREFIX;
        return { ...ref, confidence: 'inferred', note: `${prefix}:${ref.relation.name}` };
      });
    },
    columns(quasi) {
      for (const expression of quasi.expressions as Node[]) {
        const e = unwrap(expression);
        const key = e?.type === 'MemberExpression' ? columnKey(e) : undefined;
        const table = key === undefined ? undefined : tableOf(e!.object);
        if (table && !table.known) emit('column', e!, table.model, key!, 'read');
      }
    },
  };
}
