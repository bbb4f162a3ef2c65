import { parseSync } from 'libpg-query';
import type { Access, Confidence, QualifiedName, ValueHint } from '../types.js';
import { BUILTIN_FUNCTIONS, BUILTIN_TYPES } from './builtins.generated.js';
import type { AnalyzeSqlOptions, SqlReference } from './index.js';
import { PLACEHOLDER_PREFIX } from './js-text.js';
import { ByteOffsets, findNameChain, readIdentifier, readNameChain, stringLiteralEnd, type NamePart } from './scan.js';

// libpg-query's JSON tree: every node is `{ TypeName: body }`, lists are arrays of such nodes.
type Json = any;

export function parseSqlText(text: string): { stmts: Json[] } | { error: string } {
  try {
    // The parser reads a C string: a NUL would silently end the text. A space keeps every offset where it was.
    const result = parseSync(text.includes('\0') ? text.replaceAll('\0', ' ') : text) as Json;
    return { stmts: (result?.stmts as Json[] | undefined) ?? [] };
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const at = details?.cursorPosition;
    const where = typeof at === 'number' && at >= 0 ? ` (offset ${new ByteOffsets(text).toIndex(at)})` : '';
    return { error: `${(error as Error).message}${where}` };
  }
}

/** A FROM item in scope: a real relation, or something whose columns are not table columns (CTE, subquery). */
interface Source {
  /** The name the query uses for it: the alias, else the relation name. */
  name: string;
  relation?: QualifiedName;
  dynamic?: boolean;
  /** Output columns of a derived source when known; `null` when unknown (`SELECT *`). */
  columns?: Set<string> | null;
}

interface Scope {
  sources: Source[];
  parent: Scope | undefined;
  ctes: Map<string, Set<string> | null> | undefined;
  /** Output column aliases, visible to ORDER BY / GROUP BY. */
  outputs?: Set<string>;
}

const COMPARISON_OPS = new Set(['=', '<>', '!=']);
const PLACEHOLDER = new RegExp(`${PLACEHOLDER_PREFIX}(\\d+)__`, 'g');

function nodeType(node: Json): string | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  return keys.length === 1 && /^[A-Z]/.test(keys[0]!) ? keys[0] : undefined;
}

function str(node: Json): string | undefined {
  return node?.String?.sval;
}

class Analyzer {
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

  // --- scopes -------------------------------------------------------------------------------------------------

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
        const aliasCols = (body.alias?.colnames as Json[] | undefined)?.map(str).filter((s): s is string => !!s);
        const firstCall = body.functions?.[0]?.List?.items?.[0]?.FuncCall;
        const fname = firstCall ? str(firstCall.funcname?.[firstCall.funcname.length - 1]) : undefined;
        const defCols = (body.coldeflist as Json[] | undefined)?.map((c) => c.ColumnDef?.colname as string);
        const columns = aliasCols?.length ? new Set(aliasCols) : defCols?.length ? new Set(defCols) : null;
        scope.sources.push({ name: alias ?? fname ?? '', columns });
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

  // --- column references ----------------------------------------------------------------------------------------

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
      if (s.sources.some((src) => !src.relation && src.columns?.has(column))) return;
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

  // --- expressions ------------------------------------------------------------------------------------------------

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

  funcCall(body: Json, access: Access): void {
    const names = (body.funcname as Json[] | undefined)?.map(str) ?? [];
    if (names.length === 0 || names.some((n) => n === undefined)) return;
    const name = names[names.length - 1]!;
    const schema = names.length > 1 ? names[names.length - 2]! : null;
    if (schema === 'pg_catalog' || (schema === null && BUILTIN_FUNCTIONS.has(name))) return;
    const start = this.at(body.location);
    const chain = readNameChain(this.text, start);
    const last = chain[chain.length - 1];
    if (!last || chain.length !== names.length) return;
    const args = (body.args as Json[] | undefined) ?? [];
    const named = args.map((a) => (a.NamedArgExpr?.name as string | undefined) ?? '');
    this.add(start, last.end, {
      kind: 'function',
      relation: { schema, name },
      access,
      quoted: last.quoted,
      confidence: 'exact',
      argCount: args.length,
      ...(named.some((n) => n !== '') ? { argNames: named } : {}),
    });
  }

  typeName(typeName: Json): void {
    const names = (typeName?.names as Json[] | undefined)?.map(str) ?? [];
    if (names.length === 0 || names.some((n) => n === undefined)) return;
    const name = names[names.length - 1]!;
    const schema = names.length > 1 ? names[names.length - 2]! : null;
    if (schema === 'pg_catalog' || (schema === null && BUILTIN_TYPES.has(name))) return;
    const start = this.at(typeName.location);
    const chain = readNameChain(this.text, start);
    const last = chain[chain.length - 1];
    if (!last || chain.length !== names.length) return;
    this.add(start, last.end, {
      kind: 'type',
      relation: { schema, name },
      access: 'read',
      quoted: last.quoted,
      confidence: 'exact',
    });
  }

  // --- statements -------------------------------------------------------------------------------------------------

  /** Analyses one statement node; returns the output column names when known (for CTEs and subqueries). */
  statement(node: Json, parent: Scope | undefined): Set<string> | null {
    const type = nodeType(node);
    if (!type) return null;
    const body = node[type];
    switch (type) {
      case 'SelectStmt':
        return this.select(body, parent);
      case 'InsertStmt':
        return this.insert(body, parent);
      case 'UpdateStmt':
        return this.update(body, parent);
      case 'DeleteStmt':
        return this.delete(body, parent);
      case 'CreateStmt':
      case 'AlterTableStmt':
      case 'IndexStmt':
      case 'RefreshMatViewStmt':
        if (body.relation) this.relationSource(body.relation, scopeOf(parent), 'ddl');
        return null;
      case 'ViewStmt':
        this.relationSource(body.view, scopeOf(parent), 'ddl');
        this.statement(body.query, parent);
        return null;
      case 'CreateTableAsStmt':
        if (body.into?.rel) this.relationSource(body.into.rel, scopeOf(parent), 'ddl');
        this.statement(body.query, parent);
        return null;
      case 'DropStmt':
        this.drop(body);
        return null;
      case 'TruncateStmt':
        for (const rel of (body.relations as Json[]) ?? []) if (rel.RangeVar) this.relationSource(rel.RangeVar, scopeOf(parent), 'delete');
        return null;
      case 'LockStmt':
        for (const rel of (body.relations as Json[]) ?? []) if (rel.RangeVar) this.relationSource(rel.RangeVar, scopeOf(parent), 'read');
        return null;
      case 'CopyStmt':
        return this.copy(body, parent);
      case 'ExplainStmt':
      case 'PrepareStmt':
        return this.statement(body.query, parent);
      case 'DeclareCursorStmt':
        return this.statement(body.query, parent);
      case 'CallStmt':
        if (body.funccall) {
          this.funcCall(body.funccall, 'call');
          this.expr(body.funccall.args, scopeOf(parent));
        }
        return null;
      case 'CreateFunctionStmt':
      case 'DoStmt':
      case 'CreateTrigStmt':
      case 'CreatePolicyStmt':
      case 'CommentStmt':
      case 'GrantStmt':
      case 'VariableSetStmt':
      case 'TransactionStmt':
        return null;
      default:
        this.expr(body, scopeOf(parent));
        return null;
    }
  }

  select(sel: Json, parent: Scope | undefined): Set<string> | null {
    const scope: Scope = { sources: [], parent, ctes: undefined };
    this.addWith(sel.withClause, scope);
    if (sel.op && sel.op !== 'SETOP_NONE') {
      const columns = this.select(sel.larg, scope);
      this.select(sel.rarg, scope);
      return columns;
    }
    if (sel.valuesLists) this.expr(sel.valuesLists, scope);
    for (const item of (sel.fromClause as Json[]) ?? []) this.fromItem(item, scope);
    const outputs = new Set<string>();
    let known = true;
    for (const target of (sel.targetList as Json[]) ?? []) {
      const rt = target.ResTarget;
      if (!rt) continue;
      this.expr(rt.val, scope);
      const name = (rt.name as string | undefined) ?? outputName(rt.val);
      if (name === undefined) known = false;
      else if (name !== '?column?') outputs.add(name);
    }
    this.expr(sel.distinctClause, scope);
    this.expr(sel.whereClause, scope);
    this.expr(sel.havingClause, scope);
    this.expr(sel.windowClause, scope);
    this.expr(sel.limitCount, scope);
    this.expr(sel.limitOffset, scope);
    const aliases: Scope = { ...scope, outputs: new Set((sel.targetList as Json[] | undefined)?.map((t) => t.ResTarget?.name).filter(Boolean)) };
    this.expr(sel.groupClause, aliases);
    this.expr(sel.sortClause, aliases);
    return known ? outputs : null;
  }

  insert(ins: Json, parent: Scope | undefined): Set<string> | null {
    const scope: Scope = { sources: [], parent, ctes: undefined };
    this.addWith(ins.withClause, scope);
    const cols = ((ins.cols as Json[] | undefined) ?? []).map((c) => c.ResTarget).filter(Boolean);
    const provides = cols.map((c) => c.name as string);
    const target = this.relationSource(ins.relation, scope, 'insert', cols.length > 0 ? { provides } : {});
    if (target?.relation) {
      const values = insertValues(this, ins.selectStmt, cols.length);
      cols.forEach((c, i) => {
        const part = readIdentifier(this.text, this.at(c.location));
        if (part) this.columnAt(target, c.name, part, 'insert', values[i]);
      });
    }
    if (ins.selectStmt) this.statement(ins.selectStmt, scope);
    const own: Scope = { sources: target?.relation ? [target] : [], parent: scope, ctes: undefined };
    const conflict = ins.onConflictClause;
    if (conflict && target?.relation) {
      const infer = conflict.infer;
      let from = this.at(infer?.location ?? conflict.location);
      for (const elem of (infer?.indexElems as Json[]) ?? []) {
        const name = elem.IndexElem?.name as string | undefined;
        if (!name) {
          this.expr(elem.IndexElem?.expr, own);
          continue;
        }
        const chain = findNameChain(this.text, from, [name]);
        if (!chain) continue;
        from = chain[0]!.end;
        this.columnAt(target, name, chain[0]!, 'read');
      }
      this.expr(infer?.whereClause, own);
      const withExcluded: Scope = { ...own, sources: [target, { ...target, name: 'excluded' }] };
      this.setList(conflict.targetList, target, withExcluded);
      this.expr(conflict.whereClause, withExcluded);
    }
    return this.returning(ins, own);
  }

  update(upd: Json, parent: Scope | undefined): Set<string> | null {
    const scope: Scope = { sources: [], parent, ctes: undefined };
    this.addWith(upd.withClause, scope);
    const target = this.relationSource(upd.relation, scope, 'update');
    if (target) scope.sources.push(target);
    for (const item of (upd.fromClause as Json[]) ?? []) this.fromItem(item, scope);
    if (target?.relation) this.setList(upd.targetList, target, scope);
    else this.expr(upd.targetList, scope);
    this.expr(upd.whereClause, scope);
    return this.returning(upd, scope);
  }

  delete(del: Json, parent: Scope | undefined): Set<string> | null {
    const scope: Scope = { sources: [], parent, ctes: undefined };
    this.addWith(del.withClause, scope);
    const target = this.relationSource(del.relation, scope, 'delete');
    if (target) scope.sources.push(target);
    for (const item of (del.usingClause as Json[]) ?? []) this.fromItem(item, scope);
    this.expr(del.whereClause, scope);
    return this.returning(del, scope);
  }

  setList(targetList: Json[] | undefined, target: Source, scope: Scope): void {
    for (const item of targetList ?? []) {
      const rt = item.ResTarget;
      if (!rt?.name) continue;
      const part = readIdentifier(this.text, this.at(rt.location));
      const value = this.stringValue(rt.val);
      if (part) this.columnAt(target, rt.name, part, 'update', value ? [value] : undefined);
      const multi = rt.val?.MultiAssignRef;
      if (multi) {
        if (multi.colno === 1) this.expr(multi.source, scope);
      } else this.expr(rt.val, scope);
    }
  }

  returning(stmt: Json, scope: Scope): Set<string> | null {
    const list = (stmt.returningClause?.exprs ?? stmt.returningList) as Json[] | undefined;
    if (!list) return null;
    const outputs = new Set<string>();
    for (const item of list) {
      this.expr(item.ResTarget?.val, scope);
      const name = item.ResTarget?.name ?? outputName(item.ResTarget?.val);
      if (name === undefined) return null;
      outputs.add(name);
    }
    return outputs;
  }

  copy(copy: Json, parent: Scope | undefined): Set<string> | null {
    if (copy.query) return this.statement(copy.query, parent);
    const target = this.relationSource(copy.relation, scopeOf(parent), copy.is_from ? 'insert' : 'read');
    if (!target?.relation) return null;
    let from = this.at(copy.relation.location);
    for (const col of (copy.attlist as Json[]) ?? []) {
      const name = str(col);
      const chain = name ? findNameChain(this.text, from, [name]) : undefined;
      if (!chain) continue;
      from = chain[0]!.end;
      this.columnAt(target, name!, chain[0]!, copy.is_from ? 'insert' : 'read');
    }
    return null;
  }

  drop(drop: Json): void {
    const kinds = ['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE'];
    if (!kinds.includes(drop.removeType)) return;
    const stmtStart = this.statementStart;
    let from = stmtStart;
    for (const object of (drop.objects as Json[]) ?? []) {
      const names = ((object.List?.items as Json[] | undefined) ?? []).map(str);
      if (names.length === 0 || names.length > 2 || names.some((n) => n === undefined)) continue;
      const chain = findNameChain(this.text, from, names as string[], this.statementEnd);
      if (!chain) continue;
      from = chain[chain.length - 1]!.end;
      const schema = names.length === 2 ? names[0]! : null;
      this.add(chain[0]!.start, chain[chain.length - 1]!.end, {
        kind: 'relation',
        relation: { schema, name: names[names.length - 1]! },
        access: 'ddl',
        quoted: chain[chain.length - 1]!.quoted,
        confidence: 'exact',
      });
    }
  }

  statementStart = 0;
  statementEnd = 0;
}

function scopeOf(parent: Scope | undefined): Scope {
  return { sources: [], parent, ctes: undefined };
}

/** The name PostgreSQL gives an unnamed output column, when it is a column or function. */
function outputName(val: Json): string | undefined {
  const type = nodeType(val);
  if (type === 'ColumnRef') {
    const fields = val.ColumnRef.fields as Json[];
    const last = fields[fields.length - 1];
    return last?.String ? (last.String.sval as string) : undefined;
  }
  if (type === 'FuncCall') {
    const names = val.FuncCall.funcname as Json[];
    return str(names[names.length - 1]);
  }
  if (type === 'TypeCast') return outputName(val.TypeCast.arg) ?? '?column?';
  return '?column?';
}

/** String literals written to each INSERT column position, over every VALUES row. */
function insertValues(analyzer: Analyzer, selectStmt: Json, count: number): ValueHint[][] {
  const values: ValueHint[][] = Array.from({ length: count }, () => []);
  const rows = selectStmt?.SelectStmt?.valuesLists as Json[] | undefined;
  for (const row of rows ?? []) {
    const items = (row.List?.items as Json[] | undefined) ?? [];
    items.forEach((item, i) => {
      if (i >= count) return;
      const value = analyzer.stringValue(item);
      if (value) values[i]!.push(value);
    });
  }
  return values;
}

export function analyzeParsed(text: string, stmts: Json[], options: AnalyzeSqlOptions): SqlReference[] {
  const analyzer = new Analyzer(text, options);
  const bytes = new ByteOffsets(text);
  for (const raw of stmts) {
    const start = bytes.toIndex(raw.stmt_location ?? 0);
    analyzer.statementStart = start;
    analyzer.statementEnd = raw.stmt_len ? bytes.toIndex((raw.stmt_location ?? 0) + raw.stmt_len) : text.length;
    analyzer.statement(raw.stmt, undefined);
  }
  analyzer.refs.sort((a, b) => a.at - b.at);
  return analyzer.refs.map((r) => r.ref);
}

export type { Confidence };
