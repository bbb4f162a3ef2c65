import type { Access, QualifiedName, ValueHint } from '../types.js';
import { BUILTIN_FUNCTIONS, BUILTIN_TYPES } from './builtins.generated.js';
import { rangeFunctionColumns } from './function-columns.js';
import type { AnalyzeSqlOptions, SqlReference } from './index.js';
import { PLACEHOLDER_PREFIX } from './js-text.js';
import { nodeType, str, type Json, type Scope, type Source } from './pg-tree.js';
import { ByteOffsets, findNameChain, readNameChain, stringLiteralEnd, type NamePart } from './scan.js';

const COMPARISON_OPS = new Set(['=', '<>', '!=']);
const PLACEHOLDER = new RegExp(`${PLACEHOLDER_PREFIX}(\\d+)__`, 'g');

/**
 * Records references and resolves names below the statement level: FROM items, column references, expressions,
 * function calls and type names. Subqueries reach back into the statement visitors through `statement`.
 */
export abstract class ExpressionAnalyzer {
  readonly refs: { at: number; ref: SqlReference }[] = [];
  readonly #bytes: ByteOffsets;

  constructor(
    readonly text: string,
    readonly options: AnalyzeSqlOptions,
  ) {
    this.#bytes = new ByteOffsets(text);
  }

  at(byteLocation: number | undefined): number {
    return this.#bytes.toIndex(byteLocation ?? 0);
  }

  written(start: number, end: number): string {
    const raw = this.text.slice(start, end);
    if (!raw.includes(PLACEHOLDER_PREFIX)) return raw;
    return raw.replace(PLACEHOLDER, (_, i: string) => `\${${this.options.placeholders?.[Number(i)] ?? '…'}}`);
  }

  isPlaceholder(name: string | undefined): boolean {
    return name !== undefined && name.startsWith(PLACEHOLDER_PREFIX);
  }

  add(start: number, end: number, ref: Omit<SqlReference, 'location' | 'written'>, written = this.written(start, end)): void {
    let full: SqlReference = { ...ref, written, location: this.options.locate(start, end) } as SqlReference;
    if (this.options.dynamic && full.confidence !== 'dynamic') {
      full = { ...full, confidence: 'dynamic', note: 'the query text is partly built at run time' };
    }
    this.refs.push({ at: start, ref: full });
  }

  cteColumns(scope: Scope | undefined, name: string): Set<string> | null | undefined {
    for (let s = scope; s; s = s.parent) {
      if (s.ctes?.has(name)) return s.ctes.get(name);
    }
    return undefined;
  }

  addWith(withClause: Json, scope: Scope): void {
    if (!withClause) return;
    scope.ctes ??= new Map();
    for (const item of (withClause.ctes as Json[]) ?? []) {
      const cte = item.CommonTableExpr;
      if (!cte) continue;
      const name = cte.ctename as string;
      if (withClause.recursive) scope.ctes.set(name, null);
      const columns = this.statement(cte.ctequery, { sources: [], parent: scope, ctes: undefined });
      const aliases = (cte.aliascolnames as Json[] | undefined)?.map(str).filter((s): s is string => !!s);
      scope.ctes.set(name, aliases && aliases.length > 0 ? new Set(aliases) : columns);
    }
  }

  relationSource(rangeVar: Json, scope: Scope, access: Access, extra: Partial<SqlReference> = {}): Source | undefined {
    const relname = rangeVar.relname as string | undefined;
    if (!relname) return undefined;
    const schema = (rangeVar.schemaname as string | undefined) ?? null;
    const alias = rangeVar.alias?.aliasname as string | undefined;
    if (schema === null && access === 'read') {
      const cte = this.cteColumns(scope, relname);
      if (cte !== undefined) return { name: alias ?? relname, columns: cte };
    }
    const start = this.at(rangeVar.location);
    const chain = readNameChain(this.text, start);
    const end = chain.length > 0 ? chain[chain.length - 1]!.end : start + relname.length;
    const dynamic = this.isPlaceholder(relname) || this.isPlaceholder(schema ?? undefined);
    const written = this.written(start, end);
    const relation: QualifiedName = dynamic
      ? { schema: this.isPlaceholder(schema ?? undefined) ? null : schema, name: written }
      : { schema, name: relname };
    this.add(
      start,
      end,
      {
        kind: 'relation',
        relation,
        access,
        quoted: chain[chain.length - 1]?.quoted ?? false,
        confidence: dynamic ? 'dynamic' : 'exact',
        ...(dynamic ? { note: 'the table name is computed at run time' } : {}),
        ...extra,
      },
      written,
    );
    return { name: alias ?? (dynamic ? written : relname), relation, dynamic };
  }

  fromItem(item: Json, scope: Scope): void {
    const type = nodeType(item);
    const body = type ? item[type] : undefined;
    switch (type) {
      case 'RangeVar': {
        const source = this.relationSource(body, scope, 'read');
        if (source) scope.sources.push(source);
        return;
      }
      case 'JoinExpr': {
        const before = scope.sources.length;
        this.fromItem(body.larg, scope);
        const middle = scope.sources.length;
        this.fromItem(body.rarg, scope);
        if (body.usingClause) this.usingColumns(body, scope.sources.slice(before, middle), scope.sources.slice(middle));
        if (body.quals) this.expr(body.quals, scope);
        return;
      }
      case 'RangeSubselect': {
        const parent: Scope = body.lateral ? scope : { sources: [], parent: scope.parent, ctes: scope.ctes };
        const columns = this.statement(body.subquery, parent);
        const alias = body.alias?.aliasname as string | undefined;
        const aliasCols = (body.alias?.colnames as Json[] | undefined)?.map(str).filter((s): s is string => !!s);
        scope.sources.push({ name: alias ?? '', columns: aliasCols?.length ? new Set(aliasCols) : columns });
        return;
      }
      case 'RangeFunction': {
        this.expr(body.functions, scope);
        const alias = body.alias?.aliasname as string | undefined;
        const firstCall = body.functions?.[0]?.List?.items?.[0]?.FuncCall;
        const fname = firstCall ? str(firstCall.funcname?.[firstCall.funcname.length - 1]) : undefined;
        scope.sources.push({ name: alias ?? fname ?? '', columns: rangeFunctionColumns(body) });
        return;
      }
      case 'RangeTableSample':
        this.fromItem(body.relation, scope);
        this.expr(body.args, scope);
        return;
      default:
        // XMLTABLE, JSON_TABLE and the like: columns are not table columns.
        if (body) this.expr(body, scope);
        scope.sources.push({ name: body?.alias?.aliasname ?? '', columns: null });
    }
  }

  usingColumns(join: Json, left: Source[], right: Source[]): void {
    const rarg = join.rarg?.RangeVar;
    let from = rarg ? this.at(rarg.location) : 0;
    for (const col of join.usingClause as Json[]) {
      const name = str(col);
      if (!name) continue;
      const chain = findNameChain(this.text, from, [name]);
      if (!chain) continue;
      from = chain[0]!.end;
      for (const side of [left, right]) {
        const relations = side.filter((s) => s.relation);
        if (side.length !== 1 || relations.length !== 1) continue;
        this.columnAt(relations[0]!, name, chain[0]!, 'read');
      }
    }
  }

  columnAt(source: Source, column: string, part: NamePart, access: Access, values?: ValueHint[], start = part.start): void {
    this.add(start, part.end, {
      kind: 'column',
      relation: source.relation!,
      column,
      access,
      quoted: part.quoted,
      confidence: source.dynamic ? 'dynamic' : 'exact',
      ...(source.dynamic ? { note: 'the table name is computed at run time' } : {}),
      ...(values && values.length > 0 ? { values } : {}),
    });
  }

  findSource(scope: Scope, qualifier: string[]): Source | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      for (const source of s.sources) {
        if (qualifier.length === 1 && source.name === qualifier[0]) return source;
        if (
          qualifier.length === 2 &&
          source.relation &&
          source.relation.name === qualifier[1] &&
          source.relation.schema === qualifier[0] &&
          source.name === source.relation.name
        )
          return source;
      }
    }
    return undefined;
  }

  columnRef(body: Json, scope: Scope, access: Access, values?: ValueHint[]): void {
    const fields = body.fields as Json[];
    if (!fields || fields.length === 0 || fields.some((f) => !f.String)) return; // `*` and `t.*` name no column
    const names = fields.map((f) => f.String.sval as string);
    const column = names[names.length - 1]!;
    if (this.isPlaceholder(column)) return;
    const start = this.at(body.location);
    const chain = readNameChain(this.text, start);
    const part = chain[chain.length - 1];
    if (!part || chain.length !== names.length) return;
    if (names.length > 1) {
      const source = this.findSource(scope, names.slice(0, -1));
      if (source?.relation) this.columnAt(source, column, part, access, values, start);
      return;
    }
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (s.outputs?.has(column)) return;
      if (s.sources.length === 0) continue;
      // `row_to_json(u)`, `json_agg(users)`: a FROM item's name alone is its whole row, not a column.
      if (s.sources.some((src) => src.name === column)) return;
      if (s.sources.some((src) => !src.relation && src.columns?.has(column))) return;
      // A source whose columns are unknown here (a user function, `SELECT *`) may be the one that has it.
      if (s.sources.some((src) => !src.relation && src.columns === null)) return;
      const relations = s.sources.filter((src) => src.relation);
      if (relations.length === 0) return;
      if (relations.length === 1 && s.sources.length === 1) {
        this.columnAt(relations[0]!, column, part, access, values);
        return;
      }
      const candidates = relations.map((r) => r.relation!);
      const dynamic = relations.some((r) => r.dynamic);
      this.add(part.start, part.end, {
        kind: 'column',
        relation: candidates[0]!,
        column,
        access,
        quoted: part.quoted,
        confidence: dynamic ? 'dynamic' : 'inferred',
        candidates,
        ...(dynamic ? { note: 'a table name is computed at run time' } : {}),
        ...(values && values.length > 0 ? { values } : {}),
      });
      return;
    }
  }

  stringValue(node: Json): ValueHint | undefined {
    const type = nodeType(node);
    if (type === 'TypeCast') return this.stringValue(node.TypeCast.arg);
    if (type !== 'A_Const' || node.A_Const.sval === undefined) return undefined;
    const start = this.at(node.A_Const.location);
    const end = stringLiteralEnd(this.text, start) ?? start;
    return { kind: 'string', text: node.A_Const.sval.sval ?? '', location: this.options.locate(start, end) };
  }

  expr(node: Json, scope: Scope): void {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) this.expr(item, scope);
      return;
    }
    const type = nodeType(node);
    if (!type) {
      for (const key in node) {
        const value = node[key];
        if (value !== null && typeof value === 'object') this.expr(value, scope);
      }
      return;
    }
    const body = node[type];
    switch (type) {
      case 'ColumnRef':
        this.columnRef(body, scope, 'read');
        return;
      case 'FuncCall':
        this.funcCall(body, 'call');
        this.expr(body.args, scope);
        this.expr(body.agg_order, scope);
        this.expr(body.agg_filter, scope);
        this.expr(body.over, scope);
        return;
      case 'SubLink':
        this.expr(body.testexpr, scope);
        this.statement(body.subselect, scope);
        return;
      case 'A_Expr': {
        const comparison = body.kind === 'AEXPR_OP' && COMPARISON_OPS.has(str(body.name?.[0]) ?? '');
        if (comparison && nodeType(body.rexpr) === 'ColumnRef' && nodeType(body.lexpr) !== 'ColumnRef') {
          // 'paid' = status
          const value = this.stringValue(body.lexpr);
          this.expr(body.lexpr, scope);
          this.columnRef(body.rexpr.ColumnRef, scope, 'read', value ? [value] : undefined);
          return;
        }
        const left = nodeType(body.lexpr) === 'ColumnRef' ? body.lexpr.ColumnRef : undefined;
        if (left && (body.kind === 'AEXPR_IN' || comparison)) {
          const right = Array.isArray(body.rexpr) ? body.rexpr : body.rexpr?.List ? body.rexpr.List.items : [body.rexpr];
          const values = (right as Json[]).map((r) => this.stringValue(r)).filter((v): v is ValueHint => !!v);
          this.columnRef(left, scope, 'read', values);
          this.expr(body.rexpr, scope);
          return;
        }
        this.expr(body.lexpr, scope);
        this.expr(body.rexpr, scope);
        return;
      }
      case 'TypeCast':
        this.expr(body.arg, scope);
        this.typeName(body.typeName);
        return;
      case 'SelectStmt':
      case 'InsertStmt':
      case 'UpdateStmt':
      case 'DeleteStmt':
        this.statement(node, scope);
        return;
      default:
        this.expr(body, scope);
    }
  }

  /**
   * A function or type name that is not PostgreSQL's own, with where its written name chain starts and its last
   * part; undefined for built-ins and for names the text does not spell out as the tree has them.
   */
  userDefinedName(
    nameNodes: Json[] | undefined,
    location: number | undefined,
    builtins: ReadonlySet<string>,
  ): { relation: QualifiedName; start: number; last: NamePart } | undefined {
    const names = nameNodes?.map(str) ?? [];
    if (names.length === 0 || names.some((n) => n === undefined)) return undefined;
    const name = names[names.length - 1]!;
    const schema = names.length > 1 ? names[names.length - 2]! : null;
    if (schema === 'pg_catalog' || (schema === null && builtins.has(name))) return undefined;
    const start = this.at(location);
    const chain = readNameChain(this.text, start);
    const last = chain[chain.length - 1];
    if (!last || chain.length !== names.length) return undefined;
    return { relation: { schema, name }, start, last };
  }

  funcCall(body: Json, access: Access): void {
    const found = this.userDefinedName(body.funcname, body.location, BUILTIN_FUNCTIONS);
    if (!found) return;
    const { relation, start, last } = found;
    const args = (body.args as Json[] | undefined) ?? [];
    const named = args.map((a) => (a.NamedArgExpr?.name as string | undefined) ?? '');
    this.add(start, last.end, {
      kind: 'function',
      relation,
      access,
      quoted: last.quoted,
      confidence: 'exact',
      argCount: args.length,
      ...(named.some((n) => n !== '') ? { argNames: named } : {}),
    });
  }

  typeName(typeName: Json): void {
    const found = this.userDefinedName(typeName?.names, typeName?.location, BUILTIN_TYPES);
    if (!found) return;
    const { relation, start, last } = found;
    this.add(start, last.end, {
      kind: 'type',
      relation,
      access: 'read',
      quoted: last.quoted,
      confidence: 'exact',
    });
  }

  /** Analyses one statement node; returns the output column names when known (for CTEs and subqueries). */
  abstract statement(node: Json, parent: Scope | undefined): Set<string> | null;
}
