// Kysely query builder: https://kysely.dev/docs/category/examples (`sql` templates are the raw-sql extractor's).
import { defineExtractor, type JsContext, type Node, type Visitor } from '../../../src/extractor.js';
import type { QueryScope } from '../knex/scope.js';
import { assignedName, chainAbove, unwrap, type ChainCall } from '../supabase-js/shared.js';
import { instanceMatcher, readKyselyChain, ROOTS } from './helpers.js';

const id = 'kysely';

const title = 'Kysely query builder';

const enablers = ['kysely'];

const keywords = ['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto'];

function createVisitor(ctx: JsContext): Visitor {
  const isInstance = instanceMatcher(ctx);
  // Queries kept in variables (`let query = db.selectFrom('t')` then `query = query.where(...)`), by name, in source order.
  const queries = new Map<string, QueryScope>();
  const read = (root: Node, first: ChainCall, existing?: QueryScope) => {
    const { calls, top } = chainAbove(ctx, root);
    const scope = readKyselyChain(ctx, [first, ...calls], existing);
    const name = assignedName(ctx, top);
    if (name) queries.set(name, scope);
  };
  return {
    VariableDeclarator(node: Node) {
      if (node.id.type === 'Identifier') queries.delete(node.id.name);
    },
    CallExpression(node: Node) {
      const callee = unwrap(node.callee);
      if (callee?.type !== 'MemberExpression' || callee.computed) return;
      const method = callee.property.name as string;
      if (ROOTS.has(method) && isInstance(callee.object)) return read(node, { method, args: node.arguments, node });
      const object = unwrap(callee.object);
      const stored = object?.type === 'Identifier' ? queries.get(object.name) : undefined;
      if (stored) read(node, { method, args: node.arguments, node }, stored);
    },
  };
}

export default defineExtractor({
  id,
  title,
  enablers,
  keywords,
  languages: ['ts', 'js'],
  createVisitor,
});
