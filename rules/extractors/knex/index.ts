// Knex query builder: https://knexjs.org/guide/query-builder.html (knex.raw is the raw-sql extractor's).
import { defineExtractor, type JsContext, type Node, type Visitor } from '../../../src/extractor.js';
import { assignedName, chainAbove, unwrap, type ChainCall } from '../supabase-js/shared.js';
import { instanceMatcher, NOT_BUILDERS, readKnexChain } from './helpers.js';
import type { QueryScope } from './scope.js';

const id = 'knex';

const title = 'Knex query builder';

const enablers = ['knex'];

const keywords = ['knex', 'Knex', 'trx', 'db'];

function createVisitor(ctx: JsContext): Visitor {
  const isInstance = instanceMatcher(ctx);
  // Queries kept in variables (`const q = knex('t')` then `q.where(...)`), by name, in source order.
  const queries = new Map<string, QueryScope>();
  const read = (root: Node, first: ChainCall, existing?: QueryScope) => {
    const { calls, top } = chainAbove(ctx, root);
    const scope = readKnexChain(ctx, [first, ...calls], existing);
    const name = assignedName(ctx, top);
    if (name) queries.set(name, scope);
  };
  return {
    VariableDeclarator(node: Node) {
      if (node.id.type === 'Identifier') queries.delete(node.id.name);
    },
    CallExpression(node: Node) {
      const callee = unwrap(node.callee);
      if (!callee) return;
      if (isInstance(callee)) return read(node, { method: '()', args: node.arguments, node });
      if (callee.type !== 'MemberExpression' || callee.computed) return;
      const method = callee.property.name as string;
      if (isInstance(callee.object)) {
        if (!NOT_BUILDERS.has(method)) read(node, { method, args: node.arguments, node });
        return;
      }
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
