import type { JsContext, Node } from '../../../src/extractor.js';
import { walk } from '../../../src/extract/js.js';
import type { Access } from '../../../src/types.js';
import { keyColumns, QueryScope } from '../knex/scope.js';
import {
  annotatedType, firstParam, isLocalModule, listHints, nameString, objectKeys, rowKeys, unwrap, valueHint, type ChainCall,
} from '../supabase-js/shared.js';

const TYPES = new Set(['Kysely', 'Transaction', 'QueryCreator']);
const PROPERTY = /^(db|kysely)$/;

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
  const isInstance = (expression: Node | null | undefined): boolean => {
    const node = unwrap(expression);
    if (node?.type === 'Identifier') return names.has(node.name);
    if (node?.type === 'MemberExpression' && !node.computed) return properties.has(node.property.name) || PROPERTY.test(node.property.name);
    return isNew(node);
  };
  const callbacks: Node[] = [];
  walk(ctx.program, (node) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') {
      if (isNew(node.init) || TYPES.has(annotatedType(node.id) ?? '')) names.add(node.id.name);
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

function readColumns(scope: QueryScope, { method, args }: ChainCall): void {
  if (COLUMN_LISTS.has(method)) {
    const items = method === 'orderBy' ? list(args[0]) : args.flatMap((a) => list(a));
    for (const item of items) scope.columnNode(item, 'read');
  } else if (/^(where|having|on)$/.test(method) && args.length >= 2) {
    const operator = nameString(scope.ctx, args[1])?.value.toLowerCase();
    const values = operator === 'in' || operator === 'not in' ? listHints(scope.ctx, args[2]) : [valueHint(scope.ctx, args[2])].filter((v) => v !== undefined);
    scope.columnNode(args[0], 'read', values);
  } else if (/^(whereRef|havingRef|onRef)$/.test(method)) {
    scope.columnNode(args[0], 'read');
    scope.columnNode(args[2], 'read');
  } else if (JOINS.test(method) && args.length >= 3) {
    scope.columnNode(args[1], 'read');
    scope.columnNode(args[2], 'read');
  } else if (method === 'values') keyColumns(scope, rowKeys(scope.ctx, args[0]).keys, 'insert');
  else if (method === 'set') {
    if (args.length >= 2) scope.columnNode(args[0], 'update', [valueHint(scope.ctx, args[1])].filter((v) => v !== undefined));
    else keyColumns(scope, objectKeys(scope.ctx, args[0])?.keys ?? [], 'update');
  }
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
  for (const call of calls) readColumns(scope, call);
  return scope;
}
