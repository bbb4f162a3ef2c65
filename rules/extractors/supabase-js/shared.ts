// Pieces shared by the query-builder extractors (supabase-js, knex, kysely): walking a method chain upward,
// static strings with exact in-literal locations, object-literal keys, and value hints.
import type { JsContext, Node } from '../../../src/extractor.js';
import type { Location, ValueHint } from '../../../src/types.js';

export interface ChainCall {
  method: string;
  args: Node[];
  node: Node;
}

const WRAPPERS = new Set(['TSNonNullExpression', 'TSAsExpression', 'TSSatisfiesExpression', 'ChainExpression', 'ParenthesizedExpression']);

export function unwrap(node: Node | null | undefined): Node | undefined {
  let current = node ?? undefined;
  while (current && (WRAPPERS.has(current.type) || current.type === 'AwaitExpression')) {
    current = current.type === 'AwaitExpression' ? current.argument : current.expression;
  }
  return current;
}

/** The calls chained onto `root` (`root.a(...).b(...)`), innermost first, and the outermost expression of the chain. */
export function chainAbove(ctx: JsContext, root: Node): { calls: ChainCall[]; top: Node } {
  const calls: ChainCall[] = [];
  let node = root;
  for (;;) {
    let parent = ctx.parentOf(node);
    while (parent && WRAPPERS.has(parent.type)) {
      node = parent;
      parent = ctx.parentOf(node);
    }
    if (parent?.type !== 'MemberExpression' || parent.object !== node || parent.computed) break;
    const call = ctx.parentOf(parent);
    if (call?.type !== 'CallExpression' || call.callee !== parent) break;
    calls.push({ method: parent.property.name as string, args: call.arguments as Node[], node: call });
    node = call;
  }
  return { calls, top: node };
}

/** The variable a chain is stored in (`const q = chain`, `q = chain`, `let q = await chain`), if any. */
export function assignedName(ctx: JsContext, top: Node): string | undefined {
  let node = top;
  let parent = ctx.parentOf(node);
  while (parent && (WRAPPERS.has(parent.type) || parent.type === 'AwaitExpression')) {
    node = parent;
    parent = ctx.parentOf(node);
  }
  if (parent?.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') return parent.id.name;
  if (parent?.type === 'AssignmentExpression' && parent.right === node && parent.left.type === 'Identifier') return parent.left.name;
  return undefined;
}

/** A string known statically, able to locate any slice of its value in the source. */
export interface StaticString {
  value: string;
  node: Node;
  locate(start: number, end: number): Location;
}

function pieceAt(source: string, start: number, raw: string): number | undefined {
  for (const p of [start, start + 1]) if (source.startsWith(raw, p)) return p;
  return undefined;
}

/**
 * The static value of a string expression. Slices map to their exact place inside the literal when the text is written
 * there verbatim (no escapes); parts that come from interpolated constants map to the interpolation.
 */
export function staticString(ctx: JsContext, expression: Node | null | undefined): StaticString | undefined {
  const node = expression && WRAPPERS.has(expression.type) ? unwrap(expression) : expression;
  if (!node) return undefined;
  const whole = () => ctx.locate(node.start, node.end);
  if (node.type === 'Literal' && typeof node.value === 'string') {
    const value = node.value as string;
    const exact = ctx.source.slice(node.start + 1, node.end - 1) === value;
    return { value, node, locate: (s, e) => (exact ? ctx.locate(node.start + 1 + s, node.start + 1 + e) : whole()) };
  }
  if (node.type === 'TemplateLiteral') {
    const pieces: { from: number; to: number; src: number | undefined; node: Node }[] = [];
    let value = '';
    const quasis = node.quasis as Node[];
    for (let i = 0; i < quasis.length; i++) {
      const quasi = quasis[i]!;
      const text = (quasi.value.cooked ?? quasi.value.raw) as string;
      const src = text === quasi.value.raw ? pieceAt(ctx.source, quasi.start, text) : undefined;
      pieces.push({ from: value.length, to: value.length + text.length, src, node: quasi });
      value += text;
      const expr = (node.expressions as Node[])[i];
      if (!expr) continue;
      const part = ctx.evaluate(expr);
      if (part === undefined) return undefined;
      pieces.push({ from: value.length, to: value.length + part.length, src: undefined, node: expr });
      value += part;
    }
    const locate = (s: number, e: number): Location => {
      const piece = pieces.find((p) => s >= p.from && e <= p.to && (p.to > p.from || s === p.from));
      if (!piece) return whole();
      if (piece.src === undefined) return ctx.locate(piece.node.start, piece.node.end);
      return ctx.locate(piece.src + s - piece.from, piece.src + e - piece.from);
    };
    return { value, node, locate };
  }
  const value = ctx.evaluate(node);
  if (value === undefined) return undefined;
  return { value, node, locate: whole };
}

/** A static string written in the source, or `undefined` for anything else (numbers are not names). */
export function nameString(ctx: JsContext, node: Node | undefined): StaticString | undefined {
  const inner = unwrap(node);
  if (!inner || (inner.type === 'Literal' && typeof inner.value !== 'string')) return undefined;
  return staticString(ctx, inner);
}

export interface ObjectKey {
  name: string;
  location: Location;
  value: Node;
}

/** The keys of an object literal (or of a `const` bound to one); `complete` is false when a spread or computed key hides some. */
export function objectKeys(ctx: JsContext, expression: Node | undefined, depth = 0): { keys: ObjectKey[]; complete: boolean } | undefined {
  const node = unwrap(expression);
  if (!node) return undefined;
  if (node.type === 'Identifier' && depth < 5) {
    const init = ctx.constantAt(node);
    return init ? objectKeys(ctx, init, depth + 1) : undefined;
  }
  if (node.type !== 'ObjectExpression') return undefined;
  const keys: ObjectKey[] = [];
  let complete = true;
  for (const prop of node.properties as Node[]) {
    if (prop.type !== 'Property' || prop.kind !== 'init') {
      complete = false;
      continue;
    }
    const key = prop.key as Node;
    if (!prop.computed && key.type === 'Identifier') {
      keys.push({ name: key.name, location: ctx.locate(key.start, key.end), value: prop.value });
      continue;
    }
    const text = prop.computed ? staticString(ctx, key) : key.type === 'Literal' ? staticString(ctx, key) : undefined;
    if (text) keys.push({ name: text.value, location: text.locate(0, text.value.length), value: prop.value });
    else if (key.type === 'Literal' && typeof key.value === 'number') {
      keys.push({ name: String(key.value), location: ctx.locate(key.start, key.end), value: prop.value });
    } else complete = false;
  }
  return { keys, complete };
}

/** The objects of `{...}` or `[{...}, {...}]`: every key, and the union of provided columns when it is static. */
export function rowKeys(ctx: JsContext, expression: Node | undefined): { keys: ObjectKey[]; provides: string[] | undefined } {
  const node = unwrap(expression);
  const resolved = node?.type === 'Identifier' ? unwrap(ctx.constantAt(node)) : node;
  const rows = resolved?.type === 'ArrayExpression' ? (resolved.elements as (Node | null)[]) : [mappedRow(resolved) ?? node];
  const keys: ObjectKey[] = [];
  let complete = rows.length > 0;
  for (const row of rows) {
    const found = row ? objectKeys(ctx, row) : undefined;
    if (!found) {
      complete = false;
      continue;
    }
    keys.push(...found.keys);
    if (!found.complete) complete = false;
  }
  const provides = complete ? [...new Set(keys.map((k) => k.name))].sort() : undefined;
  return { keys, provides };
}

/** `items.map((i) => ({ a: i.a }))`: the object each element becomes. */
function mappedRow(node: Node | undefined): Node | undefined {
  if (node?.type !== 'CallExpression' || node.callee.type !== 'MemberExpression' || node.callee.property.name !== 'map') return undefined;
  const fn = unwrap(node.arguments[0]);
  if (!fn || !/Function/.test(fn.type)) return undefined;
  const body = unwrap(fn.body);
  if (body?.type === 'ObjectExpression') return body;
  const statements = body?.type === 'BlockStatement' ? (body.body as Node[]) : [];
  const last = statements[statements.length - 1];
  return last?.type === 'ReturnStatement' && unwrap(last.argument)?.type === 'ObjectExpression' ? unwrap(last.argument) : undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The kind of a value given as text (a string literal, or a value inside a PostgREST filter string). */
export function textHint(text: string, location: Location, fromFilter = false): ValueHint {
  if (fromFilter) {
    if (/^-?\d+$/.test(text)) return { kind: 'integer', text, location };
    if (/^-?\d*\.\d+$/.test(text)) return { kind: 'decimal', text, location };
    if (text === 'true' || text === 'false') return { kind: 'boolean', location };
    if (text === 'null') return { kind: 'null', location };
  }
  if (DATE.test(text)) return { kind: 'date', text, location };
  if (UUID.test(text)) return { kind: 'uuid', text, location };
  return { kind: 'string', text, location };
}

/** What kind of value an expression written to or compared with a column is, when it can be told. */
export function valueHint(ctx: JsContext, expression: Node | undefined, depth = 0): ValueHint | undefined {
  const node = unwrap(expression);
  if (!node || !expression) return undefined;
  const location = ctx.locate(expression.start, expression.end);
  switch (node.type) {
    case 'Literal': {
      if (node.value === null && node.raw === 'null') return { kind: 'null', location };
      if (typeof node.value === 'string') return textHint(node.value, location);
      if (typeof node.value === 'boolean') return { kind: 'boolean', location };
      if (typeof node.value === 'number' || typeof node.value === 'bigint') {
        const raw = String(node.raw).replace(/n$/, '');
        const integer = /^0[xob]/i.test(raw) || !/[.e]/i.test(raw);
        return { kind: integer ? 'integer' : 'decimal', text: raw, location };
      }
      return undefined;
    }
    case 'UnaryExpression': {
      const inner = node.operator === '-' ? valueHint(ctx, node.argument, depth) : undefined;
      return inner && (inner.kind === 'integer' || inner.kind === 'decimal') ? { ...inner, text: `-${inner.text}`, location } : undefined;
    }
    case 'TemplateLiteral': {
      const text = ctx.evaluate(node);
      return text === undefined ? { kind: 'string', location } : textHint(text, location);
    }
    case 'ObjectExpression':
      return { kind: 'object', location };
    case 'ArrayExpression':
      return { kind: 'array', location };
    case 'NewExpression':
      return node.callee.type === 'Identifier' && node.callee.name === 'Date' ? { kind: 'date', location } : undefined;
    case 'CallExpression': {
      const callee = node.callee;
      const method = callee.type === 'MemberExpression' && !callee.computed ? callee.property.name : undefined;
      return method === 'toISOString' || method === 'toJSON' ? { kind: 'date', location } : undefined;
    }
    case 'Identifier': {
      if (node.name === 'undefined') return undefined;
      const init = depth < 5 ? ctx.constantAt(node) : undefined;
      const inner = init ? valueHint(ctx, init, depth + 1) : undefined;
      return inner ? { ...inner, location } : undefined;
    }
    default:
      return undefined;
  }
}

/** Values of `[a, b]` (or a single value) for `.in()`-style filters. */
export function listHints(ctx: JsContext, expression: Node | undefined): ValueHint[] {
  const node = unwrap(expression);
  if (node?.type !== 'ArrayExpression') {
    const hint = valueHint(ctx, expression);
    return hint ? [hint] : [];
  }
  return (node.elements as (Node | null)[]).flatMap((e) => {
    const hint = e ? valueHint(ctx, e) : undefined;
    return hint ? [hint] : [];
  });
}

/** `./db`, `../lib/db`, `@/lib/supabase/server`, `~/server/db`, `#db`: a module of this project, not a package. */
export function isLocalModule(source: string): boolean {
  return /^(\.{1,2}\/|\.$|@\/|~\/|#)/.test(source) || source.startsWith('/');
}

/** The three query builders quote every identifier they emit, so a name keeps its case exactly as written. */
export function keepsCase(name: string): boolean {
  return name !== name.toLowerCase();
}

/** A function's first parameter name (`async (trx) => ...`), when the node is a function. */
export function firstParam(node: Node | undefined): string | undefined {
  const fn = unwrap(node);
  if (!fn || !/Function|ArrowFunction/.test(fn.type)) return undefined;
  const param = (fn.params as Node[])[0];
  const id = param?.type === 'AssignmentPattern' ? param.left : param;
  return id?.type === 'Identifier' ? (id.name as string) : undefined;
}

/** The name of a type reference annotation (`x: SupabaseClient<DB>` → `SupabaseClient`, `Knex.Transaction` → `Transaction`). */
export function annotatedType(id: Node): string | undefined {
  const type = id.typeAnnotation?.typeAnnotation as Node | undefined;
  if (type?.type !== 'TSTypeReference') return undefined;
  const name = type.typeName as Node;
  if (name.type === 'Identifier') return name.name as string;
  if (name.type === 'TSQualifiedName') return name.right.name as string;
  return undefined;
}
