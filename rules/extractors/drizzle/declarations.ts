import type { JsContext, Node } from '../../../src/extractor.js';
import type { DeclaredColumn } from '../../../src/types.js';
import { objectEntries, propertyName, unwrap } from '../prisma/orm-shared.js';

const TABLE_FUNCTIONS = new Set(['pgTable']);
const CLIENT_DEFAULT_METHODS = new Set(['$defaultFn', '$default', '$onUpdate', '$onUpdateFn']);

/** `pgTableCreator((name) => \`app_${name}\`)`: the table name from the creator's template. */
function creatorName(ctx: JsContext, creator: Node | undefined, name: string): string | undefined {
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
    const init = unwrap(ctx.constantInit(callee.name));
    if (init?.type === 'CallExpression' && propertyName(init.callee) === 'pgTableCreator') {
      return { schema: null, nameNode, columns, mapName: (name) => creatorName(ctx, init.arguments[0], name) };
    }
    return undefined;
  }
  if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'table') return undefined;
  let schemaCall = unwrap(callee.object);
  if (schemaCall?.type === 'Identifier') schemaCall = unwrap(ctx.constantInit(schemaCall.name));
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
function columnsObject(columns: Node | undefined): Node | undefined {
  const node = unwrap(columns);
  if (node && /FunctionExpression$/.test(node.type) && node.body.type !== 'BlockStatement') return unwrap(node.body);
  return node;
}

export function declaredColumns(ctx: JsContext, columns: Node | undefined): DeclaredColumn[] {
  const out: DeclaredColumn[] = [];
  for (const e of objectEntries(columnsObject(columns))) {
    const chain = builderChain(e.value);
    if (!chain) continue;
    const first = chain.root.arguments[0] as Node | undefined;
    const written = first && unwrap(first)?.type !== 'ObjectExpression' ? ctx.evaluate(first) : undefined;
    const name = written ?? e.name;
    const isNotNull = chain.methods.some((m) => m === 'notNull' || m === 'primaryKey');
    out.push({
      name,
      type: propertyName(chain.root.callee) ?? 'unknown',
      nullable: !isNotNull,
      location: ctx.locate(e.key.start, e.key.end),
      ...(name !== e.name ? { field: e.name } : {}),
      ...(chain.methods.some((m) => CLIENT_DEFAULT_METHODS.has(m)) ? { clientDefault: true } : {}),
    });
  }
  return out;
}
