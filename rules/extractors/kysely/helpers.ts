import type { JsContext, Node } from '../../../src/extractor.js';
import { walk } from '../../../src/extract/js.js';
import type { Access } from '../../../src/types.js';
import { keyColumns, QueryScope } from '../knex/scope.js';
import { callbackResult, registerCallback } from './builders.js';
import {
  annotatedType, firstParam, isLocalModule, listHints, nameString, objectKeys, rowKeys, unwrap, valueHint, type ChainCall,
} from '../supabase-js/shared.js';

const TYPES = new Set(['Kysely', 'Transaction', 'QueryCreator']);
/** `this.db`, `ctx.kysely`, and prisma-extension-kysely's `prisma.$kysely`. */
const PROPERTY = /^(db|kysely|\$kysely)$/;

/**
 * Decides which expressions are Kysely instances: names bound to `new Kysely(...)`, names imported from a project module
 * (`import { db } from '@/db'`), parameters typed `Kysely<DB>`/`Transaction<DB>`, transaction and CTE callback
 * parameters, and `this.db`/`ctx.kysely`-style properties. The root methods (`selectFrom`...) are Kysely's own.
 */
export function instanceMatcher(ctx: JsContext): (node: Node) => boolean {
  const classes = new Set<string>();
  const names = new Set<string>();
  const properties = new Set<string>();
  for (const binding of ctx.imports.values()) {
    if (binding.source === 'kysely' && binding.imported === 'Kysely') classes.add(binding.local);
    else if (isLocalModule(binding.source)) names.add(binding.local);
  }
  const isNew = (node: Node | null | undefined): boolean => {
    const init = unwrap(node);
    return init?.type === 'NewExpression' && init.callee.type === 'Identifier' && classes.has(init.callee.name);
  };
  // `const db = prisma.$kysely` (prisma-extension-kysely).
  const isExtension = (node: Node | null | undefined): boolean => {
    const init = unwrap(node);
    return init?.type === 'MemberExpression' && !init.computed && init.property.name === '$kysely';
  };
  const isInstance = (expression: Node | null | undefined): boolean => {
    const node = unwrap(expression);
    if (node?.type === 'Identifier') return names.has(node.name);
    if (node?.type === 'MemberExpression' && !node.computed) return properties.has(node.property.name) || PROPERTY.test(node.property.name);
    return isNew(node);
  };
  const callbacks: Node[] = [];
  walk(ctx.program, (node) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') {
      if (isNew(node.init) || TYPES.has(annotatedType(node.id) ?? '') || isExtension(node.init)) names.add(node.id.name);
    } else if (node.type === 'AssignmentExpression' && isNew(node.right) && node.left.type === 'MemberExpression') {
      if (!node.left.computed) properties.add(node.left.property.name);
    } else if (node.type === 'PropertyDefinition' && node.key.type === 'Identifier') {
      if (isNew(node.value) || TYPES.has(annotatedType(node) ?? '')) properties.add(node.key.name);
    } else if (node.type === 'Identifier' && node.typeAnnotation && TYPES.has(annotatedType(node) ?? '')) {
      names.add(node.name);
    } else if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression') callbacks.push(node);
  });
  // `db.transaction().execute(async (trx) => ...)`, `db.connection().execute(...)`, `db.with('c', (qb) => ...)`.
  for (const call of callbacks) {
    const method = call.callee.property.name as string;
    const object = unwrap(call.callee.object);
    if (method === 'execute' && object?.type === 'CallExpression' && object.callee.type === 'MemberExpression' &&
      ['transaction', 'connection'].includes(object.callee.property.name) && isInstance(object.callee.object)) {
      const param = firstParam(call.arguments[0]);
      if (param) names.add(param);
    } else if ((method === 'with' || method === 'withRecursive') && isInstance(call.callee.object)) {
      const param = firstParam(call.arguments[1]);
      if (param) names.add(param);
    }
  }
  return isInstance;
}

export const ROOTS = new Set([
  'selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto', 'with', 'withRecursive', 'withSchema',
]);
const MAIN: Record<string, Access> = {
  selectFrom: 'read', insertInto: 'insert', replaceInto: 'insert', updateTable: 'update', deleteFrom: 'delete', mergeInto: 'update',
};
const JOINS = /^(inner|left|right|full|cross)Join(Lateral)?$/;
const COLUMN_LISTS = new Set(['select', 'distinctOn', 'returning', 'groupBy', 'orderBy']);

function list(node: Node | undefined): Node[] {
  const inner = unwrap(node);
  return inner?.type === 'ArrayExpression' ? (inner.elements as Node[]) : node ? [node] : [];
}

/** Output names of a query's select lists (`'a as b'`, `expr.as('b')`), which `orderBy`/`groupBy`/`having` may name. */
const outputNames = new WeakMap<QueryScope, Set<string>>();

function selectItems(args: Node[]): Node[] {
  return args.flatMap((a) => {
    const result = callbackResult(a);
    return result ? list(result) : list(a);
  });
}

function collectOutputNames(scope: QueryScope, calls: ChainCall[]): void {
  let names = outputNames.get(scope);
  if (!names) outputNames.set(scope, (names = new Set()));
  for (const call of calls) {
    if (call.method !== 'select' && call.method !== 'returning') continue;
    for (const item of selectItems(call.args)) {
      const inner = unwrap(item);
      const text = nameString(scope.ctx, inner);
      const alias = text ? /\s+as\s+(\S+)\s*$/i.exec(text.value)?.[1] : undefined;
      if (alias) names.add(alias);
      else if (inner?.type === 'CallExpression' && inner.callee.type === 'MemberExpression' && inner.callee.property.name === 'as') {
        const name = nameString(scope.ctx, inner.arguments[0]);
        if (name) names.add(name.value);
      }
    }
  }
}

function readColumns(scope: QueryScope, { method, args }: ChainCall): void {
  const ctx = scope.ctx;
  // Callbacks: a join's builder, `$if(c, (qb) => …)` / `$call((qb) => …)` continue the query, any other is an expression builder.
  if (JOINS.test(method)) registerCallback(ctx, args[1], 'join', scope);
  else if (method === '$if') registerCallback(ctx, args[1], 'query', scope);
  else if (method === '$call') registerCallback(ctx, args[0], 'query', scope);
  else if (!ROOTS.has(method)) for (const arg of args) registerCallback(ctx, arg, 'eb', scope);
  const output = outputNames.get(scope);
  const notOutput = (node: Node | undefined) => {
    const text = nameString(ctx, node);
    return !(text && output?.has(text.value.replace(/\s+(asc|desc)\b.*$/i, '').trim()));
  };
  if (COLUMN_LISTS.has(method)) {
    const items = method === 'orderBy' ? list(args[0]) : method === 'select' || method === 'returning' ? selectItems(args) : args.flatMap((a) => list(a));
    for (const item of items) if (method === 'select' || method === 'returning' || notOutput(item)) scope.columnNode(item, 'read');
  } else if (/^(where|having|on)$/.test(method) && args.length >= 2) {
    if (method === 'having' && !notOutput(args[0])) return;
    const operator = nameString(ctx, args[1])?.value.toLowerCase();
    const values = operator === 'in' || operator === 'not in' ? listHints(ctx, args[2]) : [valueHint(ctx, args[2])].filter((v) => v !== undefined);
    scope.columnNode(args[0], 'read', values);
  } else if (/^(whereRef|havingRef|onRef)$/.test(method)) {
    scope.columnNode(args[0], 'read');
    scope.columnNode(args[2], 'read');
  } else if (JOINS.test(method) && args.length >= 3) {
    scope.columnNode(args[1], 'read');
    scope.columnNode(args[2], 'read');
  } else if (method === 'values') keyColumns(scope, rowKeys(ctx, args[0]).keys, 'insert');
  else if (method === 'set') {
    if (args.length >= 2) scope.columnNode(args[0], 'update', [valueHint(ctx, args[1])].filter((v) => v !== undefined));
    else keyColumns(scope, objectKeys(ctx, args[0])?.keys ?? [], 'update');
  }
}

/** Reads calls made on a builder that continues a known query (a join builder's `.onRef`, a `$if` callback's `qb.where`). */
export function readColumnCalls(scope: QueryScope, calls: ChainCall[]): void {
  // What follows `.execute()` works on the rows, not on the query.
  const end = calls.findIndex((c) => /^(execute\w*|stream|compile)$/.test(c.method));
  const query = end < 0 ? calls : calls.slice(0, end);
  collectOutputNames(scope, query);
  for (const call of query) readColumns(scope, call);
}

/** Reads one Kysely chain: CTE names and withSchema first, then the tables (main, joins, `from`/`using`), then columns. */
export function readKyselyChain(ctx: JsContext, calls: ChainCall[], existing?: QueryScope): QueryScope {
  const scope = existing ?? new QueryScope(ctx, 'kysely');
  let schema: string | null = null;
  for (const call of calls) {
    const text = nameString(ctx, call.args[0]);
    if ((call.method === 'with' || call.method === 'withRecursive') && text) scope.ctes.add(text.value.replace(/\(.*$/s, '').trim());
    if (call.method === 'withSchema' && text) schema = text.value;
  }
  const values = calls.find((c) => c.method === 'values');
  const provides = values ? rowKeys(ctx, values.args[0]).provides : undefined;
  for (const call of calls) {
    const access = MAIN[call.method];
    if (access) for (const table of list(call.args[0])) scope.addTable(table, access, schema, access === 'insert' ? provides : undefined);
    else if (JOINS.test(call.method) || call.method === 'using' || (call.method === 'from' && scope.tables.length > 0)) {
      for (const table of list(call.args[0])) scope.addTable(table, 'read', schema);
    }
  }
  readColumnCalls(scope, calls);
  return scope;
}
