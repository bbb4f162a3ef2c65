// Knex query builder: https://knexjs.org/guide/query-builder.html (knex.raw is the raw-sql extractor's).
import { defineExtractor, type JsContext, type Node, type Visitor } from '../../../src/extractor.js';
import { unwrap } from '../supabase-js/shared.js';
import { instanceMatcher, NOT_BUILDERS, readKnexChain } from './helpers.js';
import { createQueryTracker } from './scope.js';

const id = 'knex';

const title = 'Knex query builder';

const enablers = ['knex'];

const keywords = ['knex', 'Knex', 'trx', 'db'];

function createVisitor(ctx: JsContext): Visitor {
  const isInstance = instanceMatcher(ctx);
  const queries = createQueryTracker(ctx, readKnexChain);
  const read = queries.read;
  return {
    VariableDeclarator: queries.forget,
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
      const stored = queries.stored(unwrap(callee.object));
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
