// Kysely query builder: https://kysely.dev/docs/category/examples (`sql` templates are the raw-sql extractor's).
import { defineExtractor, type JsContext, type Node, type Visitor } from '../../../src/extractor.js';
import { createQueryTracker } from '../knex/scope.js';
import { unwrap } from '../supabase-js/shared.js';
import { instanceMatcher, readKyselyChain, ROOTS } from './helpers.js';

const id = 'kysely';

const title = 'Kysely query builder';

const enablers = ['kysely'];

const keywords = ['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto'];

function createVisitor(ctx: JsContext): Visitor {
  const isInstance = instanceMatcher(ctx);
  const queries = createQueryTracker(ctx, readKyselyChain);
  const read = queries.read;
  return {
    VariableDeclarator: queries.forget,
    CallExpression(node: Node) {
      const callee = unwrap(node.callee);
      if (callee?.type !== 'MemberExpression' || callee.computed) return;
      const method = callee.property.name as string;
      if (ROOTS.has(method) && isInstance(callee.object)) return read(node, { method, args: node.arguments, node });
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
