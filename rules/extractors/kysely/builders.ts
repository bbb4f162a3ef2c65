// Kysely's callbacks: expression builders (`.where((eb) => eb('a', '=', 1))`, `({ eb, fn, ref, selectFrom })`), join
// builders (`(join) => join.onRef(...)`), query callbacks (`$if`, `$call`), correlated subqueries, and parameters typed
// `ExpressionBuilder<DB, 'T'>` / `SelectQueryBuilder<DB, 'T', O>` (directly or through a type alias of the file).
import type { JsContext, Node } from '../../../src/extractor.js';
import { QueryScope, parseTableSpec, type ColumnSpec } from '../knex/scope.js';
import { nameString, unwrap } from '../supabase-js/shared.js';

/** What a callback parameter (or a name destructured from it) is. */
export type Role = 'eb' | 'fn' | 'ref' | 'selectFrom' | 'join' | 'query';

export interface Builder {
  role: Role;
  scope: QueryScope;
}

/** A subquery built inside a callback (`eb.selectFrom('t as x')`): its qualifiers also reach the enclosing query's. */
export class NestedScope extends QueryScope {
  constructor(ctx: JsContext, readonly parent: QueryScope) {
    super(ctx, 'kysely');
    for (const cte of parent.ctes) this.ctes.add(cte);
  }

  override find(qualifier: string) {
    return super.find(qualifier) ?? this.parent.find(qualifier);
  }

  override place(spec: ColumnSpec) {
    // A qualifier that no enclosing query knows, while one of them has a table that is not a constant: it may be its alias.
    if (spec.qualifier !== undefined && spec.schema === undefined && !this.find(spec.qualifier) && this.dynamicAbove()) return undefined;
    return super.place(spec);
  }

  private dynamicAbove(): boolean {
    let scope: QueryScope = this.parent;
    for (;;) {
      if (scope.dynamic) return true;
      if (!(scope instanceof NestedScope)) return false;
      scope = scope.parent;
    }
  }
}

const registries = new WeakMap<JsContext, Map<Node, Map<string, Builder>>>();

function registry(ctx: JsContext): Map<Node, Map<string, Builder>> {
  let map = registries.get(ctx);
  if (!map) registries.set(ctx, (map = new Map()));
  return map;
}

function define(ctx: JsContext, fn: Node, name: string, builder: Builder): void {
  const map = registry(ctx);
  let names = map.get(fn);
  if (!names) map.set(fn, (names = new Map()));
  names.set(name, builder);
}

/** The builder an identifier names at its place (a parameter of a registered callback or typed function). */
export function builderOf(ctx: JsContext, identifier: Node | undefined): Builder | undefined {
  const node = unwrap(identifier);
  if (node?.type !== 'Identifier') return undefined;
  const binding = ctx.bindingOf(node);
  if (binding?.kind !== 'parameter') return undefined;
  return registries.get(ctx)?.get(binding.scope)?.get(node.name as string);
}

const DESTRUCTURED: Record<string, Role> = { eb: 'eb', fn: 'fn', ref: 'ref', selectFrom: 'selectFrom' };

/** Registers the first parameter of a callback argument as a builder over `scope`. */
export function registerCallback(ctx: JsContext, callback: Node | undefined, role: 'eb' | 'join' | 'query', scope: QueryScope): void {
  const fn = unwrap(callback);
  if (!fn || !/Function/.test(fn.type)) return;
  const param = (fn.params as Node[])[0];
  const id = param?.type === 'AssignmentPattern' ? param.left : param;
  if (id?.type === 'Identifier') define(ctx, fn, id.name as string, { role, scope });
  else if (id?.type === 'ObjectPattern' && role === 'eb') {
    for (const prop of id.properties as Node[]) {
      if (prop.type !== 'Property' || prop.computed || prop.key.type !== 'Identifier') continue;
      const value = prop.value.type === 'AssignmentPattern' ? prop.value.left : prop.value;
      const named = DESTRUCTURED[prop.key.name as string];
      if (named && value.type === 'Identifier') define(ctx, fn, value.name as string, { role: named, scope });
    }
  }
}

/** What a callback returns: its expression body, or the argument of its only top-level `return`. */
export function callbackResult(callback: Node | undefined): Node | undefined {
  const fn = unwrap(callback);
  if (!fn || !/Function/.test(fn.type)) return undefined;
  if (fn.body.type !== 'BlockStatement') return fn.body;
  const returns = (fn.body.body as Node[]).filter((s) => s.type === 'ReturnStatement');
  return returns.length === 1 ? (returns[0]!.argument ?? undefined) : undefined;
}

const TYPED: Record<string, Role> = {
  ExpressionBuilder: 'eb', SelectQueryBuilder: 'query', UpdateQueryBuilder: 'query', DeleteQueryBuilder: 'query',
};

/** The file's top-level `type X = …` aliases, by name. */
export function typeAliases(program: Node): Map<string, Node> {
  const aliases = new Map<string, Node>();
  for (const statement of program.body as Node[]) {
    const decl = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (decl?.type === 'TSTypeAliasDeclaration') aliases.set(decl.id.name as string, decl.typeAnnotation);
  }
  return aliases;
}

/**
 * The builder a type states: `ExpressionBuilder<DB, 'T'>`, `SelectQueryBuilder<DB, 'T' | 'U', O>`, an alias of one, or a
 * union with `null`/`undefined`. The type names its tables without using them, so no relation reference is stated.
 */
export function typedBuilder(ctx: JsContext, annotation: Node | undefined, aliases: Map<string, Node>): Builder | undefined {
  let type = annotation?.type === 'TSTypeAnnotation' ? annotation.typeAnnotation : annotation;
  for (let depth = 0; depth < 4 && type; depth++) {
    if (type.type === 'TSUnionType') {
      const members = (type.types as Node[]).filter((t) => !/^TS(Null|Undefined)Keyword$/.test(t.type));
      type = members.length === 1 ? members[0] : undefined;
    } else if (type.type === 'TSTypeReference' && type.typeName.type === 'Identifier' && aliases.has(type.typeName.name)) {
      type = aliases.get(type.typeName.name);
    } else break;
  }
  if (type?.type !== 'TSTypeReference' || type.typeName.type !== 'Identifier') return undefined;
  const role = TYPED[type.typeName.name as string];
  const tables = type.typeArguments?.params?.[1] as Node | undefined;
  if (!role || !tables) return undefined;
  const scope = new QueryScope(ctx, 'kysely');
  for (const member of tables.type === 'TSUnionType' ? (tables.types as Node[]) : [tables]) {
    const text = member.type === 'TSLiteralType' ? nameString(ctx, member.literal) : undefined;
    const spec = text ? parseTableSpec(text) : undefined;
    if (!text || !spec) {
      scope.dynamic = true;
      continue;
    }
    scope.tables.push({
      relation: { schema: spec.schema, name: spec.name }, written: spec.written, text, start: spec.start, end: spec.end,
      ...(spec.alias ? { alias: spec.alias } : {}),
    });
  }
  return { role, scope };
}

function paramName(param: Node | undefined): string | undefined {
  const id = param?.type === 'AssignmentPattern' ? param.left : param;
  return id?.type === 'Identifier' ? (id.name as string) : undefined;
}

/** Registers a function's parameters whose type states a builder (`eb: ExpressionBuilder<DB, 'T'>`). */
export function registerTypedParams(ctx: JsContext, fn: Node, aliases: Map<string, Node>): void {
  for (const param of fn.params as Node[]) {
    const id = param.type === 'AssignmentPattern' ? param.left : param;
    const builder = id?.type === 'Identifier' ? typedBuilder(ctx, id.typeAnnotation, aliases) : undefined;
    if (builder) define(ctx, fn, id.name as string, builder);
  }
}

/**
 * A callback passed to a function of the file whose parameter is typed as a function of a builder
 * (`extra?: (qb: RecipientExpressionBuilder) => …`, called `f(eb, email, (reb) => reb('a', '=', 1))`): the callback's
 * untyped first parameter is that builder.
 */
export function registerContextualCallbacks(ctx: JsContext, fn: Node, args: Node[], aliases: Map<string, Node>): void {
  (fn.params as Node[]).forEach((param, i) => {
    const callback = unwrap(args[i]);
    if (!callback || !/Function/.test(callback.type)) return;
    const id = param.type === 'AssignmentPattern' ? param.left : param;
    const type = id?.typeAnnotation?.typeAnnotation as Node | undefined;
    const fnType = type?.type === 'TSUnionType' ? (type.types as Node[]).find((t) => t.type === 'TSFunctionType') : type;
    if (fnType?.type !== 'TSFunctionType') return;
    const name = paramName((callback.params as Node[])[0]);
    const builder = typedBuilder(ctx, (fnType.params as Node[])[0]?.typeAnnotation, aliases);
    if (name && builder && !(callback.params as Node[])[0]?.typeAnnotation) define(ctx, callback, name, builder);
  });
}

/** Column arguments of `fn.count('a')`, `fn.max('t.b')`, `fn.coalesce('a', 'b')`; `fn('name', ['a'])` / `fn.agg('name', ['a'])`. */
export const FN_COLUMNS = new Set(['count', 'sum', 'avg', 'min', 'max', 'coalesce', 'any']);

export function fnColumns(scope: QueryScope, method: string | null, args: Node[]): void {
  const list = (node: Node | undefined): Node[] => {
    const inner = unwrap(node);
    return inner?.type === 'ArrayExpression' ? (inner.elements as Node[]) : [];
  };
  const items = method === null || method === 'agg' ? list(args[1]) : FN_COLUMNS.has(method) ? args : [];
  for (const item of items) scope.columnNode(item, 'read');
}
