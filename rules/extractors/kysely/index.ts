// Kysely query builder: https://kysely.dev/docs/category/examples (`sql` templates are the raw-sql extractor's).
import { defineExtractor, type JsContext, type Node, type Visitor } from '../../../src/extractor.js';
import { createQueryTracker, type QueryScope } from '../knex/scope.js';
import { unwrap } from '../supabase-js/shared.js';
import { chainAbove } from '../supabase-js/shared.js';
import {
  builderOf, fnColumns, NestedScope, registerContextualCallbacks, registerTypedParams, typeAliases, typedBuilder, type Builder,
} from './builders.js';
import { instanceMatcher, readColumnCalls, readKyselyChain, ROOTS } from './helpers.js';

const id = 'kysely';

const title = 'Kysely query builder';

const enablers = ['kysely'];

const keywords = ['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto'];

function createVisitor(ctx: JsContext): Visitor {
  const isInstance = instanceMatcher(ctx);
  const queries = createQueryTracker(ctx, readKyselyChain);
  const read = queries.read;
  const aliases = typeAliases(ctx.program);
  const typed = (node: Node) => registerTypedParams(ctx, node, aliases);
  // Queries that functions of the file return (`const base = () => { let qb = db.selectFrom('t'); …; return qb; }`).
  const returned = new Map<Node, QueryScope>();
  const localFunction = (callee: Node | undefined): Node | undefined => {
    const id = unwrap(callee);
    const fn = id?.type === 'Identifier' ? unwrap(ctx.constantAt(id)) : undefined;
    return fn && /Function/.test(fn.type) ? fn : undefined;
  };
  // The query an expression holds: a stored query, a builder parameter, a call of a function of the file that returns
  // one (by its return type or its `return`), a `const` bound to any of these, either branch of `c ? a : b`.
  const queryOf = (expression: Node | undefined, depth = 0): QueryScope | undefined => {
    // Query builders are not thenable: what is awaited is rows.
    if (expression?.type === 'AwaitExpression') return undefined;
    const node = unwrap(expression);
    if (!node || depth > 4) return undefined;
    if (node.type === 'Identifier') {
      const builder = builderOf(ctx, node);
      if (builder) return builder.role === 'query' ? builder.scope : undefined;
      return queries.stored(node) ?? queryOf(ctx.constantAt(node), depth + 1);
    }
    if (node.type === 'ConditionalExpression') return queryOf(node.consequent, depth + 1) ?? queryOf(node.alternate, depth + 1);
    if (node.type === 'CallExpression') {
      const fn = localFunction(node.callee);
      if (!fn) return undefined;
      const typedResult = typedBuilder(ctx, fn.returnType, aliases);
      return typedResult?.role === 'query' ? typedResult.scope : returned.get(fn);
    }
    return undefined;
  };
  const enclosingFunction = (node: Node): Node | undefined => {
    for (let parent = ctx.parentOf(node); parent; parent = ctx.parentOf(parent)) if (/Function/.test(parent.type)) return parent;
    return undefined;
  };

  // `eb(...)`, `ref(...)`, `fn(...)`, `selectFrom(...)` called by name; `eb.ref(...)`, `join.onRef(...)`, `qb.where(...)` as methods.
  const onBuilder = (builder: Builder, method: string | null, node: Node): void => {
    const { role, scope } = builder;
    const args = node.arguments as Node[];
    const subquery = () => read(node, { method: 'selectFrom', args, node }, new NestedScope(ctx, scope));
    if (method === null) {
      if (role === 'eb' && args.length >= 2) readColumnCalls(scope, [{ method: 'where', args, node }]);
      else if (role === 'ref') scope.columnNode(args[0], 'read');
      else if (role === 'fn') fnColumns(scope, null, args);
      else if (role === 'selectFrom') subquery();
    } else if (role === 'eb') {
      if (method === 'ref') scope.columnNode(args[0], 'read');
      else if (method === 'fn') fnColumns(scope, null, args);
      else if (method === 'selectFrom') subquery();
    } else if (role === 'fn') fnColumns(scope, method, args);
    else if (role === 'join') readColumnCalls(scope, [{ method, args, node }, ...chainAbove(ctx, node).calls]);
    else if (role === 'query') read(node, { method, args, node }, scope);
  };

  return {
    VariableDeclarator: queries.forget,
    ArrowFunctionExpression: typed,
    FunctionExpression: typed,
    FunctionDeclaration: typed,
    ReturnStatement(node: Node) {
      const scope = node.argument?.type === 'Identifier' ? queries.stored(node.argument) : undefined;
      const fn = scope ? enclosingFunction(node) : undefined;
      if (scope && fn) returned.set(fn, scope);
    },
    CallExpression(node: Node) {
      const callee = unwrap(node.callee);
      if (callee?.type === 'Identifier') {
        const builder = builderOf(ctx, callee);
        if (builder) return onBuilder(builder, null, node);
        const fn = localFunction(callee);
        if (fn) registerContextualCallbacks(ctx, fn, node.arguments, aliases);
        return;
      }
      if (callee?.type !== 'MemberExpression' || callee.computed) return;
      const method = callee.property.name as string;
      const object = unwrap(callee.object);
      // `eb.fn.count('a')`
      if (object?.type === 'MemberExpression' && !object.computed && object.property.name === 'fn') {
        const builder = builderOf(ctx, object.object);
        if (builder?.role === 'eb') return fnColumns(builder.scope, method, node.arguments);
      }
      const builder = builderOf(ctx, object);
      if (builder) return onBuilder(builder, method, node);
      if (ROOTS.has(method) && isInstance(callee.object)) return read(node, { method, args: node.arguments, node });
      const stored = queries.stored(object) ?? queryOf(object);
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
