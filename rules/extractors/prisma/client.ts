import type { JsContext, Node } from '../../../src/extractor.js';
import type { Access } from '../../../src/types.js';
import { entry, hasDynamicKeys, keyName, modelEmitter, objectEntries, propertyName, unwrap } from './orm-shared.js';

export const NOTE_PREFIX = 'prisma-model';

const OPERATIONS: Record<string, Access> = {
  findUnique: 'read', findUniqueOrThrow: 'read', findFirst: 'read', findFirstOrThrow: 'read', findMany: 'read',
  count: 'read', aggregate: 'read', groupBy: 'read',
  create: 'insert', createMany: 'insert', createManyAndReturn: 'insert', upsert: 'insert',
  update: 'update', updateMany: 'update', updateManyAndReturn: 'update',
  delete: 'delete', deleteMany: 'delete',
};
// `replica`: the read-replica client (`$replica`, `_replica`, `readReplica`) of @prisma/extension-read-replicas setups.
const CLIENT_NAME = /prisma|replica|^(db|tx|trx|database)$/i;
const READ_KEYS = ['select', 'include', 'omit', 'orderBy', 'distinct', 'by', '_count', '_sum', '_avg', '_min', '_max'];
const AGGREGATES = new Set(['_count', '_sum', '_avg', '_min', '_max']);
// Type wrappers whose first argument is the client type: `Omit<PrismaClient, '$connect'>`.
const TYPE_WRAPPERS = new Set(['Omit', 'Pick', 'Readonly', 'NonNullable', 'Partial', 'Required']);
const FILTER_KEYS = ['where', 'cursor', 'having'];
const LOGICAL = new Set(['AND', 'OR', 'NOT']);

/**
 * Per-file state: local names that hold a Prisma client (`new PrismaClient()`, `$transaction` callback params,
 * bindings typed as a Prisma client); a name also counts as `this.<name>` (class fields, constructor parameters).
 */
export interface ClientState {
  names: Set<string>;
}

/** A type annotation naming a Prisma client: `PrismaClient`, `Prisma.TransactionClient`, `PrismaReplicaClient | null`. */
function isClientType(type: Node | null | undefined): boolean {
  if (!type) return false;
  if (type.type === 'TSTypeAnnotation') return isClientType(type.typeAnnotation);
  if (type.type === 'TSUnionType' || type.type === 'TSIntersectionType') return (type.types as Node[]).some(isClientType);
  if (type.type !== 'TSTypeReference') return false;
  const name = typeName(type.typeName);
  if (name !== undefined && TYPE_WRAPPERS.has(name)) return isClientType(type.typeArguments?.params?.[0]);
  // The generated client and the aliases projects give it: `PrismaClientOrTransaction`, `RunOpsPrismaClient`, `PrismaTx`.
  return name !== undefined && /Prisma/.test(name) && /(Client|Transaction|Tx)[A-Za-z]*$/.test(name.slice(name.lastIndexOf('.') + 1));
}

function typeName(node: Node | undefined): string | undefined {
  if (node?.type === 'Identifier') return node.name as string;
  if (node?.type === 'TSQualifiedName') {
    const left = typeName(node.left);
    return left === undefined ? undefined : `${left}.${node.right.name as string}`;
  }
  return undefined;
}

/** `c: PrismaClient` (parameter, variable, constructor parameter property): `c` holds a client. */
export function noteTypedBinding(state: ClientState, identifier: Node): void {
  if (identifier.typeAnnotation && isClientType(identifier.typeAnnotation)) state.names.add(identifier.name as string);
}

/** `#prisma: PrismaClient;` or `private replica: Prisma.TransactionClient` in a class: `this.<name>` holds a client. */
export function noteClassField(state: ClientState, field: Node): void {
  const name = memberKey(field.key, field.computed);
  if (name !== undefined && isClientType(field.typeAnnotation)) state.names.add(name);
}

/** A member name, with private names (`this.#prisma`) read without their `#`. */
function memberKey(key: Node | undefined, computed: boolean): string | undefined {
  return key?.type === 'PrivateIdentifier' ? (key.name as string) : keyName(key, computed);
}

export function noteClientBinding(state: ClientState, declarator: Node): void {
  // `const { client } = prisma`: a wrapper module that exports its client under `client`.
  if (declarator.id.type === 'ObjectPattern' && declarator.init && isClient(state, declarator.init)) {
    for (const prop of declarator.id.properties as Node[]) {
      if (prop.type === 'Property' && !prop.computed && keyName(prop.key) === 'client' && prop.value.type === 'Identifier') {
        state.names.add(prop.value.name);
      }
    }
    return;
  }
  if (declarator.id.type !== 'Identifier') return;
  // `const cp = prisma`, `const p = other as unknown as PrismaClient`, `const c = tx ?? prisma`: an alias of a client.
  if (declarator.init && isClient(state, declarator.init)) {
    state.names.add(declarator.id.name);
    return;
  }
  let found = false;
  const visit = (node: Node | undefined): void => {
    const n = unwrap(node);
    if (!n || found) return;
    if (n.type === 'NewExpression' && propertyName(n.callee) === 'PrismaClient') found = true;
    else if (n.type === 'LogicalExpression') (visit(n.left), visit(n.right));
    else if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression') visit(n.callee.object);
  };
  visit(declarator.init);
  if (found) state.names.add(declarator.id.name);
}

/**
 * `db.$transaction(async (tx) => ...)`, and a project helper `$transaction(client, 'name', async (tx) => ...)`: the
 * callback's first parameter is a client too.
 */
export function noteTransaction(state: ClientState, call: Node): void {
  if (propertyName(call.callee) !== '$transaction') return;
  const callback = (call.arguments as Node[]).map((a) => unwrap(a)).find((a) => a && /FunctionExpression$/.test(a.type));
  const param = callback?.params?.[0];
  if (param?.type === 'Identifier') state.names.add(param.name);
}

function isClient(state: ClientState, node: Node): boolean {
  let n: Node | undefined = node;
  // `(client as PrismaClient).user`: the cast states the type.
  while (n && (n.type === 'TSAsExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'TSNonNullExpression' || n.type === 'ParenthesizedExpression')) {
    if (n.type !== 'TSNonNullExpression' && n.type !== 'ParenthesizedExpression' && isClientType(n.typeAnnotation)) return true;
    n = n.expression as Node;
  }
  if (n?.type === 'Identifier') return state.names.has(n.name) || CLIENT_NAME.test(n.name);
  // `tx ?? this.prisma`, `useReplica ? this._replica : this._prisma`.
  if (n?.type === 'LogicalExpression') return isClient(state, n.left) || isClient(state, n.right);
  if (n?.type === 'ConditionalExpression') return isClient(state, n.consequent) || isClient(state, n.alternate);
  if (n?.type === 'MemberExpression' && !n.computed) {
    const name = memberKey(n.property, false) ?? '';
    if (n.object.type === 'ThisExpression' && state.names.has(name)) return true;
    // `prisma.client.user`: a wrapper object holding the client under `client`.
    return CLIENT_NAME.test(name) || (name === 'client' && isClient(state, n.object));
  }
  return false;
}

/** `prisma.user.findMany({...})` → the relation reference and the fields named in the arguments. */
export function visitClientCall(ctx: JsContext, state: ClientState, call: Node): void {
  const callee = call.callee;
  if (callee.type !== 'MemberExpression' || callee.computed) return;
  const op = propertyName(callee);
  const access = op === undefined ? undefined : OPERATIONS[op];
  const delegate = callee.object;
  if (!access || delegate.type !== 'MemberExpression' || delegate.computed) return;
  const accessor = propertyName(delegate);
  if (!accessor || accessor.startsWith('$') || accessor.startsWith('_') || !isClient(state, delegate.object)) return;
  const model = accessor.charAt(0).toUpperCase() + accessor.slice(1);
  const emitModel = modelEmitter(ctx, NOTE_PREFIX);
  const emit = (kind: 'relation' | 'column', node: Node, written: string, refAccess: Access, provides?: string[]) =>
    emitModel(kind, node, model, written, refAccess, provides);
  const args = call.arguments[0] as Node | undefined;
  const data = entry(args, op === 'upsert' ? 'create' : 'data');
  emit('relation', delegate.property, accessor, access, access === 'insert' ? providedFields(data) : undefined);

  const columns = (value: Node | undefined, refAccess: Access) => {
    for (const e of objectEntries(value)) emit('column', e.key, e.name, refAccess);
  };
  for (const e of objectEntries(args)) {
    if (READ_KEYS.includes(e.name)) readFields(e.value, (node, name) => emit('column', node, name, 'read'));
    else if (FILTER_KEYS.includes(e.name)) filterFields(e.value, (node, name) => emit('column', node, name, 'read'));
    else if (e.name === 'data') forEachRow(e.value, (row) => columns(row, access === 'insert' ? 'insert' : 'update'));
    else if (e.name === 'create') columns(e.value, 'insert');
    else if (e.name === 'update') columns(e.value, 'update');
  }
}

function forEachRow(value: Node | undefined, fn: (row: Node) => void): void {
  const v = unwrap(value);
  if (v?.type === 'ArrayExpression') for (const item of v.elements as Node[]) item && fn(item);
  else if (v) fn(v);
}

/** The keys every row provides, when static. */
function providedFields(data: Node | undefined): string[] | undefined {
  let common: string[] | undefined;
  let isStatic = data !== undefined;
  forEachRow(data, (row) => {
    if (hasDynamicKeys(row)) isStatic = false;
    const keys = objectEntries(row).map((e) => e.name);
    common = common ? common.filter((k) => keys.includes(k)) : keys;
  });
  return isStatic ? common : undefined;
}

/**
 * `{ a: true }`, `[{ a: 'asc' }]`, `['a', 'b']`, `'a'`. Prisma names never start with `_`: `_count`/`_sum`/… hold
 * fields (`_count: { select: { posts: true } }` names relation fields), `_all` and `_relevance` are none.
 */
function readFields(value: Node | undefined, emit: (node: Node, name: string) => void): void {
  const v = unwrap(value);
  if (v?.type === 'ArrayExpression') for (const item of v.elements as Node[]) readFields(item, emit);
  else if (v?.type === 'Literal' && typeof v.value === 'string') emit(v, v.value);
  else {
    for (const e of objectEntries(v)) {
      const inner = unwrap(e.value);
      if (AGGREGATES.has(e.name)) inner?.type === 'ObjectExpression' && readFields(entry(inner, 'select') ?? inner, emit);
      else if (!e.name.startsWith('_')) emit(e.key, e.name);
    }
  }
}

/** Where filters: field keys, with AND/OR/NOT recursed into. */
function filterFields(value: Node | undefined, emit: (node: Node, name: string) => void): void {
  const v = unwrap(value);
  if (v?.type === 'ArrayExpression') {
    for (const item of v.elements as Node[]) filterFields(item, emit);
    return;
  }
  for (const e of objectEntries(v)) {
    if (LOGICAL.has(e.name) || isCompoundSelector(e)) filterFields(e.value, emit);
    else emit(e.key, e.name);
  }
}

/** `websiteId_visitId: { websiteId, visitId }`: the selector Prisma names after a compound @@id/@@unique's fields. */
function isCompoundSelector(e: { name: string; value: Node }): boolean {
  const fields = objectEntries(e.value).map((f) => f.name);
  // The object's keys may come in any order.
  const parts = (names: string[]) => names.flatMap((n) => n.split('_')).sort().join('_');
  return fields.length >= 2 && !hasDynamicKeys(e.value) && parts(fields) === parts([e.name]);
}
