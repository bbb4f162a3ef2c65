import type { JsContext, Node } from '../../../src/extractor.js';
import type { TemplatePart, TemplatePartClassifier } from '../../../src/sql/index.js';

/** Client packages whose calls take SQL text. Their instances cross module boundaries, so the text is the gate. */
export const CLIENT_PACKAGES = [
  'pg',
  'pg-pool',
  'postgres',
  '@vercel/postgres',
  '@neondatabase/serverless',
  'slonik',
  '@prisma/client',
  'drizzle-orm',
  'knex',
  'kysely',
];

/** Methods whose first argument is a whole SQL statement as a string. */
export const STRING_METHODS = new Set(['query', 'execute', 'unsafe', 'raw', '$queryRawUnsafe', '$executeRawUnsafe']);

/** Tag members that make a tagged template SQL: `prisma.$queryRaw`, `Prisma.sql`, slonik `sql.unsafe`/`sql.fragment`. */
const TAG_MEMBERS = new Set(['$queryRaw', '$executeRaw', 'sql', 'unsafe', 'fragment']);
/** slonik `sql.type(schema)` / `sql.typeAlias('name')` return a tag. */
const TAG_FACTORIES = new Set(['type', 'typeAlias']);

export function unwrap(node: Node | undefined): Node | undefined {
  let n = node;
  while (n && (n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression' || n.type === 'ParenthesizedExpression' || n.type === 'TSInstantiationExpression'))
    n = n.expression;
  return n;
}

/** The root identifier of a tag (`sql` of `sql`, `sql.type(x)`, `sql.unsafe`), when it is an SQL tag shape. */
export function sqlTagRoot(tag: Node | undefined): string | undefined {
  const t = unwrap(tag);
  if (!t) return undefined;
  if (t.type === 'Identifier') return t.name;
  if (t.type === 'MemberExpression' && !t.computed && TAG_MEMBERS.has(t.property.name)) {
    const object = unwrap(t.object);
    return object?.type === 'Identifier' ? object.name : object?.type === 'MemberExpression' ? '' : undefined;
  }
  if (t.type === 'CallExpression') {
    const callee = unwrap(t.callee);
    if (callee?.type === 'MemberExpression' && !callee.computed && TAG_FACTORIES.has(callee.property.name)) {
      const object = unwrap(callee.object);
      return object?.type === 'Identifier' ? object.name : undefined;
    }
  }
  return undefined;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function staticStrings(ctx: JsContext, args: Node[]): string[] | undefined {
  const out: string[] = [];
  for (const arg of args) {
    if (arg.type === 'ArrayExpression') {
      for (const el of arg.elements as (Node | null)[]) {
        const v = el ? ctx.evaluate(el) : undefined;
        if (v === undefined) return undefined;
        out.push(v);
      }
    } else {
      const v = ctx.evaluate(arg);
      if (v === undefined) return undefined;
      out.push(v);
    }
  }
  return out;
}

/** A Drizzle table object bound in this file (`const users = pgTable('users', …)`): its table name. */
function drizzleTableName(ctx: JsContext, node: Node): string | undefined {
  if (node.type !== 'Identifier') return undefined;
  const init = unwrap(ctx.constantInit(node.name));
  if (init?.type !== 'CallExpression') return undefined;
  const callee = unwrap(init.callee);
  const name = callee?.type === 'Identifier' ? callee.name : callee?.type === 'MemberExpression' ? callee.property.name : undefined;
  if (name !== 'pgTable' && name !== 'table') return undefined;
  return ctx.evaluate(init.arguments[0]);
}

/**
 * What an interpolation means to the SQL libraries' helpers: postgres.js `sql(x)`, slonik/drizzle
 * `sql.identifier`, `sql.raw`/`sql.unsafe`/`Prisma.raw`, Kysely `sql.ref`/`sql.table`/`sql.id`, nested `sql\`…\``.
 */
export function classifierFor(ctx: JsContext): TemplatePartClassifier {
  const classify = (expression: Node, position: { identifier: boolean }): TemplatePart | undefined => {
    const e = unwrap(expression);
    if (!e) return undefined;
    if (e.type === 'TaggedTemplateExpression' && sqlTagRoot(e.tag) !== undefined) return { kind: 'fragment', node: e.quasi };
    if (e.type === 'MemberExpression' && !e.computed && e.property.name === 'empty') return { kind: 'raw', value: '' };
    if (e.type === 'Identifier') {
      const init = unwrap(ctx.constantInit(e.name));
      if (init?.type === 'TaggedTemplateExpression' && sqlTagRoot(init.tag) !== undefined) return { kind: 'fragment', node: init.quasi };
      if (position.identifier) {
        const table = drizzleTableName(ctx, e);
        if (table !== undefined) return { kind: 'identifier', value: quoteIdentifier(table) };
      }
      return undefined;
    }
    if (e.type !== 'CallExpression') return undefined;
    const callee = unwrap(e.callee);
    const args = e.arguments as Node[];
    if (callee?.type === 'Identifier') {
      // postgres.js: sql('users') is an identifier, sql(user, 'name', 'age') an insert column list.
      if (args.length === 1 && position.identifier) {
        const v = staticStrings(ctx, args);
        return { kind: 'identifier', ...(v ? { value: v.map(quoteIdentifier).join('.') } : {}) };
      }
      if (args.length > 1) {
        const cols = staticStrings(ctx, args.slice(1));
        if (!cols) return { kind: 'raw' };
        return { kind: 'raw', value: `(${cols.map(quoteIdentifier).join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})` };
      }
      return undefined;
    }
    if (callee?.type !== 'MemberExpression' || callee.computed) return undefined;
    const method = callee.property.name as string;
    switch (method) {
      case 'identifier':
      case 'table':
      case 'id': {
        const v = staticStrings(ctx, args);
        return { kind: 'identifier', ...(v ? { value: v.map(quoteIdentifier).join('.') } : {}) };
      }
      case 'ref': {
        const v = args.length === 1 ? ctx.evaluate(args[0]) : undefined;
        return { kind: 'raw', ...(v !== undefined ? { value: v.split('.').map(quoteIdentifier).join('.') } : {}) };
      }
      case 'raw':
      case 'unsafe': {
        const v = args.length >= 1 ? ctx.evaluate(args[0]) : undefined;
        return { kind: 'raw', ...(v !== undefined ? { value: v } : {}) };
      }
      case 'join':
      case 'lit':
      case 'val':
      case 'array':
      case 'json':
      case 'jsonb':
        return { kind: 'value' };
      default:
        return undefined;
    }
  };
  return classify;
}
