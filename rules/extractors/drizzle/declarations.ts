import type { JsContext, Node } from '../../../src/extractor.js';
import type { DeclaredColumn } from '../../../src/types.js';
import { keyName, objectEntries, propertyName, unwrap } from '../prisma/orm-shared.js';

const TABLE_FUNCTIONS = new Set(['pgTable']);
const CLIENT_DEFAULT_METHODS = new Set(['$defaultFn', '$default', '$onUpdate', '$onUpdateFn']);
/** How deep column helpers are followed (`createdAt()` → `timestamptz('created_at')` → `timestamp(name, …)`). */
const MAX_HELPER_DEPTH = 4;

/** `pgTableCreator((name) => \`app_${name}\`)`: the table name from the creator's template. */
export function creatorName(ctx: JsContext, creator: Node | undefined, name: string): string | undefined {
  const fn = unwrap(creator);
  if (!fn || !/FunctionExpression$/.test(fn.type) || fn.params[0]?.type !== 'Identifier') return undefined;
  const param = fn.params[0].name as string;
  const body = unwrap(fn.body.type === 'BlockStatement' ? fn.body.body.find((s: Node) => s.type === 'ReturnStatement')?.argument : fn.body);
  if (body?.type === 'Identifier' && body.name === param) return name;
  if (body?.type !== 'TemplateLiteral') return undefined;
  let out = body.quasis[0].value.cooked as string;
  for (let i = 0; i < body.expressions.length; i++) {
    const expr = body.expressions[i] as Node;
    const part = expr.type === 'Identifier' && expr.name === param ? name : ctx.evaluate(expr);
    if (part === undefined) return undefined;
    out += part + (body.quasis[i + 1].value.cooked as string);
  }
  return out;
}

export interface TableCall {
  schema: string | null;
  nameNode: Node;
  columns: Node | undefined;
  /** Maps the name written to the table name (pgTableCreator). */
  mapName: (name: string) => string | undefined;
  /**
   * The `pgSchema` object or `pgTableCreator` is imported from a project module (`agentSchema.table(...)` with
   * `import { agentSchema } from './schema-base'`): that module knows the schema and the name pattern.
   */
  from?: { name: string; source: string };
}

/** An identifier imported by name from a project module, not from drizzle-orm. */
function projectImport(ctx: JsContext, node: Node | undefined): { name: string; source: string } | undefined {
  const binding = node?.type === 'Identifier' ? ctx.imports.get(node.name) : undefined;
  if (!binding || binding.imported === '*' || binding.imported === 'default' || !isRelativeOrAlias(binding.source)) return undefined;
  return { name: binding.imported, source: binding.source };
}

/**
 * Whether a call's columns look like Drizzle's (`{ id: text('id') }` with `text` from drizzle-orm, or
 * `(t) => ({ id: t.text() })`): a call through an imported object is a table only then, and only when that object
 * turns out to be a pgSchema or pgTableCreator of the project.
 */
function drizzleColumns(ctx: JsContext, columns: Node | undefined): boolean {
  const fn = unwrap(columns);
  const param = fn && /FunctionExpression$/.test(fn.type) && fn.params[0]?.type === 'Identifier' ? (fn.params[0].name as string) : undefined;
  return objectEntries(columnsObject(columns)).some((e) => {
    const callee = builderChain(e.value)?.root.callee;
    if (callee?.type === 'MemberExpression') return param !== undefined && callee.object.type === 'Identifier' && callee.object.name === param;
    return callee?.type === 'Identifier' && (ctx.imports.get(callee.name)?.source.startsWith('drizzle-orm') ?? false);
  });
}

/** `pgTable(...)`, `s.table(...)` with `const s = pgSchema('s')`, `createTable(...)` with a pgTableCreator. */
export function tableCall(ctx: JsContext, call: Node): TableCall | undefined {
  const callee = call.callee;
  const [nameNode, columns] = call.arguments as Node[];
  if (!nameNode) return undefined;
  const same = (name: string) => name;
  if (callee.type === 'Identifier') {
    const imported = ctx.imports.get(callee.name);
    if (TABLE_FUNCTIONS.has(imported?.imported ?? callee.name) && (!imported || imported.source.startsWith('drizzle-orm'))) {
      return { schema: null, nameNode, columns, mapName: same };
    }
    const init = unwrap(ctx.constantAt(callee));
    if (init?.type === 'CallExpression' && propertyName(init.callee) === 'pgTableCreator') {
      return { schema: null, nameNode, columns, mapName: (name) => creatorName(ctx, init.arguments[0], name) };
    }
    const from = projectImport(ctx, callee);
    return from && drizzleColumns(ctx, columns) ? { schema: null, nameNode, columns, mapName: same, from } : undefined;
  }
  if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'table') return undefined;
  const from = projectImport(ctx, unwrap(callee.object));
  if (from) return drizzleColumns(ctx, columns) ? { schema: null, nameNode, columns, mapName: same, from } : undefined;
  let schemaCall = unwrap(callee.object);
  if (schemaCall?.type === 'Identifier') schemaCall = unwrap(ctx.constantAt(schemaCall));
  if (schemaCall?.type !== 'CallExpression' || propertyName(schemaCall.callee) !== 'pgSchema') return undefined;
  const schema = ctx.evaluate(schemaCall.arguments[0]);
  return schema === undefined ? undefined : { schema, nameNode, columns, mapName: same };
}

/** Walks a builder chain `text('x').notNull().default('a')` down to the column function call. */
function builderChain(value: Node): { root: Node; methods: string[] } | undefined {
  const methods: string[] = [];
  let node = unwrap(value);
  while (node?.type === 'CallExpression' && node.callee.type === 'MemberExpression') {
    const inner = unwrap(node.callee.object);
    if (inner?.type !== 'CallExpression') break;
    methods.push(propertyName(node.callee) ?? '');
    node = inner;
  }
  return node?.type === 'CallExpression' ? { root: node, methods } : undefined;
}

/** The columns object: `{ ... }` or `(t) => ({ ... })`. */
export function columnsObject(columns: Node | undefined): Node | undefined {
  const node = unwrap(columns);
  if (node && /FunctionExpression$/.test(node.type) && node.body.type !== 'BlockStatement') return unwrap(node.body);
  return node;
}

/** The expression a function returns: `() => expr`, or the first `return expr;` of a block body. */
export function returned(fn: Node): Node | undefined {
  if (fn.body.type !== 'BlockStatement') return unwrap(fn.body);
  return unwrap(fn.body.body.find((s: Node) => s.type === 'ReturnStatement')?.argument);
}

/** A `const` bound to a function in this file: `const createdAt = () => timestamp('created_at')`. */
function localFunction(ctx: JsContext, callee: Node): Node | undefined {
  if (callee.type !== 'Identifier' || ctx.imports.has(callee.name)) return undefined;
  const init = unwrap(ctx.constantAt(callee));
  return init && /FunctionExpression$/.test(init.type) ? init : undefined;
}

/** A column builder call resolved through the project's own helper functions. */
interface ColumnCall {
  /** The column name, when written (`text('db_col')`), else the key names it. */
  name: string | undefined;
  type: string;
  methods: string[];
  /** The innermost builder is imported from drizzle-orm (`timestamp` from `drizzle-orm/pg-core`, or `t.text` in `(t) => ({…})`). */
  drizzle: boolean;
  /** The builder is a function imported from a project module and no name is written: the module knows the column. */
  imported?: { name: string; source: string };
}

/**
 * `text('x')` → name `x`; `createdAt()` with a local `const createdAt = () => timestamptz('created_at').notNull()` →
 * name `created_at` and the helper's methods; parameters of helpers are bound to the call's arguments.
 */
function columnCall(ctx: JsContext, root: Node, args: Map<string, Node>, depth: number): ColumnCall {
  const callee = root.callee;
  const first = unwrap(root.arguments[0] as Node | undefined);
  const bound = first?.type === 'Identifier' ? args.get(first.name) : undefined;
  const argument = bound ?? first;
  const name = argument && unwrap(argument)?.type !== 'ObjectExpression' ? ctx.evaluate(argument) : undefined;
  const fn = depth < MAX_HELPER_DEPTH ? localFunction(ctx, callee) : undefined;
  const chain = fn && returned(fn) && builderChain(returned(fn)!);
  if (fn && chain) {
    const inner = new Map<string, Node>();
    (fn.params as Node[]).forEach((p, i) => {
      const arg = root.arguments[i] as Node | undefined;
      if (p.type === 'Identifier' && arg) inner.set(p.name, (arg.type === 'Identifier' && args.get(arg.name)) || arg);
    });
    const resolved = columnCall(ctx, chain.root, inner, depth + 1);
    return { ...resolved, name: resolved.name ?? name, methods: [...chain.methods, ...resolved.methods] };
  }
  const imported = callee.type === 'Identifier' ? ctx.imports.get(callee.name) : undefined;
  const drizzle = imported ? imported.source.startsWith('drizzle-orm') : callee.type === 'MemberExpression';
  const fromProject = imported && !imported.source.startsWith('drizzle-orm') && imported.imported !== '*' && isRelativeOrAlias(imported.source);
  return {
    name,
    type: propertyName(callee) ?? 'unknown',
    methods: [],
    drizzle,
    ...(fromProject && name === undefined ? { imported: { name: imported.imported, source: imported.source } } : {}),
  };
}

function isRelativeOrAlias(source: string): boolean {
  return /^(\.|@\/|~\/|#)/.test(source);
}

/** Columns that come from another module: `...timestamps` (spread) or `createdAt: createdAt()` (helper call). */
export interface ImportedColumns {
  /** The export of the other module. */
  name: string;
  source: string;
  /** For a helper call: the key it is assigned to. Absent for a spread. */
  field?: string;
  node: Node;
}

export interface ColumnsResult {
  columns: DeclaredColumn[];
  imported: ImportedColumns[];
  /** Whether each column's builder comes from drizzle-orm (for exported column helpers). */
  drizzle: boolean[];
  /** Whether each column is named by its key, no name written (Drizzle's `keyAsName`, which `casing` converts). */
  keyAsName: boolean[];
}

/**
 * The columns of a columns object, in order: entries, spreads of local objects (`...timestamps` with
 * `const timestamps = { … }` in this file), and the spreads and helper calls of imported modules (as `imported`).
 */
export function readColumns(ctx: JsContext, object: Node | undefined, depth: number): ColumnsResult {
  const out: ColumnsResult = { columns: [], imported: [], drizzle: [], keyAsName: [] };
  const node = unwrap(object);
  if (node?.type !== 'ObjectExpression') return out;
  for (const prop of node.properties as Node[]) {
    if (prop.type === 'SpreadElement') {
      const arg = unwrap(prop.argument);
      if (arg?.type !== 'Identifier') continue;
      const binding = ctx.imports.get(arg.name);
      if (binding) {
        if (binding.imported !== '*' && isRelativeOrAlias(binding.source)) out.imported.push({ name: binding.imported, source: binding.source, node: arg });
        continue;
      }
      if (depth >= MAX_HELPER_DEPTH) continue;
      const inner = readColumns(ctx, ctx.constantAt(arg), depth + 1);
      out.columns.push(...inner.columns);
      out.imported.push(...inner.imported);
      out.drizzle.push(...inner.drizzle);
      out.keyAsName.push(...inner.keyAsName);
      continue;
    }
    if (prop.type !== 'Property') continue;
    const key = keyName(prop.key, prop.computed);
    const chain = key === undefined ? undefined : builderChain(prop.value);
    if (key === undefined || !chain) continue;
    const call = columnCall(ctx, chain.root, new Map(), 0);
    const methods = [...chain.methods, ...call.methods];
    const name = call.name ?? key;
    const isNotNull = methods.some((m) => m === 'notNull' || m === 'primaryKey');
    if (call.imported) out.imported.push({ ...call.imported, field: key, node: prop.key });
    out.drizzle.push(call.drizzle);
    out.keyAsName.push(call.name === undefined && !call.imported);
    out.columns.push({
      name,
      type: call.type,
      nullable: !isNotNull,
      location: ctx.locate(prop.key.start, prop.key.end),
      ...(name !== key ? { field: key } : {}),
      ...(methods.some((m) => CLIENT_DEFAULT_METHODS.has(m)) ? { clientDefault: true } : {}),
    });
  }
  return out;
}

/** A column helper exported by this module: `export const createdAt = () => timestamp('created_at').notNull()`. */
export function helperColumn(ctx: JsContext, id: Node, fn: Node): DeclaredColumn | undefined {
  const body = returned(fn);
  const chain = body && builderChain(body);
  if (!chain) return undefined;
  const call = columnCall(ctx, chain.root, new Map(), 0);
  if (!call.drizzle || call.name === undefined) return undefined;
  const methods = [...chain.methods, ...call.methods];
  return {
    name: call.name,
    type: call.type,
    nullable: !methods.some((m) => m === 'notNull' || m === 'primaryKey'),
    location: ctx.locate(id.start, id.end),
    field: id.name as string,
    ...(methods.some((m) => CLIENT_DEFAULT_METHODS.has(m)) ? { clientDefault: true } : {}),
  };
}
