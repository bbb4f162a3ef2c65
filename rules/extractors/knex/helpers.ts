import type { JsContext, Node } from '../../../src/extractor.js';
import { walk } from '../../../src/extract/js.js';
import type { Access } from '../../../src/types.js';
import {
  annotatedType, firstParam, isLocalModule, listHints, nameString, objectKeys, rowKeys, unwrap, valueHint, type ChainCall,
} from '../supabase-js/shared.js';
import { keyColumns as keyColumnsOf, QueryScope } from './scope.js';

/** Names that hold a knex instance wherever they appear (migration and seed callbacks, transactions). */
const INSTANCE_NAME = /^(knex|trx)$/i;
/** Names imported from a project module that are taken as its knex instance (`import db from './db'`). */
const LOCAL_INSTANCE = /knex|^(db|database|trx)$/i;

/** Decides which expressions are knex instances: `knex(config)` results, transactions, well-known names. */
export function instanceMatcher(ctx: JsContext): (node: Node) => boolean {
  const factories = new Set<string>();
  const names = new Set<string>();
  const properties = new Set<string>();
  for (const binding of ctx.imports.values()) {
    if (binding.source === 'knex' && ['default', '*', 'knex'].includes(binding.imported)) factories.add(binding.local);
    else if (isLocalModule(binding.source) && LOCAL_INSTANCE.test(binding.local)) names.add(binding.local);
  }
  const isFactoryCall = (node: Node | null | undefined): boolean => {
    const call = unwrap(node);
    if (call?.type !== 'CallExpression') return false;
    const callee = unwrap(call.callee);
    if (callee?.type === 'Identifier') return factories.has(callee.name);
    return callee?.type === 'CallExpression' && callee.callee.type === 'Identifier' && callee.callee.name === 'require' &&
      callee.arguments[0]?.value === 'knex';
  };
  const isInstance = (expression: Node | null | undefined): boolean => {
    const node = unwrap(expression);
    if (node?.type === 'Identifier') return names.has(node.name) || (INSTANCE_NAME.test(node.name) && !factories.has(node.name));
    if (node?.type === 'MemberExpression' && !node.computed) {
      return properties.has(node.property.name) || INSTANCE_NAME.test(node.property.name);
    }
    return false;
  };
  const transactions: Node[] = [];
  walk(ctx.program, (node) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') {
      if (isFactoryCall(node.init) || ['Knex', 'Transaction'].includes(annotatedType(node.id) ?? '')) names.add(node.id.name);
      else transactions.push(node);
    } else if (node.type === 'AssignmentExpression' && isFactoryCall(node.right) && node.left.type === 'MemberExpression') {
      if (!node.left.computed) properties.add(node.left.property.name);
    } else if (node.type === 'Identifier' && node.typeAnnotation && ['Knex', 'Transaction'].includes(annotatedType(node) ?? '')) {
      names.add(node.name);
    } else if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && node.callee.property.name === 'transaction') {
      transactions.push(node);
    }
  });
  // `db.transaction(async (t) => ...)` and `const t = await db.transaction()`, once the instances are known.
  for (const node of transactions) {
    if (node.type === 'CallExpression' && isInstance(node.callee.object)) {
      const param = firstParam(node.arguments[0]);
      if (param) names.add(param);
    } else if (node.type === 'VariableDeclarator') {
      const init = unwrap(node.init);
      if (init?.type === 'CallExpression' && init.callee.type === 'MemberExpression' && init.callee.property.name === 'transaction' &&
        isInstance(init.callee.object)) names.add(node.id.name);
    }
  }
  return isInstance;
}

/** Instance members that are not query builders. */
export const NOT_BUILDERS = new Set([
  'raw', 'schema', 'transaction', 'destroy', 'migrate', 'seed', 'fn', 'ref', 'client', 'initialize', 'transactionProvider',
  'context', 'userParams', 'withUserParams', 'isTransaction', 'commit', 'rollback', 'savepoint', 'then', 'catch', 'toString',
  'on', 'off', 'once', 'emit',
]);
const TABLES = new Set(['()', 'from', 'into', 'table']);
const JOINS = new Set(['join', 'innerJoin', 'leftJoin', 'leftOuterJoin', 'rightJoin', 'rightOuterJoin', 'fullOuterJoin', 'crossJoin', 'outerJoin']);
const WITH = new Set(['with', 'withRecursive', 'withMaterialized', 'withNotMaterialized']);
const COLUMN_LISTS = new Set([
  'select', 'column', 'columns', 'first', 'pluck', 'distinct', 'distinctOn', 'returning', 'groupBy', 'count', 'countDistinct',
  'min', 'max', 'sum', 'sumDistinct', 'avg', 'avgDistinct', 'onConflict',
]);
const WHERE = /^(and|or)?(where|having)(Not)?(In|NotIn|Null|NotNull|Between|NotBetween|Like|ILike)?$/i;
const ACCESS: Record<string, Access> = {
  insert: 'insert', upsert: 'insert', batchInsert: 'insert', update: 'update', increment: 'update', decrement: 'update',
  del: 'delete', delete: 'delete', truncate: 'delete',
};

function accessOf(calls: ChainCall[]): Access {
  for (const call of calls) if (ACCESS[call.method]) return ACCESS[call.method]!;
  return 'read';
}

function columnList(scope: QueryScope, args: Node[], access: Access): void {
  for (const arg of args) {
    const node = unwrap(arg);
    if (node?.type === 'ArrayExpression') columnList(scope, node.elements as Node[], access);
    else if (node?.type === 'ObjectExpression') for (const key of objectKeys(scope.ctx, node)?.keys ?? []) scope.columnNode(key.value, access);
    else scope.columnNode(arg, access);
  }
}

function keyColumns(scope: QueryScope, node: Node | undefined, access: Access, rows = false): void {
  keyColumnsOf(scope, rows ? rowKeys(scope.ctx, node).keys : objectKeys(scope.ctx, node)?.keys ?? [], access);
}

function readColumns(scope: QueryScope, { method, args }: ChainCall): void {
  const first = unwrap(args[0]);
  const where = WHERE.exec(method);
  if (where) {
    if (first?.type === 'ObjectExpression') return keyColumns(scope, first, 'read');
    const kind = (where[4] ?? '').toLowerCase();
    const value = args.length === 2 ? args[1] : args.length === 3 ? args[2] : undefined;
    const values = kind.endsWith('in') ? listHints(scope.ctx, args[1])
      : kind === '' || kind.endsWith('like') ? [valueHint(scope.ctx, value)].filter((v) => v !== undefined) : undefined;
    scope.columnNode(args[0], 'read', values);
  } else if (COLUMN_LISTS.has(method)) columnList(scope, args, 'read');
  else if (method === 'orderBy') {
    const list = first?.type === 'ArrayExpression' ? (first.elements as Node[]) : [args[0]];
    for (const item of list) {
      const inner = unwrap(item);
      if (inner?.type === 'ObjectExpression') scope.columnNode(objectKeys(scope.ctx, inner)?.keys.find((k) => k.name === 'column')?.value, 'read');
      else scope.columnNode(item, 'read');
    }
  } else if (JOINS.has(method) && args.length >= 3) {
    scope.columnNode(args[1], 'read');
    scope.columnNode(args.length >= 4 ? args[3] : args[2], 'read');
  } else if (method === 'insert' || method === 'upsert') keyColumns(scope, args[0], 'insert', true);
  else if (method === 'batchInsert') keyColumns(scope, args[1], 'insert', true);
  else if (method === 'update' || method === 'increment' || method === 'decrement') {
    if (first?.type === 'ObjectExpression' || first?.type === 'Identifier' && !nameString(scope.ctx, first)) keyColumns(scope, first, 'update');
    else scope.columnNode(args[0], 'update', method === 'update' ? [valueHint(scope.ctx, args[1])].filter((v) => v !== undefined) : undefined);
  } else if (method === 'merge') {
    if (first?.type === 'ObjectExpression') keyColumns(scope, first, 'update');
    else columnList(scope, args, 'update');
  }
}

/** Reads one knex chain: its tables first (withSchema and CTEs apply to the whole chain), then every column it names. */
export function readKnexChain(ctx: JsContext, calls: ChainCall[], existing?: QueryScope): QueryScope {
  const scope = existing ?? new QueryScope(ctx, 'knex');
  let schema: string | null = null;
  for (const call of calls) {
    const text = nameString(ctx, call.args[0]);
    if (WITH.has(call.method) && text) scope.ctes.add(text.value);
    if (call.method === 'withSchema' && text) schema = text.value;
  }
  const access = accessOf(calls);
  const rows = calls.find((c) => c.method === 'insert' || c.method === 'upsert' || c.method === 'batchInsert');
  const provides = rows ? rowKeys(ctx, rows.method === 'batchInsert' ? rows.args[1] : rows.args[0]).provides : undefined;
  for (const call of calls) {
    if ((TABLES.has(call.method) && call.args.length > 0) || call.method === 'batchInsert') {
      scope.addTable(call.args[0], access, schema, provides);
    } else if (JOINS.has(call.method)) scope.addTable(call.args[0], 'read', schema);
  }
  for (const call of calls) readColumns(scope, call);
  return scope;
}
