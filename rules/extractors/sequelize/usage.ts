import type { JsContext, Node } from '../../../src/extractor.js';
import type { Access } from '../../../src/types.js';
import { entry, hasDynamicKeys, modelEmitter, objectEntries, propertyName, unwrap } from '../prisma/orm-shared.js';
import { defaultTableName } from './models.js';

export const NOTE_PREFIX = 'sequelize-model';

type OpKind = 'options' | 'none' | 'insert' | 'update' | 'column';
const OPERATIONS: Record<string, [Access, OpKind]> = {
  findAll: ['read', 'options'], findOne: ['read', 'options'], findAndCountAll: ['read', 'options'],
  findOrCreate: ['insert', 'options'], count: ['read', 'options'], findByPk: ['read', 'none'],
  max: ['read', 'column'], min: ['read', 'column'], sum: ['read', 'column'],
  create: ['insert', 'insert'], bulkCreate: ['insert', 'insert'], upsert: ['insert', 'insert'],
  update: ['update', 'update'], increment: ['update', 'column'], decrement: ['update', 'column'],
  destroy: ['delete', 'options'], restore: ['update', 'options'],
};
// Names distinctive enough to accept on `db.User` / `models.User` receivers.
const DISTINCT = new Set(['findAll', 'findByPk', 'findAndCountAll', 'findOrCreate', 'bulkCreate', 'destroy']);

function isProjectImport(source: string): boolean {
  return /^(\.|@\/|~\/|#)/.test(source);
}

/** The model a receiver names: a local model, a model imported from the project, or `db.User`. */
function receiverModel(ctx: JsContext, models: Set<string>, node: Node, op: string): string | undefined {
  const n = unwrap(node);
  if (n?.type === 'Identifier') {
    if (models.has(n.name)) return n.name;
    const binding = ctx.imports.get(n.name);
    return binding && /^[A-Z]/.test(n.name) && isProjectImport(binding.source) ? n.name : undefined;
  }
  if (n?.type === 'MemberExpression' && !n.computed && DISTINCT.has(op)) {
    const name = propertyName(n);
    return name && /^[A-Z]/.test(name) && n.object.type === 'Identifier' ? name : undefined;
  }
  return undefined;
}

/** Field names in `['a', ['b', 'alias']]`, `{ a: 1 }`, `'a'`, `[['a', 'DESC']]`. */
function fields(value: Node | undefined, emit: (node: Node, name: string) => void, nested = false): void {
  const v = unwrap(value);
  if (v?.type === 'ArrayExpression') {
    const items = (v.elements as Node[]).filter(Boolean);
    if (nested) fields(items[0], emit);
    else for (const item of items) fields(item, emit, true);
  } else if (v?.type === 'Literal' && typeof v.value === 'string') emit(v, v.value);
  else for (const e of objectEntries(v)) emit(e.key, e.name);
}

function rows(value: Node | undefined): Node[] {
  const v = unwrap(value);
  if (v?.type === 'ArrayExpression') return (v.elements as Node[]).filter(Boolean);
  return v?.type === 'ObjectExpression' ? [v] : [];
}

export function visitModelCall(ctx: JsContext, models: Set<string>, call: Node): void {
  const callee = call.callee;
  if (callee.type !== 'MemberExpression' || callee.computed) return;
  const name = propertyName(callee)!;
  const op = OPERATIONS[name];
  const model = op && receiverModel(ctx, models, callee.object, name);
  if (!op || !model) return;
  const [access, kind] = op;
  const args = call.arguments as Node[];
  const emitModel = modelEmitter(ctx, NOTE_PREFIX, (m) => defaultTableName(m, false));
  const emit = (refKind: 'relation' | 'column', node: Node, written: string, refAccess: Access, provides?: string[]) =>
    emitModel(refKind, node, model, written, refAccess, provides);
  const column = (refAccess: Access) => (node: Node, n: string) => emit('column', node, n, refAccess);
  const options = (value: Node | undefined) => {
    for (const key of ['where', 'attributes', 'order', 'group']) {
      const v = unwrap(entry(value, key));
      if (key === 'attributes' && v?.type === 'ObjectExpression') {
        for (const part of ['include', 'exclude']) fields(entry(v, part), column('read'));
      } else if (key === 'where') for (const e of objectEntries(v)) emit('column', e.key, e.name, 'read');
      else fields(v, column('read'));
    }
  };
  if (kind === 'insert') {
    const data = rows(args[0]);
    const isStatic = data.length > 0 && data.every((r) => !hasDynamicKeys(r));
    const keys = data.map((r) => objectEntries(r).map((e) => e.name));
    emit('relation', callee.property, model, access, isStatic ? keys.reduce((a, b) => a.filter((k) => b.includes(k))) : undefined);
    for (const r of data) for (const e of objectEntries(r)) emit('column', e.key, e.name, 'insert');
    return;
  }
  emit('relation', callee.property, model, access);
  if (kind === 'options') options(args[0]);
  else if (kind === 'update') {
    for (const e of objectEntries(args[0])) emit('column', e.key, e.name, 'update');
    options(args[1]);
  } else if (kind === 'column') {
    fields(args[0], column(access));
    options(args[1]);
  }
}
