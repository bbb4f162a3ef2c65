import type { JsContext, Node } from '../extractor.js';
import type { Location } from '../types.js';

/** SQL text assembled from JS source, with offsets mapped back to the file. */
export interface SqlFromJs {
  text: string;
  /** File location of a UTF-16 range of `text`. */
  locate(start: number, end: number): Location;
  /** Interpolations that could not be computed (values that became `$n` parameters are not counted). */
  dynamicParts: number;
  /** Source text of each dynamic identifier placeholder, by index (pass to `analyzeSql`). */
  placeholders: string[];
  /** Part of the text is unknown in a way that may change its meaning (a fragment built at run time). */
  dynamic: boolean;
  /** Ranges of `text` holding `$n` parameters that stand for interpolations (blanked when a retry is needed). */
  params: { start: number; end: number }[];
}

/** What an interpolated expression stands for, as the calling extractor knows its library. */
export type TemplatePart =
  /** A bound parameter: becomes `$n`. */
  | { kind: 'value' }
  /** An identifier (postgres.js `sql(name)`, slonik `sql.identifier([...])`); `value` when static. */
  | { kind: 'identifier'; value?: string }
  /** SQL text inlined as is (`sql.unsafe('…')`, `Prisma.raw('…')`, drizzle `sql.raw`); `value` when static. */
  | { kind: 'raw'; value?: string }
  /** A nested SQL template inlined with its own interpolations (`sql\`AND x = ${y}\``). */
  | { kind: 'fragment'; node: Node };

export type TemplatePartClassifier = (expression: Node, position: { identifier: boolean }) => TemplatePart | undefined;

export interface TemplateOptions {
  /** Tagged templates send interpolations as parameters; untagged ones are string interpolation. Default true. */
  tagged?: boolean;
  classify?: TemplatePartClassifier;
}

export const PLACEHOLDER_PREFIX = '__dbref_dyn_';
// `DROP TABLE IF EXISTS ${t}`, `CREATE INDEX ON ${t}`: the table name follows `exists` and `on` as well.
const IDENTIFIER_BEFORE = /(?:\b(?:from|join|into|update|table|only|truncate|exists|index\s+on|index\s+\w+\s+on)|[."])\s*$/i;

interface Piece {
  at: number;
  length: number;
  /** Source offset of the piece's first character. */
  src: number;
  srcEnd: number;
  /** Per-character source offsets (length + 1 entries) when escapes make the mapping irregular. */
  offsets?: number[];
  /** Opaque pieces (substituted constants, placeholders) map every offset inside to the whole source range. */
  opaque: boolean;
}

class Builder {
  text = '';
  readonly pieces: Piece[] = [];
  paramCount = 0;
  dynamicParts = 0;
  dynamic = false;
  readonly placeholders: string[] = [];
  readonly params: { start: number; end: number }[] = [];

  constructor(private readonly ctx: JsContext) {}

  /** Raw JS string text (between quotes) starting at `srcStart`, escapes decoded. */
  addRaw(raw: string, srcStart: number): void {
    if (raw.length === 0) return;
    if (!raw.includes('\\')) {
      this.pieces.push({ at: this.text.length, length: raw.length, src: srcStart, srcEnd: srcStart + raw.length, opaque: false });
      this.text += raw;
      return;
    }
    const { text, offsets } = decodeEscapes(raw, srcStart);
    if (text.length === 0) return;
    this.pieces.push({ at: this.text.length, length: text.length, src: offsets[0]!, srcEnd: offsets[text.length]!, offsets, opaque: false });
    this.text += text;
  }

  addOpaque(text: string, srcStart: number, srcEnd: number): void {
    if (text.length === 0) return;
    this.pieces.push({ at: this.text.length, length: text.length, src: srcStart, srcEnd, opaque: true });
    this.text += text;
  }

  addPlaceholder(node: Node): void {
    const index = this.placeholders.length;
    this.placeholders.push(this.ctx.source.slice(node.start, node.end));
    this.dynamicParts++;
    this.addOpaque(`${PLACEHOLDER_PREFIX}${index}__`, node.start, node.end);
  }

  addParam(node: Node): void {
    const start = this.text.length;
    this.addOpaque(`$${++this.paramCount}`, node.start, node.end);
    this.params.push({ start, end: this.text.length });
  }

  #pieceAt(offset: number): Piece | undefined {
    const pieces = this.pieces;
    let lo = 0;
    let hi = pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (pieces[mid]!.at <= offset) lo = mid;
      else hi = mid - 1;
    }
    return pieces[lo];
  }

  mapStart(offset: number): number {
    const piece = this.#pieceAt(offset);
    if (!piece) return 0;
    if (offset >= piece.at + piece.length) return piece.srcEnd;
    if (piece.opaque) return piece.src;
    return piece.offsets ? piece.offsets[offset - piece.at]! : piece.src + (offset - piece.at);
  }

  mapEnd(offset: number): number {
    if (offset <= 0) return this.mapStart(0);
    const piece = this.#pieceAt(offset - 1);
    if (!piece) return 0;
    if (piece.opaque || offset >= piece.at + piece.length) return piece.srcEnd;
    return piece.offsets ? piece.offsets[offset - piece.at]! : piece.src + (offset - piece.at);
  }

  result(): SqlFromJs {
    return {
      text: this.text,
      locate: (start, end) => this.ctx.locate(this.mapStart(start), Math.max(this.mapStart(start), this.mapEnd(end))),
      dynamicParts: this.dynamicParts,
      placeholders: this.placeholders,
      dynamic: this.dynamic,
      params: this.params,
    };
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

function decodeEscapes(raw: string, srcStart: number): { text: string; offsets: number[] } {
  let text = '';
  const offsets: number[] = [];
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i]!;
    if (ch !== '\\' || i + 1 >= raw.length) {
      offsets.push(srcStart + i);
      text += ch;
      i++;
      continue;
    }
    const next = raw[i + 1]!;
    let decoded: string;
    let width = 2;
    if (next === '\n') decoded = '';
    else if (next === '\r') {
      decoded = '';
      if (raw[i + 2] === '\n') width = 3;
    } else if (next in SIMPLE_ESCAPES) decoded = SIMPLE_ESCAPES[next]!;
    else if (next === 'x' && /^[0-9a-f]{2}$/i.test(raw.slice(i + 2, i + 4))) {
      decoded = String.fromCharCode(parseInt(raw.slice(i + 2, i + 4), 16));
      width = 4;
    } else if (next === 'u' && raw[i + 2] === '{') {
      const close = raw.indexOf('}', i + 3);
      const code = close > 0 ? parseInt(raw.slice(i + 3, close), 16) : NaN;
      decoded = Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
      width = close > 0 ? close - i + 1 : 2;
    } else if (next === 'u' && /^[0-9a-f]{4}$/i.test(raw.slice(i + 2, i + 6))) {
      decoded = String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
      width = 6;
    } else decoded = next;
    for (let k = 0; k < decoded.length; k++) offsets.push(srcStart + i);
    text += decoded;
    i += width;
  }
  offsets.push(srcStart + raw.length);
  return { text, offsets };
}

function quasiRawStart(ctx: JsContext, quasi: Node): number {
  const raw = quasi.value.raw as string;
  if (ctx.source.startsWith(raw, quasi.start + 1)) return quasi.start + 1;
  return ctx.source.startsWith(raw, quasi.start) ? quasi.start : quasi.start + 1;
}

function addTemplate(builder: Builder, node: Node, ctx: JsContext, options: TemplateOptions, depth: number): void {
  const tagged = options.tagged ?? true;
  const quasis = node.quasis as Node[];
  const expressions = node.expressions as Node[];
  for (let i = 0; i < quasis.length; i++) {
    builder.addRaw(quasis[i]!.value.raw as string, quasiRawStart(ctx, quasis[i]!));
    const expression = expressions[i];
    if (!expression) continue;
    const nextRaw = (quasis[i + 1]?.value.raw as string | undefined) ?? '';
    const identifier = IDENTIFIER_BEFORE.test(builder.text) || nextRaw.startsWith('.');
    addExpression(builder, expression, ctx, { ...options, tagged }, identifier, depth);
  }
}

function addExpression(
  builder: Builder,
  expression: Node,
  ctx: JsContext,
  options: TemplateOptions,
  identifier: boolean,
  depth: number,
): void {
  const part = options.classify?.(expression, { identifier });
  if (part?.kind === 'fragment' && depth < 8) {
    addTemplate(builder, part.node, ctx, options, depth + 1);
    return;
  }
  if (part?.kind === 'identifier' || part?.kind === 'raw') {
    if (part.value !== undefined) builder.addOpaque(part.value, expression.start, expression.end);
    else if (part.kind === 'identifier' || identifier) builder.addPlaceholder(expression);
    else {
      builder.dynamicParts++;
      builder.dynamic = true;
      builder.addOpaque(' ', expression.start, expression.end);
    }
    return;
  }
  if (part?.kind === 'value') {
    builder.addParam(expression);
    return;
  }
  const tagged = options.tagged ?? true;
  if (!tagged || identifier) {
    const value = ctx.evaluate(expression);
    if (value !== undefined) {
      builder.addOpaque(value, expression.start, expression.end);
      return;
    }
  }
  if (identifier) builder.addPlaceholder(expression);
  else builder.addParam(expression);
}

/**
 * The SQL text of a template literal: quasis joined with `$1..$n` for interpolated values, constants inlined in
 * identifier positions (`FROM ${TABLE}`), and unresolvable identifiers replaced by placeholders that make the
 * affected references `dynamic`. Offsets map back to the file.
 */
export function sqlFromTemplate(node: Node, ctx: JsContext, options: TemplateOptions = {}): SqlFromJs {
  const builder = new Builder(ctx);
  addTemplate(builder, node.type === 'TaggedTemplateExpression' ? node.quasi : node, ctx, options, 0);
  return builder.result();
}

/**
 * The SQL text of a string-valued expression: a string literal, an untagged template, `+` concatenation, or an
 * identifier bound to a constant. `undefined` when no part of it is a string written in this file.
 */
export function sqlFromExpression(node: Node, ctx: JsContext, options: TemplateOptions = {}): SqlFromJs | undefined {
  const builder = new Builder(ctx);
  if (!addConcat(builder, node, ctx, options, 0)) return undefined;
  return builder.result();
}

function addConcat(builder: Builder, node: Node, ctx: JsContext, options: TemplateOptions, depth: number): boolean {
  switch (node.type) {
    case 'Literal':
      if (typeof node.value !== 'string') return false;
      builder.addRaw(ctx.source.slice(node.start + 1, node.end - 1), node.start + 1);
      return true;
    case 'TemplateLiteral':
      addTemplate(builder, node, ctx, { ...options, tagged: false }, 0);
      return true;
    case 'BinaryExpression': {
      if (node.operator !== '+' || depth > 64) return false;
      const left = addConcat(builder, node.left, ctx, options, depth + 1);
      if (!left) addUnknown(builder, node.left, ctx);
      const right = addConcat(builder, node.right, ctx, options, depth + 1);
      if (!right) addUnknown(builder, node.right, ctx);
      return left || right;
    }
    case 'ParenthesizedExpression':
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
      return addConcat(builder, node.expression, ctx, options, depth + 1);
    case 'Identifier': {
      if (depth === 0) {
        // A query held in a constant: locate it at its definition, so the reference points at the SQL itself.
        const init = ctx.constantAt(node);
        if (init && init.type !== 'Identifier' && addConcat(builder, init, ctx, options, depth + 1)) return true;
      }
      const value = ctx.evaluate(node);
      if (value === undefined) return false;
      builder.addOpaque(value, node.start, node.end);
      return true;
    }
    default: {
      const value = ctx.evaluate(node);
      if (value === undefined) return false;
      builder.addOpaque(value, node.start, node.end);
      return true;
    }
  }
}

function addUnknown(builder: Builder, node: Node, ctx: JsContext): void {
  const identifier = IDENTIFIER_BEFORE.test(builder.text);
  if (identifier) builder.addPlaceholder(node);
  else {
    builder.addParam(node);
    builder.dynamicParts++;
  }
  void ctx;
}

/**
 * Knex-style bindings: `?` becomes `$n`, `??` an identifier taken from the bindings array when static, else a
 * placeholder that makes the reference dynamic. `\\?` stays a literal question mark.
 */
export function withQuestionBindings(sql: SqlFromJs, bindings: Node | undefined, ctx: JsContext): SqlFromJs {
  const text = sql.text;
  if (!text.includes('?')) return sql;
  const values = bindings?.type === 'ArrayExpression' ? (bindings.elements as (Node | null)[]) : [];
  let out = '';
  // Segments of the new text: [newStart, oldStart, oldEnd, opaque].
  const segments: [number, number, number, boolean][] = [];
  const placeholders = [...sql.placeholders];
  const params: { start: number; end: number }[] = [];
  let copyFrom = 0;
  let binding = 0;
  let paramCount = 0;
  const flush = (until: number) => {
    if (until > copyFrom) segments.push([out.length, copyFrom, until, false]);
    out += text.slice(copyFrom, until);
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      const close = text.indexOf(ch, i + 1);
      if (close < 0) break;
      i = close;
      continue;
    }
    if (ch === '\\' && text[i + 1] === '?') {
      flush(i);
      copyFrom = i + 1;
      i++;
      continue;
    }
    if (ch !== '?') continue;
    const double = text[i + 1] === '?';
    flush(i);
    const end = i + (double ? 2 : 1);
    const value = values[binding];
    binding++;
    let replacement: string;
    if (double) {
      const name = value ? ctx.evaluate(value) : undefined;
      if (name !== undefined) replacement = name.split('.').map((p) => `"${p.replaceAll('"', '""')}"`).join('.');
      else {
        replacement = `${PLACEHOLDER_PREFIX}${placeholders.length}__`;
        placeholders.push(value ? ctx.source.slice(value.start, value.end) : '??');
      }
    } else {
      replacement = `$${++paramCount}`;
      params.push({ start: out.length, end: out.length + replacement.length });
    }
    segments.push([out.length, i, end, true]);
    out += replacement;
    copyFrom = end;
    i = end - 1;
  }
  flush(text.length);
  const map = (offset: number, isEnd: boolean): number => {
    let seg = segments[0];
    for (const s of segments) {
      if (s[0] <= (isEnd ? offset - 1 : offset)) seg = s;
      else break;
    }
    if (!seg) return offset;
    if (seg[3]) return isEnd ? seg[2] : seg[1];
    return Math.min(seg[2], seg[1] + (offset - seg[0]));
  };
  return {
    text: out,
    locate: (start, end) => sql.locate(map(start, false), map(end, true)),
    dynamicParts: sql.dynamicParts + placeholders.length - sql.placeholders.length,
    placeholders,
    dynamic: sql.dynamic,
    params,
  };
}
