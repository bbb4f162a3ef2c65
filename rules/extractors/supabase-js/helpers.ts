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

/** Decides which expressions are Supabase clients: `isClient`, and `schemaOf` for a client created with `db: { schema }`. */
export interface ClientMatcher {
  isClient(node: Node): boolean;
  /** The schema `.from()` and `.rpc()` use on this client: set by `createClient(url, key, { db: { schema: 's' } })`. */
  schemaOf(node: Node): string | null;
}

/** Decides which expressions are Supabase clients, from this file's imports, declarations and parameter types. */
export function clientMatcher(ctx: JsContext): ClientMatcher {
  const factories = new Set<string>();
  for (const binding of ctx.imports.values()) {
    const name = binding.imported === 'default' || binding.imported === '*' ? binding.local : binding.imported;
    const factory = binding.source.startsWith('@supabase/') || (CLIENT_NAME.test(binding.source) && !isLocalModule(binding.source))
      // `@supabase/ssr`, or a workspace package of a monorepo such as `@acme/supabase/server`
      ? PACKAGE_FACTORY.test(name)
      : isLocalModule(binding.source) && LOCAL_FACTORY.test(name);
    if (factory) factories.add(binding.local);
  }
  const isFactoryCall = (node: Node | null | undefined): boolean => {
    const call = unwrap(node);
    if (call?.type !== 'CallExpression' || call.callee.type !== 'Identifier') return false;
    const name = call.callee.name as string;
    return factories.has(name) || (!ctx.imports.has(name) && CLIENT_NAME.test(name));
  };
  /** `db: { schema: 's' }` in any object argument of a factory call. */
  const dbSchema = (node: Node | null | undefined): string | undefined => {
    const call = unwrap(node);
    for (const arg of call?.type === 'CallExpression' ? (call.arguments as Node[]) : []) {
      const db = objectKeys(ctx, arg)?.keys.find((k) => k.name === 'db');
      const schema = db ? objectKeys(ctx, db.value)?.keys.find((k) => k.name === 'schema') : undefined;
      const text = schema ? nameString(ctx, schema.value) : undefined;
      if (text) return text.value;
    }
    return undefined;
  };
  const names = new Set<string>();
  const properties = new Set<string>();
  const nameSchemas = new Map<string, string>();
  const propertySchemas = new Map<string, string>();
  const clientBinding = (into: Set<string>, schemas: Map<string, string>, name: string, init: Node | null | undefined) => {
    into.add(name);
    const schema = dbSchema(init);
    if (schema !== undefined) schemas.set(name, schema);
  };
  walk(ctx.program, (node) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') {
      if (isFactoryCall(node.init) || annotatedType(node.id) === 'SupabaseClient') clientBinding(names, nameSchemas, node.id.name, node.init);
    } else if (node.type === 'AssignmentExpression' && isFactoryCall(node.right)) {
      if (node.left.type === 'Identifier') clientBinding(names, nameSchemas, node.left.name, node.right);
      else if (node.left.type === 'MemberExpression' && !node.left.computed) clientBinding(properties, propertySchemas, node.left.property.name, node.right);
    } else if (node.type === 'PropertyDefinition' && node.key.type === 'Identifier') {
      if (isFactoryCall(node.value) || annotatedType(node) === 'SupabaseClient') clientBinding(properties, propertySchemas, node.key.name, node.value);
    } else if (node.type === 'Identifier' && node.typeAnnotation && annotatedType(node) === 'SupabaseClient') {
      names.add(node.name);
    }
  });
  return {
    isClient(expression) {
      const node = unwrap(expression);
      if (!node) return false;
      if (node.type === 'Identifier') return names.has(node.name) || CLIENT_NAME.test(node.name);
      if (node.type === 'MemberExpression' && !node.computed) {
        const name = node.property.name as string;
        return properties.has(name) || CLIENT_NAME.test(name);
      }
      return isFactoryCall(node);
    },
    schemaOf(expression) {
      const node = unwrap(expression);
      if (node?.type === 'Identifier') return nameSchemas.get(node.name) ?? null;
      if (node?.type === 'MemberExpression' && !node.computed) return propertySchemas.get(node.property.name as string) ?? null;
      return dbSchema(node) ?? null;
    },
  };
}

interface Target {
  relation: QualifiedName;
  written: string;
  /** An embedded resource: the relation it hangs off (its name may be a foreign key of that relation). */
  embeddedIn?: QualifiedName;
}

/** What a stored query (`let query = supabase.from('t')`) knows: its table (absent when dynamic) and embedded resources. */
export interface QueryState {
  table?: Target;
  embeds: Map<string, Target>;
  /** A select list was not static, so embedded resources it may name (and their aliases) are unknown. */
  opaqueSelect?: boolean;
}

interface Piece {
  from: number;
  to: number;
  locate(start: number, end: number): Location;
}

/**
 * `COLUMNS.join(',')` and `[...COLUMNS, 'tags(id)'].join(', ')`: a select list built from arrays of constant strings.
 * Strings written in the joined array literal locate exactly; strings that come from a constant array locate at the
 * constant's name where it is used (the same constant may serve several queries).
 */
export function joinedString(ctx: JsContext, expression: Node | undefined): StaticString | undefined {
  const node = unwrap(expression);
  if (node?.type !== 'CallExpression' || node.callee.type !== 'MemberExpression' || node.callee.computed) return undefined;
  if (node.callee.property.name !== 'join' || node.arguments.length > 1) return undefined;
  const separator = node.arguments[0] === undefined ? ',' : nameString(ctx, node.arguments[0])?.value;
  if (separator === undefined) return undefined;
  const parts: { value: string; locate(start: number, end: number): Location }[] = [];
  const collect = (array: Node | undefined, useSite: Node | undefined, depth: number): boolean => {
    const list = unwrap(array);
    if (list?.type === 'Identifier' && depth < 5) return collect(ctx.constantAt(list), useSite ?? list, depth + 1);
    if (list?.type !== 'ArrayExpression') return false;
    for (const element of list.elements as (Node | null)[]) {
      if (!element) return false;
      if (element.type === 'SpreadElement') {
        if (!collect(element.argument, useSite ?? element.argument, depth + 1)) return false;
        continue;
      }
      const text = nameString(ctx, element);
      if (!text) return false;
      const at = useSite;
      parts.push({ value: text.value, locate: at ? () => ctx.locate(at.start, at.end) : text.locate });
    }
    return true;
  };
  if (!collect(node.callee.object, undefined, 0)) return undefined;
  const pieces: Piece[] = [];
  let value = '';
  parts.forEach((part, i) => {
    if (i > 0) value += separator;
    pieces.push({ from: value.length, to: value.length + part.value.length, locate: part.locate });
    value += part.value;
  });
  const whole = () => ctx.locate(node.start, node.end);
  return {
    value,
    node,
    locate(start, end) {
      const piece = pieces.find((p) => start >= p.from && end <= p.to);
      return piece ? piece.locate(start - piece.from, end - piece.from) : whole();
    },
  };
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
      ...(target.embeddedIn ? { embeddedIn: target.embeddedIn } : {}),
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
    const known = this.state.embeds.get(name);
    // A name the static selects do not embed is a table name, unless a select that could have embedded it under an
    // alias was not static.
    if (known || this.state.opaqueSelect) return known;
    return { relation: { schema: table.relation.schema, name }, written: name };
  }

  select(node: Node | undefined): void {
    if (!node) return;
    const text = nameString(this.ctx, node) ?? joinedString(this.ctx, node);
    if (!text) this.state.opaqueSelect = true;
    if (!text || !this.state.table) return;
    this.selectItems(this.state.table, text, parseSelect(text.value));
  }

  selectItems(owner: Target, text: StaticString, items: SelectNode[]): void {
    for (const item of items) {
      if (item.kind === 'column') {
        this.tokenColumn(owner, text, item.token, 'read');
        continue;
      }
      const target: Target = { relation: { schema: owner.relation.schema, name: item.token.name }, written: item.token.name, embeddedIn: owner.relation };
      this.state.embeds.set(item.alias ?? item.token.name, target);
      this.state.embeds.set(item.token.name, target);
      this.ctx.addReference({
        kind: 'relation', relation: target.relation, access: 'read', written: item.token.name,
        quoted: keepsCase(item.token.name), confidence: 'exact', location: text.locate(item.token.start, item.token.end),
        embeddedIn: owner.relation,
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
 * Reads one chain on a client: `[.schema('s')] .from('t') | .rpc('fn', args)` then the builder calls. `clientSchema` is
 * the client's own default (`db: { schema }`), which `.schema('s')` overrides.
 * Returns the query's state, so a chain stored in a variable can be continued.
 */
export function readClientChain(ctx: JsContext, calls: ChainCall[], clientSchema: string | null = null): QueryState | undefined {
  let schema = clientSchema;
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
  const branches = !text && head.method === 'rpc' ? conditionalNames(ctx, arg) : undefined;
  if (branches) {
    for (const branch of branches) rpcReference(ctx, head, { schema, name: branch.value }, branch.locate(0, branch.value.length));
    return { embeds: new Map() };
  }
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
    rpcReference(ctx, head, relation, location);
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

function rpcReference(ctx: JsContext, head: ChainCall, relation: QualifiedName, location: Location): void {
  const args = head.args[1] ? objectKeys(ctx, head.args[1]) : { keys: [], complete: true };
  const argNames = args?.complete ? args.keys.map((k) => k.name) : undefined;
  ctx.addReference({
    kind: 'function', relation, access: 'call', written: relation.name, quoted: keepsCase(relation.name), confidence: 'exact',
    location, ...(argNames ? { argCount: argNames.length, argNames } : {}),
  });
}

/**
 * `cond ? 'fn_a' : 'fn_b'`, written in place or held by a `const`: each branch is a name the call can use. Branches
 * written in place locate exactly; branches of a constant locate at its name where it is used.
 */
function conditionalNames(ctx: JsContext, arg: Node): StaticString[] | undefined {
  let node = unwrap(arg);
  let useSite: Node | undefined;
  if (node?.type === 'Identifier') {
    useSite = node;
    node = unwrap(ctx.constantAt(node));
  }
  if (node?.type !== 'ConditionalExpression') return undefined;
  const branches = [nameString(ctx, node.consequent), nameString(ctx, node.alternate)];
  if (branches.some((b) => b === undefined)) return undefined;
  const at = useSite;
  return (branches as StaticString[]).map((b) => (at ? { ...b, locate: () => ctx.locate(at.start, at.end) } : b));
}

/** Reads builder calls on a query whose table is already known (a chain continued through a variable). */
export function continueChain(ctx: JsContext, state: QueryState, calls: ChainCall[]): void {
  const reader = new ChainReader(ctx, state);
  for (const call of calls) reader.call(call);
}
