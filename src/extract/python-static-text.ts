import { named, type PyNode } from './python-syntax.js';

/**
 * A static string with, for every character, the source range it came from, so offsets in the value
 * (SQL text, a table name) map back to the file. Characters substituted from constants map to the expression.
 */
export interface StaticText {
  value: string;
  starts: number[];
  ends: number[];
  /** Parts that could not be computed (only with `holes`): their position in `value` and the source node. */
  holes: { index: number; length: number; node: PyNode }[];
}

export interface EvaluateOptions {
  /** Replace an expression that cannot be computed by this text instead of failing. */
  hole?: (node: PyNode, before: string) => string;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/**
 * Constant folding of string expressions for one file. `valueOf` says what an identifier holds at its use;
 * names being folded are tracked so a self-referencing constant is a hole, not an endless loop.
 */
export class StaticTextEvaluator {
  readonly #evaluating = new Set<string>();

  constructor(
    private readonly source: string,
    private readonly valueOf: (identifier: PyNode) => PyNode | undefined,
  ) {}

  /** The static string value of an expression, with a source range per character; undefined when dynamic. */
  evaluate(node: PyNode | null | undefined, options: EvaluateOptions = {}): StaticText | undefined {
    const out: StaticText = { value: '', starts: [], ends: [], holes: [] };
    return node && this.#append(node, out, options) ? out : undefined;
  }

  #hole(node: PyNode, out: StaticText, options: EvaluateOptions): boolean {
    if (!options.hole) return false;
    const text = options.hole(node, out.value);
    out.holes.push({ index: out.value.length, length: text.length, node });
    pushSpan(out, text, node.startIndex, node.endIndex);
    return true;
  }

  #append(node: PyNode, out: StaticText, options: EvaluateOptions): boolean {
    switch (node.type) {
      case 'string':
        return this.#appendString(node, out, options);
      case 'concatenated_string':
        return named(node).every((part) => part.type === 'comment' || this.#append(part, out, options));
      case 'parenthesized_expression': {
        const inner = named(node).filter((n) => n.type !== 'comment');
        return inner.length === 1 && this.#append(inner[0]!, out, options);
      }
      case 'integer':
        pushSpan(out, node.text, node.startIndex, node.endIndex);
        return true;
      case 'binary_operator': {
        const operator = node.childForFieldName('operator')?.text;
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (operator !== '+' || !left || !right) return this.#hole(node, out, options);
        return this.#append(left, out, options) && this.#append(right, out, options);
      }
      case 'identifier': {
        if (this.#evaluating.has(node.text)) return this.#hole(node, out, options);
        const value = this.valueOf(node);
        if (!value) return this.#hole(node, out, options);
        // A constant's characters all map to the identifier that names it here.
        this.#evaluating.add(node.text);
        const inner = this.evaluate(value, {});
        this.#evaluating.delete(node.text);
        if (!inner) return this.#hole(node, out, options);
        pushSpan(out, inner.value, node.startIndex, node.endIndex);
        return true;
      }
      default:
        return this.#hole(node, out, options);
    }
  }

  #appendString(node: PyNode, out: StaticText, options: EvaluateOptions): boolean {
    const start = node.child(0);
    const prefix = (start?.type === 'string_start' ? start.text : '').replace(/['"]+$/, '').toLowerCase();
    const isRaw = prefix.includes('r');
    const isFormat = prefix.includes('f') || prefix.includes('t');
    for (const part of named(node)) {
      if (part.type === 'string_content') {
        decodeContent(this.source, part.startIndex, part.endIndex, isRaw, isFormat, out);
      } else if (part.type === 'interpolation') {
        const expression = part.childForFieldName('expression');
        const plain = !part.childForFieldName('type_conversion') && !part.childForFieldName('format_specifier');
        const before = out.value.length;
        if (expression && plain) {
          const ok = this.#append(expression, out, {});
          if (ok) {
            // Characters of a folded interpolation point at the whole `{expr}`.
            for (let i = before; i < out.value.length; i++) {
              out.starts[i] = part.startIndex;
              out.ends[i] = part.endIndex;
            }
            continue;
          }
          out.value = out.value.slice(0, before);
          out.starts.length = before;
          out.ends.length = before;
        }
        if (!this.#hole(part, out, options)) return false;
      }
    }
    return true;
  }
}

function pushSpan(out: StaticText, text: string, start: number, end: number): void {
  out.value += text;
  for (let i = 0; i < text.length; i++) {
    out.starts.push(start);
    out.ends.push(end);
  }
}

/** Decodes one string_content range (escapes, `{{` in f-strings), recording each character's source range. */
function decodeContent(source: string, from: number, to: number, isRaw: boolean, isFormat: boolean, out: StaticText): void {
  let i = from;
  while (i < to) {
    const ch = source[i]!;
    if (isFormat && (ch === '{' || ch === '}') && source[i + 1] === ch) {
      pushSpan(out, ch, i, i + 2);
      i += 2;
      continue;
    }
    if (ch !== '\\' || isRaw || i + 1 >= to) {
      pushSpan(out, ch, i, i + 1);
      i++;
      continue;
    }
    const next = source[i + 1]!;
    if (next === '\n') {
      i += 2;
      continue;
    }
    if (next === '\r') {
      i += source[i + 2] === '\n' ? 3 : 2;
      continue;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      pushSpan(out, simple, i, i + 2);
      i += 2;
      continue;
    }
    const hex = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (hex > 0 && /^[0-9a-fA-F]+$/.test(source.slice(i + 2, i + 2 + hex)) && i + 2 + hex <= to) {
      pushSpan(out, String.fromCodePoint(parseInt(source.slice(i + 2, i + 2 + hex), 16)), i, i + 2 + hex);
      i += 2 + hex;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(source.slice(i + 1, Math.min(to, i + 4)));
    if (octal) {
      pushSpan(out, String.fromCharCode(parseInt(octal[0], 8)), i, i + 1 + octal[0].length);
      i += 1 + octal[0].length;
      continue;
    }
    if (next === 'N' && source[i + 2] === '{') {
      const close = source.indexOf('}', i);
      if (close > 0 && close < to) {
        pushSpan(out, '?', i, close + 1);
        i = close + 1;
        continue;
      }
    }
    // Unknown escapes keep the backslash, as Python does.
    pushSpan(out, '\\', i, i + 1);
    i++;
  }
}

/** Source range of `value[start, end)` of a static text. */
export function sourceRange(text: StaticText, start: number, end: number): [number, number] {
  if (text.starts.length === 0) return [0, 0];
  const a = text.starts[Math.min(start, text.starts.length - 1)]!;
  const b = end > start ? text.ends[Math.min(end - 1, text.ends.length - 1)]! : a;
  return [a, Math.max(a, b)];
}
