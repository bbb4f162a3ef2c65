// supabase-js query builder: https://supabase.com/docs/reference/javascript/select
import { defineExtractor, type JsContext, type Node, type Visitor } from '../../../src/extractor.js';
import { clientMatcher, continueChain, readClientChain, type QueryState } from './helpers.js';
import { assignedName, chainAbove, unwrap } from './shared.js';

const id = 'supabase-js';

const title = 'supabase-js (PostgREST client)';

const enablers = ['@supabase/supabase-js', '@supabase/ssr', /^@supabase\//];

const keywords = ['upabase', 'createClient', 'createServerClient', 'createBrowserClient'];

const ROOT_METHODS = new Set(['from', 'schema', 'rpc']);

function createVisitor(ctx: JsContext): Visitor {
  const clients = clientMatcher(ctx);
  // Queries kept in variables (`let query = supabase.from('t')` then `query = query.eq(...)`), by name, in source order.
  const queries = new Map<string, QueryState>();
  const remember = (top: Node, state: QueryState | undefined) => {
    const name = assignedName(ctx, top);
    if (name && state) queries.set(name, state);
  };
  return {
    VariableDeclarator(node: Node) {
      // A name declared again holds something else until a chain is stored in it (the init is visited next).
      if (node.id.type === 'Identifier') queries.delete(node.id.name);
    },
    CallExpression(node: Node) {
      const callee = unwrap(node.callee);
      if (callee?.type !== 'MemberExpression' || callee.computed) return;
      const method = callee.property.name as string;
      const object = unwrap(callee.object);
      if (ROOT_METHODS.has(method) && clients.isClient(callee.object)) {
        const { calls, top } = chainAbove(ctx, node);
        remember(top, readClientChain(ctx, [{ method, args: node.arguments, node }, ...calls], clients.schemaOf(callee.object)));
        return;
      }
      const stored = object?.type === 'Identifier' ? queries.get(object.name) : undefined;
      if (stored) {
        const { calls, top } = chainAbove(ctx, node);
        continueChain(ctx, stored, [{ method, args: node.arguments, node }, ...calls]);
        remember(top, stored);
      }
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
