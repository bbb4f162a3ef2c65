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
/** Tags of other template languages: i18n messages (lingui `t`), GraphQL, CSS, HTML, Markdown, indentation helpers. */
const NOT_SQL_TAGS = new Set(['t', 'msg', 'i18n', 'trans', 'gql', 'graphql', 'css', 'html', 'svg', 'styled', 'keyframes', 'md', 'markdown', 'dedent', 'outdent']);
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
  if (t.type === 'Identifier') return NOT_SQL_TAGS.has(t.name) ? undefined : t.name;
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

export function quoteIdentifier(name: string): string {
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

/** Whether a TypeScript type names Prisma's SQL fragment type (`Prisma.Sql`, or `Sql` imported from Prisma). */
function isSqlFragmentType(type: Node | undefined): boolean {
  if (type?.type !== 'TSTypeReference') return false;
  const name = type.typeName;
  if (name.type === 'TSQualifiedName') return name.right.name === 'Sql' && name.left.type === 'Identifier' && name.left.name === 'Prisma';
  return name.type === 'Identifier' && name.name === 'Sql';
}

/**
 * How much known SQL text a part carries, to choose among the branches of `cond ? a : b`: a fragment whose text is
 * all known, then a static raw text (`Prisma.empty` too), then a fragment with SQL computed at run time inside, then
 * unknown SQL. 0: not SQL (a value).
 */
function weight(part: TemplatePart | undefined, known: (quasi: Node) => boolean): number {
  if (part?.kind === 'fragment') return known(part.node) ? 4 : 2;
  if (part?.kind === 'raw' || part?.kind === 'identifier') return part.value !== undefined ? 3 : 1;
  return 0;
}

/** `undefined` / `null`: what `cond ? sql\`…\` : undefined` holds when no fragment applies. */
function isNothing(node: Node | undefined): boolean {
  return (node?.type === 'Identifier' && node.name === 'undefined') || (node?.type === 'Literal' && node.value === null);
}

/** The SQL template a callback returns: `(row) => Prisma.sql\`(…)\`` or `{ return sql\`…\`; }`. */
function returnedTemplate(fn: Node | undefined): Node | undefined {
  const f = unwrap(fn);
  if (f?.type !== 'ArrowFunctionExpression' && f?.type !== 'FunctionExpression') return undefined;
  let body = unwrap(f.body);
  if (body?.type === 'BlockStatement') {
    const returns = (body.body as Node[]).filter((s) => s.type === 'ReturnStatement');
    body = returns.length === 1 ? unwrap(returns[0]!.argument) : undefined;
  }
  return body?.type === 'TaggedTemplateExpression' && sqlTagRoot(body.tag) !== undefined ? body : undefined;
}

/**
 * The static string of an expression, or of one branch of it: `cond ? 'a, b' : 'a'` gives `'a, b'` (a text the code
 * really sends), through the identifiers bound where it is used.
 */
function evaluateVariant(ctx: JsContext, node: Node | undefined, depth = 0): string | undefined {
  const n = unwrap(node);
  if (!n || depth > 8) return undefined;
  const v = ctx.evaluate(n);
  if (v !== undefined) return v;
  if (n.type === 'ConditionalExpression') return evaluateVariant(ctx, n.consequent, depth + 1) ?? evaluateVariant(ctx, n.alternate, depth + 1);
  if (n.type === 'Identifier') {
    const binding = ctx.bindingOf(n);
    if (binding?.kind === 'variable') return evaluateVariant(ctx, binding.init, depth + 1);
  }
  return undefined;
}

/**
 * What an interpolation means to the SQL libraries' helpers: postgres.js `sql(x)`, slonik/drizzle
 * `sql.identifier`, `sql.raw`/`sql.unsafe`/`Prisma.raw`, Kysely `sql.ref`/`sql.table`/`sql.id`, nested `sql\`…\``.
 * Fragments held in variables are followed to where they are bound; of `cond ? sql\`…\` : Prisma.empty` the branch
 * with the most SQL is inlined (one text the code really sends); a `Prisma.Sql` parameter is a fragment that is
 * unknown here. `tableObject` names what an ORM renders as a table or column (Drizzle's `${users}`, `${users.id}`).
 */
export function classifierFor(ctx: JsContext, tableObject?: (expression: Node) => TemplatePart | undefined): TemplatePartClassifier {
  const classify = (expression: Node, position: { identifier: boolean }, depth = 0): TemplatePart | undefined => {
    const e = unwrap(expression);
    if (!e || depth > 8) return undefined;
    const table = tableObject?.(e);
    if (table) return table;
    if (e.type === 'TaggedTemplateExpression' && sqlTagRoot(e.tag) !== undefined) return { kind: 'fragment', node: e.quasi };
    if (e.type === 'MemberExpression' && !e.computed && e.property.name === 'empty') return { kind: 'raw', value: '' };
    if (e.type === 'ConditionalExpression') {
      const branches = [e.consequent, e.alternate].filter((b) => !isNothing(unwrap(b)));
      const weighed = branches.map((b) => {
        const part = classify(b, position, depth + 1);
        return { part, weight: weight(part, (quasi) => known(quasi, depth + 1)) };
      });
      // Both branches must be SQL (or nothing): `${cond ? a : b}` of two values is a parameter.
      if (weighed.length === 0 || weighed.some((w) => w.weight === 0)) return undefined;
      return weighed.reduce((best, w) => (w.weight > best.weight ? w : best)).part;
    }
    if (e.type === 'Identifier') {
      const binding = ctx.bindingOf(e);
      if (binding?.kind === 'parameter') {
        // `where: Prisma.Sql` or `{ where = Prisma.empty }`: a fragment the caller chooses, unknown here.
        const byDefault = binding.defaultValue ? weight(classify(binding.defaultValue, position, depth + 1), () => true) > 0 : false;
        return byDefault || isSqlFragmentType(binding.type) ? { kind: 'raw' } : undefined;
      }
      const init = binding?.kind === 'variable' ? unwrap(binding.init) : undefined;
      if (init?.type === 'TaggedTemplateExpression' && sqlTagRoot(init.tag) !== undefined) return { kind: 'fragment', node: init.quasi };
      const helperCall = init?.type === 'CallExpression' && unwrap(init.callee)?.type === 'MemberExpression';
      if (init && (init.type === 'ConditionalExpression' || init.type === 'MemberExpression' || helperCall)) {
        const part = classify(init, position, depth + 1);
        if (part?.kind === 'fragment' || part?.kind === 'raw') return part;
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
        const v = args.length >= 1 ? evaluateVariant(ctx, args[0]) : undefined;
        return { kind: 'raw', ...(v !== undefined ? { value: v } : {}) };
      }
      case 'join': {
        // Prisma.join(rows.map((r) => Prisma.sql`(${r.a}, ${r.b})`)): one row stands for the list.
        const list = unwrap(args[0]);
        const callee = list?.type === 'CallExpression' ? unwrap(list.callee) : undefined;
        const row = callee?.type === 'MemberExpression' && !callee.computed && callee.property.name === 'map' ? returnedTemplate(list!.arguments[0]) : undefined;
        return row ? { kind: 'fragment', node: row.quasi } : { kind: 'value' };
      }
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
  /** Whether every interpolation of a fragment is a value or SQL known here (no raw text computed at run time). */
  const known = (quasi: Node, depth: number): boolean =>
    depth > 8 ||
    (quasi.expressions as Node[]).every((x) => {
      const part = classify(x, { identifier: false }, depth + 1);
      if (part?.kind === 'fragment') return known(part.node, depth + 1);
      return !((part?.kind === 'raw' || part?.kind === 'identifier') && part.value === undefined);
    });
  return classify;
}
