import type { JsContext, Node } from '../../../src/extractor.js';
import { walk } from '../../../src/extract/js.js';
import type { Access } from '../../../src/types.js';
import { hasDynamicKeys, modelEmitter, objectEntries, propertyName, unwrap, type ModelEmit } from '../prisma/orm-shared.js';
import { tableCall } from './declarations.js';

export const NOTE_PREFIX = 'drizzle-table';

const POSITIONS: Record<string, Access> = {
  from: 'read', innerJoin: 'read', leftJoin: 'read', rightJoin: 'read', fullJoin: 'read', crossJoin: 'read', join: 'read',
  insert: 'insert', update: 'update', delete: 'delete',
};
const QUERY_METHODS = new Set(['findMany', 'findFirst']);

/** Per file: local names bound to table objects (name → the model, i.e. the exported const name). */
export interface DrizzleState {
  tables: Map<string, string>;
  /** Namespace imports (`import * as schema from './schema'`). */
  namespaces: Set<string>;
  /** Ranges of table declarations, whose member expressions are schema, not usage. */
  declarations: [number, number][];
}

function isProjectImport(source: string): boolean {
  return /^(\.|@\/|~\/|#|\$)/.test(source) || !/^(@[\w.-]+\/)?[\w.-]+$/.test(source.split('/').slice(0, 2).join('/'));
}

/** The model named by a table-position argument: `users` or `schema.users`. */
function tableModel(ctx: JsContext, state: DrizzleState, node: Node | undefined): string | undefined {
  const n = unwrap(node);
  if (n?.type === 'Identifier') return state.tables.get(n.name);
  if (n?.type === 'MemberExpression' && !n.computed && n.object.type === 'Identifier' && state.namespaces.has(n.object.name)) {
    return propertyName(n);
  }
  void ctx;
  return undefined;
}

export function collectTables(ctx: JsContext, program: Node): DrizzleState {
  const state: DrizzleState = { tables: new Map(), namespaces: new Set(), declarations: [] };
  for (const binding of ctx.imports.values()) {
    if (binding.imported === '*' && isProjectImport(binding.source)) state.namespaces.add(binding.local);
  }
  walk(program, (node) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && unwrap(node.init)?.type === 'CallExpression') {
      if (tableCall(ctx, unwrap(node.init)!)) state.tables.set(node.id.name, node.id.name);
    }
    if (node.type === 'CallExpression' && tableCall(ctx, node)) state.declarations.push([node.start, node.end]);
    if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return;
    const method = propertyName(node.callee);
    const arg = unwrap(node.arguments[0]);
    if (!method || !(method in POSITIONS) || arg?.type !== 'Identifier') return;
    const binding = ctx.imports.get(arg.name);
    if (binding && binding.imported !== '*' && isProjectImport(binding.source) && ctx.evaluate(arg) === undefined) {
      state.tables.set(arg.name, binding.imported === 'default' ? arg.name : binding.imported);
    }
  });
  return state;
}

type Emit = ModelEmit;

export function makeEmitter(ctx: JsContext): Emit {
  return modelEmitter(ctx, NOTE_PREFIX);
}

/** The call `x.<name>(...)` that directly wraps `call` in a chain: `db.insert(t).values({...})`. */
function chained(ctx: JsContext, call: Node, name: string): Node | undefined {
  const member = ctx.parentOf(call);
  const outer = member && ctx.parentOf(member);
  return member?.type === 'MemberExpression' && propertyName(member) === name && outer?.type === 'CallExpression' ? outer : undefined;
}

function rows(value: Node | undefined): Node[] {
  const v = unwrap(value);
  if (v?.type === 'ArrayExpression') return (v.elements as Node[]).filter(Boolean);
  return v ? [v] : [];
}

/** `.from(users)`, `db.insert(users).values({...})`, `db.update(users).set({...})`, `db.delete(users)`. */
export function visitPositionCall(ctx: JsContext, state: DrizzleState, call: Node, emit: Emit): void {
  if (call.callee.type !== 'MemberExpression') return;
  const method = propertyName(call.callee);
  const access = method === undefined ? undefined : POSITIONS[method];
  const target = call.arguments[0] as Node | undefined;
  const model = access ? tableModel(ctx, state, target) : undefined;
  if (!access || !model || !target) return;
  const written = ctx.source.slice(target.start, target.end);
  if (access === 'insert') {
    const values = rows(chained(ctx, call, 'values')?.arguments[0]);
    const isStatic = values.length > 0 && values.every((row) => !hasDynamicKeys(row));
    const keys = values.map((row) => objectEntries(row).map((e) => e.name));
    const provides = isStatic ? keys.reduce((a, b) => a.filter((k) => b.includes(k))) : undefined;
    emit('relation', target, model, written, access, provides);
    for (const row of values) for (const e of objectEntries(row)) emit('column', e.key, model, e.name, 'insert');
    return;
  }
  emit('relation', target, model, written, access);
  if (access === 'update') {
    for (const e of objectEntries(chained(ctx, call, 'set')?.arguments[0])) emit('column', e.key, model, e.name, 'update');
  }
}

/** `db.query.users.findMany({ columns: { id: true } })`. */
export function visitQueryCall(ctx: JsContext, call: Node, emit: Emit): void {
  const callee = call.callee;
  if (callee.type !== 'MemberExpression' || !QUERY_METHODS.has(propertyName(callee) ?? '')) return;
  const table = callee.object;
  if (table.type !== 'MemberExpression' || table.computed || propertyName(table.object) !== 'query') return;
  const model = propertyName(table)!;
  emit('relation', table.property, model, model, 'read');
  const columns = objectEntries(call.arguments[0] as Node | undefined).find((e) => e.name === 'columns');
  for (const e of objectEntries(columns?.value)) emit('column', e.key, model, e.name, 'read');
}

/** `users.email` (and `schema.users.email`) outside table declarations. */
export function visitMember(ctx: JsContext, state: DrizzleState, member: Node, emit: Emit): void {
  if (member.computed) return;
  const model = tableModel(ctx, state, member.object);
  const column = propertyName(member);
  if (!model || !column || column.startsWith('$') || column.startsWith('_')) return;
  const parent = ctx.parentOf(member);
  if (parent?.type === 'CallExpression' && parent.callee === member) return;
  if (state.declarations.some(([start, end]) => member.start >= start && member.end <= end)) return;
  emit('column', member, model, column, 'read');
}
