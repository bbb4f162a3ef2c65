// Tables in scope of one builder query ('users as u', joins, withSchema) and column strings resolved against them.
// Shared by the knex and kysely extractors, whose string conventions are the same.
import type { JsContext, Node } from '../../../src/extractor.js';
import type { Access, Confidence, QualifiedName, ValueHint } from '../../../src/types.js';
import { assignedName, chainAbove, keepsCase, nameString, unwrap, valueHint, type ChainCall, type ObjectKey, type StaticString } from '../supabase-js/shared.js';

const NAME_EXPRESSIONS = new Set(['Identifier', 'MemberExpression', 'TemplateLiteral', 'BinaryExpression', 'ConditionalExpression', 'LogicalExpression']);

export interface ScopeTable {
  relation: QualifiedName;
  alias?: string;
  written: string;
  /** Where the table name is written (for the relation reference). */
  text: StaticString;
  start: number;
  end: number;
}

/** `users`, `public.users`, `users as u`, `users AS u`, `users u` (Kysely also accepts the last). */
export function parseTableSpec(text: StaticString): Omit<ScopeTable, 'relation'> & { schema: string | null; name: string } | undefined {
  const match = /^(\s*)([^\s]+?)(?:\s+(?:as\s+)?([^\s]+))?\s*$/i.exec(text.value);
  if (!match) return undefined;
  const start = match[1]!.length;
  const full = match[2]!;
  const dot = full.lastIndexOf('.');
  const name = full.slice(dot + 1);
  const schema = dot > 0 ? full.slice(0, dot) : null;
  return { schema, name, written: full, ...(match[3] ? { alias: match[3] } : {}), text, start, end: start + full.length };
}

export interface ColumnSpec {
  qualifier?: string;
  schema?: string;
  column: string;
  start: number;
  end: number;
}

/** `col`, `t.col`, `s.t.col`, `col as alias`, `col desc`; `*` and `t.*` name no column. */
export function parseColumnSpec(value: string): ColumnSpec | undefined {
  const match = /^(\s*)(\S+)(\s+(as\s+\S+|asc|desc)\b.*)?\s*$/i.exec(value);
  if (!match) return undefined;
  const parts = match[2]!.split('.');
  const column = parts.pop()!;
  if (column === '*' || column === '' || !/^[\w$]+$/.test(column)) return undefined;
  const start = match[1]!.length + match[2]!.length - column.length;
  const spec: ColumnSpec = { column, start, end: start + column.length };
  if (parts.length > 0) spec.qualifier = parts.pop()!;
  if (parts.length > 0) spec.schema = parts.join('.');
  return spec;
}

export class QueryScope {
  readonly tables: ScopeTable[] = [];
  /** A table name in this query could not be computed: unqualified columns cannot be placed. */
  dynamic = false;
  readonly ctes = new Set<string>();

  constructor(readonly ctx: JsContext, readonly extractor: string) {}

  /** Adds a table written as a string ('users as u') and emits its relation reference; anything else makes the scope dynamic. */
  addTable(node: Node | undefined, access: Access, schema: string | null, provides?: string[]): void {
    const text = nameString(this.ctx, node);
    const spec = text ? parseTableSpec(text) : undefined;
    if (!node || !text || !spec) {
      this.dynamic = true;
      const inner = unwrap(node);
      if (!node || !inner || !NAME_EXPRESSIONS.has(inner.type)) return;
      const written = this.ctx.source.slice(node.start, node.end);
      this.ctx.addReference({
        kind: 'relation', relation: { schema, name: written }, access, written, quoted: false, confidence: 'dynamic',
        location: this.ctx.locate(node.start, node.end), note: 'table name is not a constant',
      });
      return;
    }
    if (spec.schema === null && this.ctes.has(spec.name)) {
      // A CTE is not a table; its columns cannot be placed.
      if (spec.alias !== undefined) this.ctes.add(spec.alias);
      this.dynamic = true;
      return;
    }
    const relation = { schema: spec.schema ?? schema, name: spec.name };
    this.tables.push({ relation, written: spec.written, text, start: spec.start, end: spec.end, ...(spec.alias ? { alias: spec.alias } : {}) });
    this.ctx.addReference({
      kind: 'relation', relation, access, written: spec.written, quoted: keepsCase(spec.name), confidence: 'exact',
      location: text.locate(spec.start, spec.end), ...(provides ? { provides } : {}),
    });
  }

  find(qualifier: string): ScopeTable | undefined {
    return this.tables.find((t) => t.alias === qualifier) ?? this.tables.find((t) => t.relation.name === qualifier && !t.alias);
  }

  /** Emits a column reference for a column string (or an object key) written in this query. */
  column(text: StaticString, access: Access, values?: ValueHint[]): void {
    const spec = parseColumnSpec(text.value);
    if (!spec) return;
    const placed = this.place(spec);
    if (!placed) return;
    this.ctx.addReference({
      kind: 'column', relation: placed.relation, column: spec.column, access, written: text.value.slice(spec.start, spec.end),
      quoted: keepsCase(spec.column), confidence: placed.confidence, location: text.locate(spec.start, spec.end),
      ...(placed.candidates ? { candidates: placed.candidates } : {}),
      ...(placed.note ? { note: placed.note } : {}),
      ...(values && values.length > 0 ? { values } : {}),
    });
  }

  columnNode(node: Node | undefined, access: Access, values?: ValueHint[]): void {
    const text = nameString(this.ctx, node);
    if (text) this.column(text, access, values);
  }

  place(spec: ColumnSpec): { relation: QualifiedName; confidence: Confidence; candidates?: QualifiedName[]; note?: string } | undefined {
    if (spec.qualifier !== undefined) {
      if (spec.schema !== undefined) return { relation: { schema: spec.schema, name: spec.qualifier }, confidence: 'exact' };
      const table = this.find(spec.qualifier);
      if (table) return { relation: table.relation, confidence: 'exact' };
      if (this.ctes.has(spec.qualifier) || this.dynamic) return undefined;
      return { relation: { schema: null, name: spec.qualifier }, confidence: 'inferred', note: `"${spec.qualifier}" is not a table or alias of this query` };
    }
    const tables = this.tables;
    if (this.dynamic || tables.length === 0) return undefined;
    if (tables.length === 1) return { relation: tables[0]!.relation, confidence: 'exact' };
    return { relation: tables[0]!.relation, confidence: 'inferred', candidates: tables.map((t) => t.relation) };
  }
}

/**
 * Query builders kept in variables (`const q = knex('t')` then `q.where(...)`, `query = query.where(...)`), tracked by
 * name in source order, so calls on the variable add to the same query. Shared by the Knex and Kysely extractors.
 */
export function createQueryTracker(
  ctx: JsContext,
  readChain: (ctx: JsContext, calls: ChainCall[], existing?: QueryScope) => QueryScope,
) {
  const queries = new Map<string, QueryScope>();
  return {
    /** Reads the chain above `root` (starting with `first`) and remembers it under the variable it is assigned to. */
    read(root: Node, first: ChainCall, existing?: QueryScope): void {
      const { calls, top } = chainAbove(ctx, root);
      const scope = readChain(ctx, [first, ...calls], existing);
      const name = assignedName(ctx, top);
      if (name) queries.set(name, scope);
    },
    /** A new declaration of the name starts over. */
    forget(declarator: Node): void {
      if (declarator.id.type === 'Identifier') queries.delete(declarator.id.name);
    },
    stored(object: Node | undefined): QueryScope | undefined {
      return object?.type === 'Identifier' ? queries.get(object.name) : undefined;
    },
  };
}

/**
 * Object keys as columns of the query's table (`.insert({ a: 1 })`, `.where({ a })`, Kysely `.values/.set`), located
 * inside the key when it is written as a plain name, with the value written as a hint. Shared by Knex and Kysely.
 */
export function keyColumns(scope: QueryScope, keys: readonly ObjectKey[], access: Access): void {
  for (const key of keys) {
    const hint = valueHint(scope.ctx, key.value);
    const at = key.location;
    const exact = at.line === at.endLine && at.endColumn - at.column === key.name.length;
    const locate = (s: number, e: number) => (exact ? { ...at, column: at.column + s, endColumn: at.column + e } : at);
    scope.column({ value: key.name, node: key.value, locate }, access, hint ? [hint] : undefined);
  }
}
