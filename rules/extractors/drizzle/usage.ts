import type { Binding, JsContext, Node } from '../../../src/extractor.js';
import { walk } from '../../../src/extract/js.js';
import type { Access } from '../../../src/types.js';
import { hasDynamicKeys, keyName, modelEmitter, objectEntries, propertyName, unwrap, type ModelEmit, type ObjectEntry } from '../prisma/orm-shared.js';
import { tableCall } from './declarations.js';
import { aliasOf } from './markers.js';
import { WITH_PREFIX } from './relational.js';

export const NOTE_PREFIX = 'drizzle-table';
/** A column written by its database name in SQL through a table object (`sql\`${files}.user_id\``), not its JS key. */
export const SQL_COLUMN_PREFIX = 'drizzle-table-sql';

const POSITIONS: Record<string, Access> = {
  from: 'read', innerJoin: 'read', leftJoin: 'read', rightJoin: 'read', fullJoin: 'read', crossJoin: 'read',
  leftJoinLateral: 'read', innerJoinLateral: 'read', crossJoinLateral: 'read',
  insert: 'insert', update: 'update', delete: 'delete',
};
const QUERY_METHODS = new Set(['findMany', 'findFirst']);
/** Receivers whose `.from(x)` / `.delete(x)` are not queries: `Array.from(set)`, `Buffer.from(bytes)`. */
const NOT_CLIENTS = /^(Array|Buffer|Object|Promise|Set|Map|Iterator|AsyncIterator|Observable|Readable|[A-Z][a-z]*\d*Array)$/;

/** Per file: local names bound to table objects (name → the model, i.e. the exported const name). */
export interface DrizzleState {
  tables: Map<string, string>;
  /** Namespace imports (`import * as schema from './schema'`). */
  namespaces: Set<string>;
  /** Ranges of table declarations, whose member expressions are schema, not usage. */
  declarations: [number, number][];
  /** First parameters of callbacks in relational query options (`where: (t, { eq }) => …`). */
  callbackParams?: Set<string>;
}

function isProjectImport(source: string): boolean {
  if (/^[a-z][\w+.-]*:/.test(source)) return false; // node:fs, bun:test, virtual:…
  return /^(\.|@\/|~\/|#|\$)/.test(source) || !/^(@[\w.-]+\/)?[\w.-]+$/.test(source.split('/').slice(0, 2).join('/'));
}

/**
 * Whether a binding is local (a parameter, variable, function, class, catch or loop binding of an enclosing function or
 * block) rather than the module-level table object or import: `(files) => files.length` with `files` also imported.
 */
function isLocal(binding: Binding | undefined): boolean {
  return binding !== undefined && binding.kind !== 'import' && binding.scope.type !== 'Program';
}

/**
 * `db.query.agents.findFirst({ orderBy: (t, { desc }) => desc(t.updatedAt), where: (t, { eq }) => … })`: the first
 * parameter of a callback in a relational query's options is the queried table's columns; in the options of a
 * `with` entry, the related table's (a `with` path, `agents.runs`).
 */
function queryCallbackModel(ctx: JsContext, fn: Node, name: string): string | undefined {
  if (!/FunctionExpression$/.test(fn.type) || fn.params[0]?.type !== 'Identifier' || fn.params[0].name !== name) return undefined;
  const property = ctx.parentOf(fn);
  const options = property?.type === 'Property' && property.value === fn ? ctx.parentOf(property) : undefined;
  return options?.type === 'ObjectExpression' ? optionsPath(ctx, options) : undefined;
}

/** The table (or `with` path) an options object of a relational query is about. */
function optionsPath(ctx: JsContext, options: Node): string | undefined {
  const parent = ctx.parentOf(options);
  if (parent?.type === 'CallExpression') return parent.arguments[0] === options ? relationalQuery(parent)?.model : undefined;
  const relation = parent?.type === 'Property' && parent.value === options ? keyName(parent.key, parent.computed) : undefined;
  const entries = relation === undefined ? undefined : ctx.parentOf(parent!);
  const withEntry = entries && ctx.parentOf(entries);
  const isWith = withEntry?.type === 'Property' && withEntry.value === entries && keyName(withEntry.key, withEntry.computed) === 'with';
  const outer = isWith ? ctx.parentOf(withEntry) : undefined;
  const path = outer?.type === 'ObjectExpression' ? optionsPath(ctx, outer) : undefined;
  return path === undefined ? undefined : `${path}.${relation}`;
}

type OptionsVisitor = (options: Node | undefined, path: string, related?: ObjectEntry) => void;

/**
 * Calls `fn` for a relational query's options and, through `with`, those of each related table, with its path and
 * its `with` entry.
 */
function forEachOptions(options: Node | undefined, path: string, fn: OptionsVisitor, related?: ObjectEntry): void {
  fn(options, path, related);
  const nested = objectEntries(options).find((e) => e.name === 'with');
  for (const e of objectEntries(nested?.value)) forEachOptions(e.value, `${path}.${e.name}`, fn, e);
}

/** `db.query.<model>.findMany(...)` / `findFirst(...)`. */
function relationalQuery(call: Node): { model: string; table: Node } | undefined {
  const callee = call.callee;
  if (callee.type !== 'MemberExpression' || !QUERY_METHODS.has(propertyName(callee) ?? '')) return undefined;
  const table = callee.object;
  if (table.type !== 'MemberExpression' || table.computed || propertyName(table.object) !== 'query') return undefined;
  return { model: propertyName(table)!, table };
}

/** The model named by a table-position argument: `users` or `schema.users`. */
export function tableModel(ctx: JsContext, state: DrizzleState, node: Node | undefined): string | undefined {
  const n = unwrap(node);
  if (n?.type === 'Identifier') {
    if (!state.tables.has(n.name) && !state.callbackParams?.has(n.name)) return undefined;
    const binding = ctx.bindingOf(n);
    if (binding?.kind === 'parameter') return queryCallbackModel(ctx, binding.scope, n.name);
    return isLocal(binding) ? undefined : state.tables.get(n.name);
  }
  if (n?.type === 'MemberExpression' && !n.computed && n.object.type === 'Identifier' && state.namespaces.has(n.object.name)) {
    return isLocal(ctx.bindingOf(n.object)) ? undefined : propertyName(n);
  }
  return undefined;
}

/** The table object an identifier imported from a project module names (its exported name). */
export function importedModel(ctx: JsContext, node: Node | undefined): string | undefined {
  const binding = node?.type === 'Identifier' ? ctx.imports.get(node.name) : undefined;
  if (!binding || binding.imported === '*' || !isProjectImport(binding.source) || ctx.evaluate(node) !== undefined) return undefined;
  return binding.imported === 'default' ? node!.name : binding.imported;
}

export function collectTables(ctx: JsContext, program: Node): DrizzleState {
  const state: DrizzleState = { tables: new Map(), namespaces: new Set(), declarations: [] };
  for (const binding of ctx.imports.values()) {
    if (binding.imported === '*' && isProjectImport(binding.source)) state.namespaces.add(binding.local);
  }
  const aliases: [string, Node][] = [];
  const asTable = (arg: Node | undefined) => {
    const model = importedModel(ctx, arg);
    if (model !== undefined) state.tables.set(arg!.name, model);
  };
  walk(program, (node) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && unwrap(node.init)?.type === 'CallExpression') {
      if (tableCall(ctx, unwrap(node.init)!)) state.tables.set(node.id.name, node.id.name);
      const aliased = aliasOf(ctx, node.init);
      if (aliased) aliases.push([node.id.name, aliased]);
    }
    if (node.type !== 'CallExpression') return;
    if (tableCall(ctx, node)) state.declarations.push([node.start, node.end]);
    const query = relationalQuery(node);
    if (query) forEachOptions(node.arguments[0], query.model, (options) => {
      for (const e of objectEntries(options)) {
        const fn = unwrap(e.value);
        if (fn && /FunctionExpression$/.test(fn.type) && fn.params[0]?.type === 'Identifier') {
          (state.callbackParams ??= new Set()).add(fn.params[0].name);
        }
      }
    });
    if (node.callee.type !== 'MemberExpression') return;
    const method = propertyName(node.callee);
    const arg = unwrap(node.arguments[0]);
    if (!method || !(method in POSITIONS) || arg?.type !== 'Identifier' || !isClient(node.callee.object)) return;
    asTable(arg);
  });
  // `const parent = alias(comments, 'parent')`: queries through the alias use the aliased table's columns.
  for (const [name, table] of aliases) {
    asTable(table);
    const model = tableModel(ctx, state, table);
    if (model !== undefined) state.tables.set(name, model);
  }
  return state;
}

type Emit = ModelEmit;

/** Emits references to a table object (`users`), or to the table a `with` path leads to (`users.posts`). */
export function makeEmitter(ctx: JsContext): Emit {
  const table = modelEmitter(ctx, NOTE_PREFIX);
  const related = modelEmitter(ctx, WITH_PREFIX, (path) => path.slice(path.lastIndexOf('.') + 1));
  return (kind, node, model, ...rest) => (model.includes('.') ? related : table)(kind, node, model, ...rest);
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

/** Not `Array.from(x)` nor `Buffer.from(x)`. */
function isClient(receiver: Node): boolean {
  const r = unwrap(receiver);
  return !(r?.type === 'Identifier' && NOT_CLIENTS.test(r.name));
}

/** `.from(users)`, `db.insert(users).values({...})`, `db.update(users).set({...})`, `db.delete(users)`. */
export function visitPositionCall(ctx: JsContext, state: DrizzleState, call: Node, emit: Emit): void {
  if (call.callee.type !== 'MemberExpression' || !isClient(call.callee.object)) return;
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

/**
 * `db.query.users.findMany({ columns: { id: true }, with: { posts: { columns: { title: true } } } })`: the related
 * tables through their `with` paths (`users.posts`), which the resolver follows to the table `relations()` names.
 */
export function visitQueryCall(ctx: JsContext, call: Node, emit: Emit): void {
  const query = relationalQuery(call);
  if (!query) return;
  emit('relation', query.table.property, query.model, query.model, 'read');
  forEachOptions(call.arguments[0], query.model, (options, path, related) => {
    if (related) emit('relation', related.key, path, related.name, 'read');
    const columns = objectEntries(options).find((e) => e.name === 'columns');
    for (const e of objectEntries(columns?.value)) emit('column', e.key, path, e.name, 'read');
  });
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
