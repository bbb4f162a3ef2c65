import type { ValueHint } from '../types.js';
import { ExpressionAnalyzer } from './analyze-expressions.js';
import { nodeType, scopeOf, str, type Json, type Scope, type Source } from './pg-tree.js';
import { findNameChain, readIdentifier } from './scan.js';

/** Visits statements (queries, DML, DDL) and builds their scopes; expressions are left to the base class. */
export class Analyzer extends ExpressionAnalyzer {
  /** The text span of the top-level statement being analysed: DROP finds its names there (its nodes carry no locations). */
  statementStart = 0;
  statementEnd = 0;

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
        if (body.relation) this.relationSource(body.relation, scopeOf(parent), 'ddl', { creates: true });
        return null;
      case 'AlterTableStmt':
      case 'IndexStmt':
      case 'RefreshMatViewStmt':
        if (body.relation) this.relationSource(body.relation, scopeOf(parent), 'ddl');
        return null;
      case 'ViewStmt':
        this.relationSource(body.view, scopeOf(parent), 'ddl', { creates: true });
        this.statement(body.query, parent);
        return null;
      case 'CreateTableAsStmt':
        if (body.into?.rel) this.relationSource(body.into.rel, scopeOf(parent), 'ddl', { creates: true });
        this.statement(body.query, parent);
        return null;
      case 'DropStmt':
        this.drop(body);
        return null;
      case 'CreateFunctionStmt':
        this.createFunction(body);
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

  /** UPDATE's and DELETE's scope: the target table alongside the FROM / USING items. */
  targetScope(
    stmt: Json,
    parent: Scope | undefined,
    access: 'update' | 'delete',
    items: Json[] | undefined,
  ): { scope: Scope; target: Source | undefined } {
    const scope = scopeOf(parent);
    this.addWith(stmt.withClause, scope);
    const target = this.relationSource(stmt.relation, scope, access);
    if (target) scope.sources.push(target);
    for (const item of items ?? []) this.fromItem(item, scope);
    return { scope, target };
  }

  update(upd: Json, parent: Scope | undefined): Set<string> | null {
    const { scope, target } = this.targetScope(upd, parent, 'update', upd.fromClause);
    if (target?.relation) this.setList(upd.targetList, target, scope);
    else this.expr(upd.targetList, scope);
    this.expr(upd.whereClause, scope);
    return this.returning(upd, scope);
  }

  delete(del: Json, parent: Scope | undefined): Set<string> | null {
    const { scope } = this.targetScope(del, parent, 'delete', del.usingClause);
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

  /** `CREATE [OR REPLACE] FUNCTION name(...)` run by the code itself: the function it creates (its calls are no finding). */
  createFunction(create: Json): void {
    const names = ((create.funcname as Json[] | undefined) ?? []).map(str);
    if (names.length === 0 || names.length > 2 || names.some((n) => n === undefined)) return;
    const chain = findNameChain(this.text, this.statementStart, names as string[], this.statementEnd);
    if (!chain) return;
    this.add(chain[0]!.start, chain[chain.length - 1]!.end, {
      kind: 'function',
      relation: { schema: names.length === 2 ? names[0]! : null, name: names[names.length - 1]! },
      access: 'ddl',
      quoted: chain[chain.length - 1]!.quoted,
      confidence: 'exact',
      creates: true,
    });
  }

  drop(drop: Json): void {
    const kinds = ['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE'];
    if (!kinds.includes(drop.removeType)) return;
    const stmtStart = this.statementStart;
    let from = stmtStart;
    for (const object of (drop.objects as Json[]) ?? []) {
      const names = ((object.List?.items as Json[] | undefined) ?? []).map(str);
      if (names.length === 0 || names.length > 2 || names.some((n) => n === undefined)) continue;
      // `DROP TABLE IF EXISTS ${table}`: a name computed at run time drops nothing this text can name.
      if (names.some((n) => this.isPlaceholder(n))) continue;
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
function insertValues(analyzer: ExpressionAnalyzer, selectStmt: Json, count: number): ValueHint[][] {
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
