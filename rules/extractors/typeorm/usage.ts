import type { JsContext, Node } from '../../../src/extractor.js';
import type { Access } from '../../../src/types.js';
import { hasDynamicKeys, modelEmitter, objectEntries, propertyName, unwrap, type ModelEmit } from '../prisma/orm-shared.js';
import { decorators, typeormSnakeCase } from './entities.js';

export const NOTE_PREFIX = 'typeorm-entity';

type OpKind = 'options' | 'where' | 'insert' | 'update' | 'delete' | 'column' | 'builder';
const OPERATIONS: Record<string, [Access, OpKind]> = {
  find: ['read', 'options'], findOne: ['read', 'options'], findOneOrFail: ['read', 'options'],
  findAndCount: ['read', 'options'], count: ['read', 'options'], exists: ['read', 'options'],
  findBy: ['read', 'where'], findOneBy: ['read', 'where'], findOneByOrFail: ['read', 'where'],
  findAndCountBy: ['read', 'where'], countBy: ['read', 'where'], existsBy: ['read', 'where'],
  sum: ['read', 'column'], average: ['read', 'column'], minimum: ['read', 'column'], maximum: ['read', 'column'],
  insert: ['insert', 'insert'], save: ['insert', 'insert'], upsert: ['insert', 'insert'],
  update: ['update', 'update'], increment: ['update', 'column'], decrement: ['update', 'column'],
  delete: ['delete', 'where'], softDelete: ['delete', 'where'], restore: ['update', 'where'],
  createQueryBuilder: ['read', 'builder'],
};
const MANAGER = /(^|\.)(manager|entityManager|em)$/i;

/** Per file: names holding a repository (`repo`, `this.userRepo`) → the entity class name. */
export type Repositories = Map<string, string>;

function receiverKey(node: Node | undefined): string | undefined {
  const n = unwrap(node);
  if (n?.type === 'Identifier') return n.name;
  if (n?.type === 'MemberExpression' && !n.computed && n.object.type === 'ThisExpression') return `this.${propertyName(n)}`;
  return undefined;
}

function entityArg(node: Node | undefined): string | undefined {
  const n = unwrap(node);
  return n?.type === 'Identifier' && /^[A-Z]/.test(n.name) ? n.name : undefined;
}

/** `x.getRepository(User)` / `getRepository(User)`. */
function repositoryCall(node: Node | undefined): string | undefined {
  const n = unwrap(node);
  if (n?.type === 'AwaitExpression') return repositoryCall(n.argument);
  return n?.type === 'CallExpression' && propertyName(n.callee) === 'getRepository' ? entityArg(n.arguments[0]) : undefined;
}

/** `const repo = ds.getRepository(User)`; `@InjectRepository(User) private repo: Repository<User>`. */
export function noteRepository(repos: Repositories, node: Node): void {
  if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') {
    const entity = repositoryCall(node.init);
    if (entity) repos.set(node.id.name, entity);
    return;
  }
  const isParam = node.type === 'TSParameterProperty';
  const target = isParam ? node.parameter : node;
  const name = isParam ? target?.name : propertyName(node.key);
  if (!name) return;
  const injected = decorators(node).find((d) => d.name === 'InjectRepository');
  const typeRef = target.typeAnnotation?.typeAnnotation;
  const typed =
    typeRef?.type === 'TSTypeReference' && propertyName(typeRef.typeName) === 'Repository'
      ? propertyName(typeRef.typeArguments?.params?.[0]?.typeName)
      : undefined;
  const entity = (injected && entityArg(injected.args[0])) ?? typed ?? (node.type === 'PropertyDefinition' ? repositoryCall(node.value) : undefined);
  if (entity) repos.set(`this.${name}`, entity);
}

type Emit = ModelEmit;

export function makeEmitter(ctx: JsContext): Emit {
  return modelEmitter(ctx, NOTE_PREFIX, typeormSnakeCase);
}

function rows(value: Node | undefined): Node[] {
  const v = unwrap(value);
  if (v?.type === 'ArrayExpression') return (v.elements as Node[]).filter(Boolean);
  return v?.type === 'ObjectExpression' ? [v] : [];
}

/** Field names in `{ a: 1 }`, `[{ a }, { b }]`, `['a', 'b']`. */
function fields(value: Node | undefined, emit: (node: Node, name: string) => void): void {
  const v = unwrap(value);
  if (v?.type === 'ArrayExpression') for (const item of v.elements as Node[]) fields(item, emit);
  else if (v?.type === 'Literal' && typeof v.value === 'string') emit(v, v.value);
  else for (const e of objectEntries(v)) emit(e.key, e.name);
}

/** Repository and EntityManager calls: `repo.find({ where })`, `manager.insert(User, {...})`. */
export function visitCall(ctx: JsContext, repos: Repositories, call: Node, emit: Emit): void {
  const callee = call.callee;
  if (callee.type !== 'MemberExpression' || callee.computed) return;
  const op = OPERATIONS[propertyName(callee) ?? ''];
  if (!op) return;
  let args = call.arguments as Node[];
  const key = receiverKey(callee.object);
  let entity = (key && repos.get(key)) ?? repositoryCall(callee.object);
  if (!entity && MANAGER.test(ctx.source.slice(callee.object.start, callee.object.end)) && op[1] !== 'builder') {
    entity = entityArg(args[0]);
    args = args.slice(1);
  }
  if (!entity) return;
  const [access, kind] = op;
  const column = (refAccess: Access) => (node: Node, name: string) => emit('column', node, entity!, name, refAccess);
  const written = entity;
  if (kind === 'insert') {
    const data = rows(args[0]);
    const isStatic = data.length > 0 && data.every((r) => !hasDynamicKeys(r));
    const keys = data.map((r) => objectEntries(r).map((e) => e.name));
    const provides = isStatic && propertyName(callee) !== 'save' ? keys.reduce((a, b) => a.filter((k) => b.includes(k))) : undefined;
    emit('relation', callee.property, entity, written, access, provides);
    for (const r of data) fields(r, column('insert'));
    return;
  }
  emit('relation', callee.property, entity, written, access);
  if (kind === 'where') fields(args[0], column('read'));
  else if (kind === 'update') (fields(args[0], column('read')), fields(args[1], column('update')));
  else if (kind === 'column') (fields(args[0], column('read')), fields(args[1], column(access)));
  else if (kind === 'options') {
    for (const e of objectEntries(args[0])) {
      if (['where', 'select', 'order', 'relations'].includes(e.name)) fields(e.value, column('read'));
    }
  }
}

/** Query builder `.from(User, 'u')` / `.from('users', 'u')`, `.into(User)`, after a `createQueryBuilder()`. */
export function visitBuilderCall(ctx: JsContext, call: Node, emit: Emit): void {
  const callee = call.callee;
  const method = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
  if (method !== 'from' && method !== 'into') return;
  let root: Node | undefined = callee.object;
  let isBuilder = false;
  while (root?.type === 'CallExpression' && root.callee.type === 'MemberExpression') {
    if (propertyName(root.callee) === 'createQueryBuilder') isBuilder = true;
    root = root.callee.object;
  }
  const target = call.arguments[0] as Node | undefined;
  if (!isBuilder || !target) return;
  const access: Access = method === 'into' ? 'insert' : 'read';
  const entity = entityArg(target);
  if (entity) {
    emit('relation', target, entity, entity, access);
    return;
  }
  const name = ctx.evaluate(target);
  ctx.addReference({
    kind: 'relation',
    relation: { schema: null, name: name ?? ctx.source.slice(target.start, target.end) },
    access,
    written: ctx.source.slice(target.start, target.end),
    quoted: false,
    confidence: name === undefined ? 'dynamic' : 'exact',
    location: ctx.locate(target.start, target.end),
  });
}
