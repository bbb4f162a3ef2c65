// The PostgREST grammars supabase-js passes through as strings: the `select` list and the logic trees of `.or()`.
// https://postgrest.org/en/stable/references/api/resource_embedding.html

/** A name inside the string, with offsets into the string's value. */
export interface Token {
  name: string;
  start: number;
  end: number;
  quoted: boolean;
}

export type SelectNode =
  | { kind: 'column'; token: Token }
  | { kind: 'embed'; token: Token; alias?: string; items: SelectNode[] };

export interface Condition {
  path: ColumnPath;
  operator: string;
  value?: Token;
}

/** `col`, `rel.col`, `data->>key`, `col::text`: the column, and the embedded resource it belongs to when prefixed. */
export interface ColumnPath {
  relation?: Token;
  column: Token;
}

const AGGREGATES = new Set(['count', 'sum', 'avg', 'min', 'max']);
const STOP = new Set([',', '(', ')', '!', ':', '.', '"']);

class Reader {
  i = 0;
  constructor(readonly s: string) {}

  ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  at(text: string): boolean {
    return this.s.startsWith(text, this.i);
  }

  ident(): Token | undefined {
    this.ws();
    const { s } = this;
    if (s[this.i] === '"') {
      const close = s.indexOf('"', this.i + 1);
      if (close < 0) return undefined;
      const token = { name: s.slice(this.i + 1, close), start: this.i + 1, end: close, quoted: true };
      this.i = close + 1;
      return token;
    }
    const start = this.i;
    while (this.i < s.length && !STOP.has(s[this.i]!) && !/\s/.test(s[this.i]!) && !this.at('->')) this.i++;
    return this.i > start ? { name: s.slice(start, this.i), start, end: this.i, quoted: false } : undefined;
  }

  /** Skips to the next `,` or `)` of the current level. */
  recover(): void {
    let depth = 0;
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === '(') depth++;
      else if (c === ')' && depth-- === 0) return;
      else if (c === ',' && depth === 0) return;
      this.i++;
    }
  }

  list(depth: number): SelectNode[] {
    const items: SelectNode[] = [];
    while (this.i < this.s.length) {
      this.ws();
      const c = this.s[this.i];
      if (c === undefined) break;
      if (c === ')') {
        if (depth > 0) break;
        this.i++;
        continue;
      }
      if (c === ',') {
        this.i++;
        continue;
      }
      const before = this.i;
      const item = this.item(depth);
      if (item) items.push(item);
      this.ws();
      if (this.i < this.s.length && this.s[this.i] !== ',' && this.s[this.i] !== ')') this.recover();
      if (this.i === before) this.i++;
    }
    return items;
  }

  item(depth: number): SelectNode | undefined {
    this.ws();
    if (this.at('*')) {
      this.i++;
      return undefined;
    }
    if (this.at('...')) this.i += 3;
    let name = this.ident();
    if (!name) return undefined;
    let alias: string | undefined;
    this.ws();
    if (this.at(':') && !this.at('::')) {
      this.i++;
      this.ws();
      if (this.at('...')) this.i += 3;
      alias = name.name;
      name = this.ident();
      if (!name) return undefined;
    }
    let embed: SelectNode[] | undefined;
    let aggregateOnly = false;
    for (;;) {
      this.ws();
      if (this.at('->')) {
        this.i += this.at('->>') ? 3 : 2;
        this.ident();
      } else if (this.at('::')) {
        this.i += 2;
        this.ident();
      } else if (this.at('!')) {
        this.i++;
        this.ident();
      } else if (this.at('.')) {
        this.i++;
        this.ident();
        if (this.at('(')) this.skipParens();
      } else if (this.at('(')) {
        if (!name.quoted && AGGREGATES.has(name.name) && /^\(\s*\)/.test(this.s.slice(this.i))) {
          this.skipParens();
          aggregateOnly = true;
          continue;
        }
        this.i++;
        embed = this.list(depth + 1);
        if (this.at(')')) this.i++;
      } else break;
    }
    if (embed) return { kind: 'embed', token: name, ...(alias !== undefined ? { alias } : {}), items: embed };
    if (aggregateOnly || (!name.quoted && name.name === 'count')) return undefined;
    return { kind: 'column', token: name };
  }

  skipParens(): void {
    const close = this.s.indexOf(')', this.i);
    this.i = close < 0 ? this.s.length : close + 1;
  }
}

/** Parses a PostgREST select list; never throws, skips what it does not understand. */
export function parseSelect(text: string): SelectNode[] {
  return new Reader(text).list(0);
}

/**
 * Parses a filter or order column: `rel.col`, `data->>key`, `"Mixed Case"`, `col::text`, and `rel(col)` (ordering by a
 * column of a to-one embedded resource: https://postgrest.org/en/stable/references/api/resource_embedding.html).
 */
export function parseColumnPath(text: string, offset = 0): ColumnPath | undefined {
  const reader = new Reader(text);
  reader.i = offset;
  const tokens: Token[] = [];
  for (;;) {
    const token = reader.ident();
    if (!token) break;
    tokens.push(token);
    reader.ws();
    if (reader.at('(')) {
      reader.i++;
      const inner = reader.ident();
      if (!inner) return undefined;
      tokens.push(inner);
      break;
    }
    if (!reader.at('.')) break;
    reader.i++;
  }
  const column = tokens.pop();
  if (!column) return undefined;
  const relation = tokens.pop();
  return relation ? { relation, column } : { column };
}

function splitTop(s: string, from: number, to: number): [number, number][] {
  const parts: [number, number][] = [];
  let depth = 0;
  let quoted = false;
  let start = from;
  for (let i = from; i < to; i++) {
    const c = s[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push([start, i]);
      start = i + 1;
    }
  }
  parts.push([start, to]);
  return parts;
}

/** Parses `a.eq.1,b.gt.2,and(c.eq.3,d.not.is.null)` into its conditions. */
export function parseLogic(text: string, from = 0, to = text.length, depth = 0): Condition[] {
  const conditions: Condition[] = [];
  if (depth > 20) return conditions;
  for (let [start, end] of splitTop(text, from, to)) {
    while (start < end && /\s/.test(text[start]!)) start++;
    const group = /^(not\.)?(and|or)\(/.exec(text.slice(start, end));
    if (group) {
      const close = text.lastIndexOf(')', end - 1);
      conditions.push(...parseLogic(text, start + group[0].length, close > start ? close : end, depth + 1));
      continue;
    }
    const reader = new Reader(text.slice(0, end));
    reader.i = start;
    const column = reader.ident();
    if (!column) continue;
    const path = { column };
    const rest = text.slice(reader.i, end);
    const match = /^(?:->>?[^.]*)*(?:::[^.]*)?\.(not\.)?(\w+)(?:\(\w*\))?\.?/.exec(rest);
    if (!match) continue;
    const valueStart = end - rest.length + match[0].length;
    const raw = text.slice(valueStart, end);
    const value = raw.startsWith('"') && raw.endsWith('"') && raw.length > 1
      ? { name: raw.slice(1, -1), start: valueStart + 1, end: end - 1, quoted: true }
      : { name: raw, start: valueStart, end, quoted: false };
    conditions.push({ path, operator: match[2]!, ...(raw.length > 0 ? { value } : {}) });
  }
  return conditions;
}
