import type { JsContext, Node } from '../../../src/extractor.js';
import { CLIENT_PACKAGES, unwrap } from './helpers.js';

/** Property names a database client goes by: `this.db.pool.query(text)` is SQL whatever the chain. */
const CLIENT_NAMES = /^(?:pg|db|sql|knex|prisma|postgres|pool|client|conn|connection|tx|trx|transaction|database)$/i;

function fromClientPackage(source: string): boolean {
  return CLIENT_PACKAGES.some((p) => source === p || source.startsWith(`${p}/`));
}

/** The identifier a chain of members and calls starts from: `pool` of `pool.connect()`. */
function rootOf(node: Node | undefined): Node | undefined {
  let n = unwrap(node);
  while (n?.type === 'MemberExpression' || n?.type === 'CallExpression') n = unwrap(n.type === 'CallExpression' ? n.callee : n.object);
  return n;
}

/**
 * Whether a name is bound to a client package's export (`import { sql } from '@vercel/postgres'`) or to what one
 * creates: `new Pool()`, `postgres(url)`, `drizzle(pool)`, `await pool.connect()`.
 */
function isClient(ctx: JsContext, id: Node, depth = 0): boolean {
  const binding = depth > 4 ? undefined : ctx.bindingOf(id);
  if (binding?.kind === 'import') return fromClientPackage(binding.binding.source);
  let init = binding?.kind === 'variable' ? unwrap(binding.init) : undefined;
  if (init?.type === 'AwaitExpression') init = unwrap(init.argument);
  if (init?.type !== 'NewExpression' && init?.type !== 'CallExpression') return false;
  const root = rootOf(init.callee);
  return root?.type === 'Identifier' && isClient(ctx, root, depth + 1);
}

/** A procedure's input: a variable, an object, a literal, or a choice or awaited builder of them. */
function isInput(node: Node | undefined, depth = 0): boolean {
  const n = unwrap(node);
  if (!n || depth > 4) return false;
  switch (n.type) {
    case 'Identifier':
    case 'ObjectExpression':
      return true;
    case 'Literal':
      return typeof n.value !== 'string';
    case 'ConditionalExpression':
      return isInput(n.consequent, depth + 1) && isInput(n.alternate, depth + 1);
    case 'LogicalExpression':
      return isInput(n.left, depth + 1) && isInput(n.right, depth + 1);
    case 'AwaitExpression':
      return unwrap(n.argument)?.type === 'CallExpression' || isInput(n.argument, depth + 1);
    default:
      return false;
  }
}

/**
 * tRPC's `client.agent.list.query(input)` (`api.x.y.query(id)`): a `.query()` on a chain of two or more property
 * names from something that is not a database client, with an input for argument, calls a procedure; it sends no SQL.
 */
export function isProcedureQuery(ctx: JsContext, callee: Node, arg: Node | undefined): boolean {
  const names: string[] = [];
  let receiver = unwrap(callee.object);
  while (receiver?.type === 'MemberExpression' && !receiver.computed && receiver.property.type === 'Identifier') {
    names.push(receiver.property.name as string);
    receiver = unwrap(receiver.object);
  }
  if (names.length < 2 || CLIENT_NAMES.test(names[0]!)) return false;
  const plainRoot = receiver?.type === 'ThisExpression' || (receiver?.type === 'Identifier' && !isClient(ctx, receiver));
  return plainRoot && isInput(arg);
}
