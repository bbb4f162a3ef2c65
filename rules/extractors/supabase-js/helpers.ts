import type { JsContext, Node } from '../../../src/extractor.js';
import { walk } from '../../../src/extract/js.js';
import type { Access, Location, QualifiedName, ValueHint } from '../../../src/types.js';
import { parseColumnPath, parseLogic, parseSelect, type SelectNode, type Token } from './postgrest.js';
import {
  annotatedType, isLocalModule, keepsCase, listHints, nameString, objectKeys, rowKeys, staticString, textHint, unwrap,
  valueHint, type ChainCall, type StaticString,
} from './shared.js';

/** A client factory imported from a Supabase package (`createClient`, `createServerClient`, `createRouteHandlerClient`). */
const PACKAGE_FACTORY = /^create\w*Client$/;
/** A project helper that returns a client: `createClient` from `@/lib/supabase/server`, `getSupabase()`, `supabaseAdmin()`. */
const LOCAL_FACTORY = /^create\w*Client$|supabase/i;
const CLIENT_NAME = /supabase/i;

/** Decides which expressions are Supabase clients, from this file's imports, declarations and parameter types. */
export function clientMatcher(ctx: JsContext): (node: Node) => boolean {
  const factories = new Set<string>();
  for (const binding of ctx.imports.values()) {
    const name = binding.imported === 'default' || binding.imported === '*' ? binding.local : binding.imported;
    if (binding.source.startsWith('@supabase/') ? PACKAGE_FACTORY.test(name) : isLocalModule(binding.source) && LOCAL_FACTORY.test(name)) {
      factories.add(binding.local);
    }
  }
  const isFactoryCall = (node: Node | null | undefined): boolean => {
    const call = unwrap(node);
    if (call?.type !== 'CallExpression' || call.callee.type !== 'Identifier') return false;
    const name = call.callee.name as string;
    return factories.has(name) || (!ctx.imports.has(name) && CLIENT_NAME.test(name));
  };
  const names = new Set<string>();
  const properties = new Set<string>();
  walk(ctx.program, (node) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') {
      if (isFactoryCall(node.init) || annotatedType(node.id) === 'SupabaseClient') names.add(node.id.name);
    } else if (node.type === 'AssignmentExpression' && isFactoryCall(node.right)) {
      if (node.left.type === 'Identifier') names.add(node.left.name);
      else if (node.left.type === 'MemberExpression' && !node.left.computed) properties.add(node.left.property.name);
    } else if (node.type === 'PropertyDefinition' && node.key.type === 'Identifier') {
      if (isFactoryCall(node.value) || annotatedType(node) === 'SupabaseClient') properties.add(node.key.name);
    } else if (node.type === 'Identifier' && node.typeAnnotation && annotatedType(node) === 'SupabaseClient') {
      names.add(node.name);
    }
  });
  return (expression) => {
    const node = unwrap(expression);
    if (!node) return false;
    if (node.type === 'Identifier') return names.has(node.name) || CLIENT_NAME.test(node.name);
    if (node.type === 'MemberExpression' && !node.computed) {
      const name = node.property.name as string;
      return properties.has(name) || CLIENT_NAME.test(name);
    }
    return isFactoryCall(node);
  };
}

interface Target {
  relation: QualifiedName;
  written: string;
}

/** What a stored query (`let query = supabase.from('t')`) knows: its table (absent when dynamic) and embedded resources. */
export interface QueryState {
  table?: Target;
  embeds: Map<string, Target>;
}

const ACCESS: Record<string, Access> = { insert: 'insert', upsert: 'insert', update: 'update', delete: 'delete' };
const FILTERS = new Set([
  'eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'is', 'in', 'contains', 'containedBy', 'overlaps', 'textSearch',
  'likeAllOf', 'likeAnyOf', 'ilikeAllOf', 'ilikeAnyOf', 'rangeGt', 'rangeGte', 'rangeLt', 'rangeLte', 'rangeAdjacent',
  'not', 'filter', 'order',
]);

function optionString(ctx: JsContext, options: Node | undefined, ...names: string[]): StaticString | undefined {
  const found = objectKeys(ctx, options)?.keys.find((k) => names.includes(k.name));
  return found ? staticString(ctx, found.value) : undefined;
}

class ChainReader {
  constructor(readonly ctx: JsContext, readonly state: QueryState) {}

  column(target: Target, name: string, location: Location, access: Access, values?: ValueHint[]): void {
    this.ctx.addReference({
      kind: 'column', relation: target.relation, column: name, access, written: name, quoted: keepsCase(name),
      confidence: 'exact', location, ...(values && values.length > 0 ? { values } : {}),
    });
  }

  tokenColumn(target: Target, text: StaticString, token: Token, access: Access, values?: ValueHint[]): void {
    this.column(target, token.name, text.locate(token.start, token.end), access, values);
  }

  /** A filter's column string: `col`, `rel.col` (a column of an embedded resource), `data->>key`. */
  pathColumn(node: Node | undefined, values: ValueHint[] | undefined, foreign?: StaticString): void {
    const text = nameString(this.ctx, node);
    const path = text ? parseColumnPath(text.value) : undefined;
    if (!text || !path) return;
    const owner = path.relation ? this.embedded(path.relation.name) : foreign ? this.embedded(foreign.value) : this.state.table;
    if (owner) this.tokenColumn(owner, text, path.column, 'read', values);
  }

  embedded(name: string): Target | undefined {
    const table = this.state.table;
    if (!table) return undefined;
    return this.state.embeds.get(name) ?? { relation: { schema: table.relation.schema, name }, written: name };
  }

  select(node: Node | undefined): void {
    const text = nameString(this.ctx, node);
    if (!text || !this.state.table) return;
    this.selectItems(this.state.table, text, parseSelect(text.value));
  }

  selectItems(owner: Target, text: StaticString, items: SelectNode[]): void {
    for (const item of items) {
      if (item.kind === 'column') {
        this.tokenColumn(owner, text, item.token, 'read');
        continue;
      }
      const target: Target = { relation: { schema: owner.relation.schema, name: item.token.name }, written: item.token.name };
      this.state.embeds.set(item.alias ?? item.token.name, target);
      this.state.embeds.set(item.token.name, target);
      this.ctx.addReference({
        kind: 'relation', relation: target.relation, access: 'read', written: item.token.name,
        quoted: keepsCase(item.token.name), confidence: 'exact', location: text.locate(item.token.start, item.token.end),
      });
      this.selectItems(target, text, item.items);
    }
  }

  rows(node: Node | undefined, access: Access): void {
    const table = this.state.table;
    if (!table) return;
    for (const key of (access === 'update' ? objectKeys(this.ctx, node)?.keys : rowKeys(this.ctx, node).keys) ?? []) {
      const hint = valueHint(this.ctx, key.value);
      this.column(table, key.name, key.location, access, hint ? [hint] : undefined);
    }
  }

  /** Comma-separated column lists: `onConflict: 'a,b'`. */
  columnList(text: StaticString | undefined): void {
    const table = this.state.table;
    if (!text || !table) return;
    for (const match of text.value.matchAll(/[^,\s]+/g)) {
      const name = match[0].replace(/^"|"$/g, '');
      const start = match.index + (match[0].startsWith('"') ? 1 : 0);
      this.column(table, name, text.locate(start, start + name.length), 'read');
    }
  }

  logic(node: Node | undefined, options: Node | undefined): void {
    const text = nameString(this.ctx, node);
    const foreign = optionString(this.ctx, options, 'foreignTable', 'referencedTable');
    const owner = foreign ? this.embedded(foreign.value) : this.state.table;
    if (!text || !owner) return;
    for (const condition of parseLogic(text.value)) {
      const value = condition.value;
      const values = value && ['eq', 'neq', 'is'].includes(condition.operator)
        ? [textHint(value.name, text.locate(value.start, value.end), !value.quoted)]
        : undefined;
      this.tokenColumn(owner, text, condition.path.column, 'read', values);
    }
  }

  call({ method, args }: ChainCall): void {
    if (method === 'select') this.select(args[0]);
    else if (method === 'insert' || method === 'upsert') {
      this.rows(args[0], 'insert');
      this.columnList(optionString(this.ctx, args[1], 'onConflict'));
    } else if (method === 'update') this.rows(args[0], 'update');
    else if (method === 'match') {
      for (const key of objectKeys(this.ctx, args[0])?.keys ?? []) {
        const hint = valueHint(this.ctx, key.value);
        if (this.state.table) this.column(this.state.table, key.name, key.location, 'read', hint ? [hint] : undefined);
      }
    } else if (method === 'or') this.logic(args[0], args[1]);
    else if (FILTERS.has(method)) {
      const foreign = method === 'order' ? optionString(this.ctx, args[1], 'foreignTable', 'referencedTable') : undefined;
      const valueArg = method === 'not' || method === 'filter' ? args[2] : args[1];
      const values = method === 'in' ? listHints(this.ctx, valueArg)
        : method === 'order' || method === 'textSearch' ? undefined : [valueHint(this.ctx, valueArg)].filter((v) => v !== undefined);
      this.pathColumn(args[0], values, foreign);
    }
  }
}

function relationAccess(calls: ChainCall[]): Access {
  for (const call of calls) if (ACCESS[call.method]) return ACCESS[call.method]!;
  return 'read';
}

/**
 * Reads one chain on a client: `[.schema('s')] .from('t') | .rpc('fn', args)` then the builder calls.
 * Returns the query's state, so a chain stored in a variable can be continued.
 */
export function readClientChain(ctx: JsContext, calls: ChainCall[]): QueryState | undefined {
  let schema: string | null = null;
  let index = 0;
  if (calls[0]?.method === 'schema') {
    const text = nameString(ctx, calls[0].args[0]);
    if (!text) return undefined;
    schema = text.value;
    index = 1;
  }
  const head = calls[index];
  if (!head || (head.method !== 'from' && head.method !== 'rpc')) return undefined;
  const arg = head.args[0] as Node | undefined;
  if (!arg) return undefined;
  const text = nameString(ctx, arg);
  const rest = calls.slice(index + 1);
  if (!text) {
    const written = ctx.source.slice(arg.start, arg.end);
    ctx.addReference({
      kind: head.method === 'rpc' ? 'function' : 'relation', relation: { schema, name: written },
      access: head.method === 'rpc' ? 'call' : relationAccess(rest), written, quoted: false, confidence: 'dynamic',
      location: ctx.locate(arg.start, arg.end), note: `${head.method === 'rpc' ? 'function' : 'table'} name is not a constant`,
    });
    return { embeds: new Map() };
  }
  const relation = { schema, name: text.value };
  const location = text.locate(0, text.value.length);
  if (head.method === 'rpc') {
    const args = head.args[1] ? objectKeys(ctx, head.args[1]) : { keys: [], complete: true };
    const argNames = args?.complete ? args.keys.map((k) => k.name) : undefined;
    ctx.addReference({
      kind: 'function', relation, access: 'call', written: text.value, quoted: keepsCase(text.value), confidence: 'exact',
      location, ...(argNames ? { argCount: argNames.length, argNames } : {}),
    });
    return { embeds: new Map() };
  }
  const rows = rest.find((c) => c.method === 'insert' || c.method === 'upsert');
  const provides = rows ? rowKeys(ctx, rows.args[0]).provides : undefined;
  ctx.addReference({
    kind: 'relation', relation, access: relationAccess(rest), written: text.value, quoted: keepsCase(text.value),
    confidence: 'exact', location, ...(provides ? { provides } : {}),
  });
  const state: QueryState = { table: { relation, written: text.value }, embeds: new Map() };
  continueChain(ctx, state, rest);
  return state;
}

/** Reads builder calls on a query whose table is already known (a chain continued through a variable). */
export function continueChain(ctx: JsContext, state: QueryState, calls: ChainCall[]): void {
  const reader = new ChainReader(ctx, state);
  for (const call of calls) reader.call(call);
}
