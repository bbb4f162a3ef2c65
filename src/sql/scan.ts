// Small lexical helpers over SQL text (UTF-16 indices): the parse tree gives where a name starts, these find where
// it ends and how it was written.

/** Maps the parser's UTF-8 byte offsets to UTF-16 string indices. */
export class ByteOffsets {
  readonly #map: Int32Array | undefined;

  constructor(text: string) {
    // eslint-disable-next-line no-control-regex
    if (/^[\x00-\x7f]*$/.test(text)) return;
    const map = new Int32Array(text.length * 3 + 1);
    let byte = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let width: number;
      if (code < 0x80) width = 1;
      else if (code < 0x800) width = 2;
      else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          for (let k = 0; k < 4; k++) map[byte + k] = i;
          byte += 4;
          i++;
          continue;
        }
        width = 3;
      } else width = 3;
      for (let k = 0; k < width; k++) map[byte + k] = i;
      byte += width;
    }
    map[byte] = text.length;
    this.#map = map.subarray(0, byte + 1);
  }

  toIndex(byteOffset: number): number {
    if (!this.#map) return byteOffset;
    if (byteOffset < 0) return 0;
    return byteOffset < this.#map.length ? this.#map[byteOffset]! : this.#map[this.#map.length - 1]!;
  }
}

export interface NamePart {
  /** The identifier as PostgreSQL sees it: quotes removed, unquoted text folded to lower case. */
  name: string;
  quoted: boolean;
  start: number;
  end: number;
  star?: boolean;
}

function isIdentStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code >= 0x80;
}

function isIdentChar(code: number): boolean {
  return isIdentStart(code) || (code >= 48 && code <= 57) || code === 36;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12;
}

/** PostgreSQL folds only ASCII letters of unquoted identifiers. */
export function foldIdentifier(name: string): string {
  return name.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** One identifier at `pos` (quoted or not), or undefined. */
export function readIdentifier(text: string, pos: number): NamePart | undefined {
  const code = text.charCodeAt(pos);
  if (code === 34) {
    let name = '';
    let i = pos + 1;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') {
        if (text[i + 1] === '"') {
          name += '"';
          i += 2;
          continue;
        }
        return { name, quoted: true, start: pos, end: i + 1 };
      }
      name += ch;
      i++;
    }
    return undefined;
  }
  if (code === 42) return { name: '*', quoted: false, start: pos, end: pos + 1, star: true };
  if (!isIdentStart(code)) return undefined;
  let i = pos + 1;
  while (i < text.length && isIdentChar(text.charCodeAt(i))) i++;
  return { name: foldIdentifier(text.slice(pos, i)), quoted: false, start: pos, end: i };
}

/** A dotted name chain at `pos`: `schema.table`, `"Alias".col`, `t.*`. */
export function readNameChain(text: string, pos: number): NamePart[] {
  const parts: NamePart[] = [];
  let i = pos;
  for (;;) {
    const part = readIdentifier(text, i);
    if (!part) break;
    parts.push(part);
    if (part.star) break;
    let k = part.end;
    while (k < text.length && isSpace(text.charCodeAt(k))) k++;
    if (text[k] !== '.') break;
    k++;
    while (k < text.length && isSpace(text.charCodeAt(k))) k++;
    i = k;
  }
  return parts;
}

/** End index of the string literal starting at `pos` ('…', E'…', $tag$…$tag$), or undefined. */
export function stringLiteralEnd(text: string, pos: number): number | undefined {
  let i = pos;
  let backslashEscapes = false;
  if ((text[i] === 'E' || text[i] === 'e') && text[i + 1] === "'") {
    backslashEscapes = true;
    i++;
  }
  if (text[i] === "'") {
    i++;
    while (i < text.length) {
      if (backslashEscapes && text[i] === '\\') i += 2;
      else if (text[i] === "'") {
        if (text[i + 1] === "'") i += 2;
        else return i + 1;
      } else i++;
    }
    return undefined;
  }
  const dollar = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
  if (dollar) {
    const close = text.indexOf(dollar[0], i + dollar[0].length);
    return close < 0 ? undefined : close + dollar[0].length;
  }
  return undefined;
}

/**
 * The first identifier chain at or after `from` whose names equal `names`, skipping string literals and comments.
 * For parse-tree nodes that carry no location (ON CONFLICT targets, USING lists, DROP objects).
 */
export function findNameChain(text: string, from: number, names: readonly string[], until = text.length): NamePart[] | undefined {
  let i = Math.max(0, from);
  while (i < until) {
    const code = text.charCodeAt(i);
    if (code === 39 || ((code === 69 || code === 101) && text[i + 1] === "'" && !isIdentChar(text.charCodeAt(i - 1)))) {
      i = stringLiteralEnd(text, i) ?? until;
      continue;
    }
    if (code === 45 && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? until : nl + 1;
      continue;
    }
    if (code === 47 && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? until : close + 2;
      continue;
    }
    if (code === 34 || isIdentStart(code)) {
      const chain = readNameChain(text, i);
      if (chain.length === 0) {
        i++;
        continue;
      }
      if (chain.length === names.length && chain.every((p, k) => p.name === names[k])) return chain;
      i = chain[chain.length - 1]!.end;
      continue;
    }
    i++;
  }
  return undefined;
}
