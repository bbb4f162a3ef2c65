import { scanSync } from 'libpg-query';

/**
 * Blanks what a psql script holds besides SQL, keeping every line break so line numbers stay true: the data lines
 * of `COPY ... FROM stdin` (up to `\.`) and psql meta-commands (`\connect`, `\restrict`, `\set`).
 */
export function blankPsqlData(sql: string): string {
  const lines = sql.split('\n');
  let inCopy = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (inCopy) {
      if (/^\\\.\r?$/.test(line)) inCopy = false;
      lines[i] = '';
    } else if (/^\s*COPY\b[^;]*\bFROM\s+stdin\b[^;]*;\s*$/i.test(line)) {
      inCopy = true;
    } else if (/^\s*\\[a-zA-Z]/.test(line)) {
      lines[i] = '';
    }
  }
  return lines.join('\n');
}

/** `\set NAME value` lines of a psql script: the values its `:NAME` variables take. */
function psqlSets(sql: string): Map<string, string> {
  const sets = new Map<string, string>();
  for (const match of sql.matchAll(/^\s*\\set\s+([A-Za-z_]\w*)\s+(.*?)\s*$/gm)) {
    const value = match[2]!.replace(/^'((?:[^']|'')*)'$/, (_, inner: string) => inner.replace(/''/g, "'"));
    sets.set(match[1]!, value);
  }
  return sets;
}

export interface Substituted {
  text: string;
  /** Byte ranges of the new text that replaced a variable, with the variable's name. */
  spans: { start: number; end: number; name: string }[];
}

/**
 * Replaces psql variables (what `psql -v`, `\set` or graphile-migrate's placeholders fill in, such as
 * `GRANT … TO :DATABASE_VISITOR`) found by the SQL tokenizer outside strings, bodies and comments: by the `\set`
 * value when the script has one, else by the variable's name in lower case — as an identifier for `:NAME` and
 * `:"NAME"`, a string for `:'NAME'`. Roles so named are created on demand like any other.
 */
export function substitutePsqlVariables(sql: string, original: string): Substituted | undefined {
  let tokens: { text: string; start: number; end: number }[];
  try {
    tokens = scanSync(sql).tokens;
  } catch {
    return undefined;
  }
  const sets = psqlSets(original);
  const bytes = Buffer.from(sql, 'utf8');
  const parts: Buffer[] = [];
  const spans: Substituted['spans'] = [];
  let consumed = 0;
  let length = 0;
  let brackets = 0;
  for (let i = 0; i < tokens.length - 1; i++) {
    const colon = tokens[i]!;
    if (colon.text === '[') brackets++;
    else if (colon.text === ']') brackets = Math.max(0, brackets - 1);
    const next = tokens[i + 1]!;
    // `a[1:n]` is an array slice, not a variable.
    if (colon.text !== ':' || brackets > 0 || next.start !== colon.end) continue;
    let name: string;
    let form: 'bare' | 'string' | 'identifier';
    if (/^[A-Za-z_]\w*$/.test(next.text)) (name = next.text), (form = 'bare');
    else if (/^'[A-Za-z_]\w*'$/.test(next.text)) (name = next.text.slice(1, -1)), (form = 'string');
    else if (/^"[A-Za-z_]\w*"$/.test(next.text)) (name = next.text.slice(1, -1)), (form = 'identifier');
    else continue;
    const value = sets.get(name) ?? name.toLowerCase();
    const replacement =
      form === 'string' ? `'${value.replace(/'/g, "''")}'` : form === 'identifier' || !sets.has(name) ? `"${value.replace(/"/g, '""')}"` : value;
    const before = bytes.subarray(consumed, colon.start);
    const added = Buffer.from(replacement, 'utf8');
    parts.push(before, added);
    spans.push({ start: length + before.length, end: length + before.length + added.length, name });
    length += before.length + added.length;
    consumed = next.end;
    i++;
  }
  if (spans.length === 0) return undefined;
  parts.push(bytes.subarray(consumed));
  return { text: Buffer.concat(parts).toString('utf8'), spans };
}
