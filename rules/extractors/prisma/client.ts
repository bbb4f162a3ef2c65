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
  /** Type aliases of the file that name a client: `type DbClient = PrismaClient | Prisma.TransactionClient`. */
  types: Set<string>;
  /**
   * Functions and methods of the file, by name, and whether each returns a client (`const getDb = (tx?:
   * Prisma.TransactionClient) => tx ?? prisma`), worked out when a call of it is first used as a client.
   */
  functions: Map<string, Node>;
  factories: Map<string, boolean>;
  /** Consts initialised with an object or array literal, seen so far; and those already read as a call's argument. */
  objectConsts: Set<string>;
  followed: Set<Node>;
}

export function clientState(): ClientState {
  return { names: new Set(), types: new Set(), functions: new Map(), factories: new Map(), objectConsts: new Set(), followed: new Set() };
}

/**
 * A type annotation naming a Prisma client: `PrismaClient`, `Prisma.TransactionClient`, `PrismaReplicaClient | null`,
 * `typeof prisma`, or a type alias of the file that names one.
 */
function isClientType(state: ClientState, type: Node | null | undefined): boolean {
  if (!type) return false;
  if (type.type === 'TSTypeAnnotation') return isClientType(state, type.typeAnnotation);
  if (type.type === 'TSUnionType' || type.type === 'TSIntersectionType') return (type.types as Node[]).some((t) => isClientType(state, t));
  if (type.type === 'TSTypeQuery') return type.exprName?.type === 'Identifier' && isClient(state, type.exprName);
  if (type.type !== 'TSTypeReference') return false;
  const name = typeName(type.typeName);
  if (name !== undefined && state.types.has(name)) return true;
  if (name !== undefined && TYPE_WRAPPERS.has(name)) return isClientType(state, type.typeArguments?.params?.[0]);
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
  if (identifier.typeAnnotation && isClientType(state, identifier.typeAnnotation)) state.names.add(identifier.name as string);
}

/** `#prisma: PrismaClient;` or `private replica: Prisma.TransactionClient` in a class: `this.<name>` holds a client. */
export function noteClassField(state: ClientState, field: Node): void {
  const name = memberKey(field.key, field.computed);
  if (name !== undefined && isClientType(state, field.typeAnnotation)) state.names.add(name);
}

/** A member name, with private names (`this.#prisma`) read without their `#`. */
function memberKey(key: Node | undefined, computed: boolean): string | undefined {
  return key?.type === 'PrivateIdentifier' ? (key.name as string) : keyName(key, computed);
}

/** `const selectUser = { id: true }`: a const whose object a call may take by name (looked up only then). */
export function noteObjectConst(ctx: JsContext, state: ClientState, declarator: Node): void {
  const kind = unwrap(declarator.init)?.type;
  if (declarator.id.type === 'Identifier' && (kind === 'ObjectExpression' || kind === 'ArrayExpression') && ctx.parentOf(declarator)?.kind === 'const') {
    state.objectConsts.add(declarator.id.name);
  }
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
    if (n.type !== 'TSNonNullExpression' && n.type !== 'ParenthesizedExpression' && isClientType(state, n.typeAnnotation)) return true;
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
  // `getDbClient(tx).user`, `this.clientFor(tx).user`: a function or method of the file that returns a client.
  if (n?.type === 'CallExpression') {
    const callee = unwrap(n.callee);
    if (callee?.type === 'Identifier') return isFactory(state, callee.name);
    if (callee?.type === 'MemberExpression' && !callee.computed && callee.object.type === 'ThisExpression') {
      const name = memberKey(callee.property, false);
      return name !== undefined && isFactory(state, name);
    }
  }
  return false;
}

function isFactory(state: ClientState, name: string): boolean {
  let known = state.factories.get(name);
  if (known === undefined) {
    const fn = state.functions.get(name);
    // Set first: a function that returns a call of itself is not a client on that account.
    state.factories.set(name, false);
    known = fn !== undefined && returnsClient(state, fn);
    state.factories.set(name, known);
  }
  return known;
}

/**
 * Before the file is visited: its type aliases that name a client, and its top-level functions and class methods, any
 * of which may return one (by its return type, or because every `return` gives a client; function declarations are
 * hoisted, so a call may come first).
 */
export function noteProgram(state: ClientState, program: Node): void {
  const statements = (program.body as Node[]).map((s) =>
    (s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration') && s.declaration ? (s.declaration as Node) : s,
  );
  const aliases = statements.filter((s) => s.type === 'TSTypeAliasDeclaration');
  // Aliases of aliases: repeat until nothing is added.
  for (let added = true; added; ) {
    added = false;
    for (const alias of aliases) {
      const name = alias.id.name as string;
      if (!state.types.has(name) && isClientType(state, alias.typeAnnotation)) (state.types.add(name), (added = true));
    }
  }
  const functions = state.functions;
  for (const s of statements) {
    if (s.type === 'FunctionDeclaration' && s.id) functions.set(s.id.name, s);
    else if (s.type === 'VariableDeclaration') {
      for (const d of s.declarations as Node[]) {
        const init = unwrap(d.init);
        if (d.id.type === 'Identifier' && init && /FunctionExpression$/.test(init.type)) functions.set(d.id.name, init);
      }
    } else if (s.type === 'ClassDeclaration' || s.type === 'ClassExpression') {
      for (const m of s.body.body as Node[]) {
        const name = m.type === 'MethodDefinition' && m.kind === 'method' ? memberKey(m.key, m.computed) : undefined;
        if (name !== undefined) functions.set(name, m.value);
      }
    }
  }
}

function returnsClient(state: ClientState, fn: Node): boolean {
  if (isClientType(state, fn.returnType)) return true;
  // `(tx?: DbClient) => tx ?? fallback`: the parameters' types are known before the file is visited.
  for (const param of (fn.params ?? []) as Node[]) {
    const id = param.type === 'AssignmentPattern' ? param.left : param;
    if (id?.type === 'Identifier') noteTypedBinding(state, id);
  }
  if (fn.body?.type !== 'BlockStatement') return fn.body ? isClient(state, fn.body) : false;
  const returned: (Node | null)[] = [];
  const visit = (node: Node | null | undefined): void => {
    if (!node || typeof node.type !== 'string' || /Function|Class/.test(node.type)) return;
    if (node.type === 'ReturnStatement') returned.push(node.argument);
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) for (const v of value) v && typeof v === 'object' && visit(v as Node);
      else if (value && typeof value === 'object' && typeof (value as Node).type === 'string') visit(value as Node);
    }
  };
  for (const statement of fn.body.body as Node[]) visit(statement);
  return returned.length > 0 && returned.every((r) => r !== null && isClient(state, r));
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
    const value = followConstant(ctx, state, e.value);
    if (READ_KEYS.includes(e.name)) readFields(value, (node, name) => emit('column', node, name, 'read'));
    else if (FILTER_KEYS.includes(e.name)) filterFields(value, (node, name) => emit('column', node, name, 'read'));
    else if (e.name === 'data') forEachRow(value, (row) => columns(row, access === 'insert' ? 'insert' : 'update'));
    else if (e.name === 'create') columns(value, 'insert');
    else if (e.name === 'update') columns(value, 'update');
  }
}

/**
 * `select: selectWorkspace` where the file holds `const selectWorkspace = { id: true, ... }`: the object literal the
 * const is initialised with, read once per file (at its own keys) however many calls use it. A const typed as a
 * model's argument type (`: Prisma.UserSelect`, `satisfies Prisma.UserSelect`) is read where it is declared.
 */
function followConstant(ctx: JsContext, state: ClientState, value: Node): Node | undefined {
  const v = unwrap(value);
  if (v?.type !== 'Identifier') return value;
  // The scopes are analysed only for a name some const of the file holds an object under.
  if (!state.objectConsts.has(v.name)) return undefined;
  const init = ctx.constantAt(v);
  const object = unwrap(init);
  if (!init || (object?.type !== 'ObjectExpression' && object?.type !== 'ArrayExpression') || state.followed.has(object)) return undefined;
  const declarator = ctx.parentOf(init);
  if (declarator?.type === 'VariableDeclarator' && declaredArgumentType(declarator)) return undefined;
  state.followed.add(object);
  return object;
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

// The generated argument types of a model, `Prisma.<Model><Suffix>`, and how their keys read.
const TYPED_ARGUMENT =
  /^(\w+?)(Select|Include|Omit|OrderByWithRelationInput|OrderByWithAggregationInput|WhereInput|WhereUniqueInput|CreateInput|UncheckedCreateInput|CreateManyInput|UpdateInput|UncheckedUpdateInput|UpdateManyMutationInput)$/;
// `UserScalarWhereInput`, `UserCountOutputTypeSelect`, `NestedIntFilter`: generated types that name no model.
const NOT_A_MODEL = /Scalar$|CountOutputType$|^Nested/;

interface TypedArgument {
  model: string;
  role: 'read' | 'filter' | 'insert' | 'update';
}

/** `Prisma.SurveySelect`, `Prisma.ContactWhereInput[]`, `Prisma.UserCreateInput | undefined`. */
function typedArgument(type: Node | null | undefined): TypedArgument | undefined {
  if (!type) return undefined;
  if (type.type === 'TSTypeAnnotation') return typedArgument(type.typeAnnotation);
  if (type.type === 'TSArrayType') return typedArgument(type.elementType);
  if (type.type === 'TSUnionType') {
    for (const t of type.types as Node[]) {
      const found = typedArgument(t);
      if (found) return found;
    }
    return undefined;
  }
  if (type.type !== 'TSTypeReference' || type.typeName?.type !== 'TSQualifiedName') return undefined;
  if (type.typeName.left.type !== 'Identifier' || type.typeName.left.name !== 'Prisma') return undefined;
  const match = TYPED_ARGUMENT.exec(type.typeName.right.name as string);
  if (!match || NOT_A_MODEL.test(match[1]!)) return undefined;
  const suffix = match[2]!;
  const role = /Where/.test(suffix) ? 'filter' : /Create/.test(suffix) ? 'insert' : /Update/.test(suffix) ? 'update' : 'read';
  return { model: match[1]!, role };
}

/**
 * An object literal typed as a model's generated argument type, away from any call: `const where:
 * Prisma.SurveyWhereInput = {...}`, `const selectUser = {...} satisfies Prisma.UserSelect`, and what a function whose
 * return type is one returns. The type names the model, so its keys are that model's fields.
 */
export function visitTypedDeclarator(ctx: JsContext, declarator: Node): void {
  const typed = declaredArgumentType(declarator);
  if (typed) emitTypedObject(ctx, typed, declarator.init);
}

function declaredArgumentType(declarator: Node): TypedArgument | undefined {
  let typed = typedArgument(declarator.id.typeAnnotation);
  let n: Node | undefined = declarator.init ?? undefined;
  while (!typed && n && (n.type === 'TSAsExpression' || n.type === 'TSSatisfiesExpression')) {
    typed = typedArgument(n.typeAnnotation);
    n = n.expression as Node;
  }
  return typed;
}

/** `(): Prisma.SurveyWhereInput => ({...})` and `return {...}` in a function with such a return type. */
export function visitTypedReturn(ctx: JsContext, node: Node): void {
  if (node.type === 'ArrowFunctionExpression') {
    if (node.body?.type !== 'BlockStatement') {
      const typed = typedArgument(node.returnType);
      if (typed) emitTypedObject(ctx, typed, node.body);
    }
    return;
  }
  let fn = ctx.parentOf(node);
  while (fn && !/Function/.test(fn.type)) fn = ctx.parentOf(fn);
  const typed = typedArgument(fn?.returnType);
  if (typed) emitTypedObject(ctx, typed, node.argument);
}

function emitTypedObject(ctx: JsContext, typed: TypedArgument, value: Node | null | undefined): void {
  const emitModel = modelEmitter(ctx, NOTE_PREFIX);
  const emit = (access: Access) => (node: Node, name: string) => emitModel('column', node, typed.model, name, access);
  const visit = (v: Node | undefined): void => {
    if (v?.type === 'ConditionalExpression') return (visit(unwrap(v.consequent)), visit(unwrap(v.alternate)));
    if (v?.type === 'ArrayExpression') return (v.elements as Node[]).forEach((e) => e && visit(unwrap(e)));
    if (v?.type !== 'ObjectExpression') return;
    if (typed.role === 'read') readFields(v, emit('read'));
    else if (typed.role === 'filter') filterFields(v, emit('read'));
    else for (const e of objectEntries(v)) emit(typed.role)(e.key, e.name);
  };
  visit(unwrap(value));
}

