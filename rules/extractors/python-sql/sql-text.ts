import { argumentList, callArgs, dottedName, lastName, type PyFile, type PyNode, type StaticText } from '../../../src/extract/python.js';

// SQL text from Python expressions: strings, f-strings, concatenation and constants folded, driver placeholders
// (`%s`, `%(name)s`, `:name`) turned into `$n`, names computed at run time replaced by placeholder identifiers.

export const PLACEHOLDER_PREFIX = '__dbref_dyn_';
const IDENTIFIER_BEFORE = /(?:\b(?:from|join|into|update|table|only|truncate|exists)|[."])\s*$/i;

export interface PySql {
  text: StaticText;
  /** Source text of each placeholder identifier, by index. */
  placeholders: string[];
}

/** Replaces matches of `pattern` in a static text, keeping each replacement mapped to the source of its match. */
export function rewrite(text: StaticText, pattern: RegExp, replace: (match: RegExpExecArray) => string): StaticText {
  const out: StaticText = { value: '', starts: [], ends: [], holes: text.holes };
  let last = 0;
  for (const match of text.value.matchAll(pattern)) {
    const index = match.index;
    copy(text, out, last, index);
    const replacement = replace(match as RegExpExecArray);
    const start = text.starts[index]!;
    const end = text.ends[index + match[0].length - 1]!;
    out.value += replacement;
    for (let i = 0; i < replacement.length; i++) {
      out.starts.push(start);
      out.ends.push(end);
    }
    last = index + match[0].length;
  }
  copy(text, out, last, text.value.length);
  return out;
}

function copy(from: StaticText, to: StaticText, start: number, end: number): void {
  to.value += from.value.slice(start, end);
  for (let i = start; i < end; i++) {
    to.starts.push(from.starts[i]!);
    to.ends.push(from.ends[i]!);
  }
}

/**
 * The SQL text of an expression, or undefined when no part of it is a string written in the code.
 * `format` names psycopg `sql.SQL(...).format(...)` arguments, substituted for `{}` / `{name}` fields.
 */
export function sqlFromPython(py: PyFile, node: PyNode, formatCall?: PyNode): PySql | undefined {
  const placeholders: string[] = [];
  let params = 0;
  const text = py.evaluate(node, {
    hole: (hole, before) => {
      // A name position (`FROM {table}`) gets a placeholder identifier; anything else is a value, i.e. a parameter.
      if (IDENTIFIER_BEFORE.test(before)) {
        placeholders.push(hole.type === 'interpolation' ? hole.text.slice(1, -1) : hole.text);
        return `${PLACEHOLDER_PREFIX}${placeholders.length - 1}__`;
      }
      return `$${++params}`;
    },
  });
  if (!text || text.holes.reduce((n, h) => n + h.length, 0) === text.value.length) return undefined;
  let sql = text;
  if (formatCall) sql = substituteFormat(py, sql, formatCall, placeholders);
  // Driver placeholders: psycopg `%s` / `%(name)s`, SQLAlchemy text() `:name`. `::type` casts are left alone.
  sql = rewrite(sql, /%(?:\([^)]*\))?s|%%|(?<![:\w\]])::?[A-Za-z_]\w*/g, (m) => {
    if (m[0] === '%%') return '%';
    if (m[0].startsWith('::')) return m[0];
    return `$${++params}`;
  });
  return { text: sql, placeholders };
}

/** psycopg `sql.SQL("… {} … {name}").format(sql.Identifier('t'), name=sql.Literal(x))`. */
function substituteFormat(py: PyFile, text: StaticText, formatCall: PyNode, placeholders: string[]): StaticText {
  const args = callArgs(formatCall);
  let position = 0;
  let params = 1000;
  return rewrite(text, /\{(\w*)\}/g, (m) => {
    const key = m[1]!;
    const arg = key === '' ? args.positional[position++] : /^\d+$/.test(key) ? args.positional[Number(key)] : args.keywords.get(key);
    const kind = arg?.type === 'call' ? lastName(arg.childForFieldName('function')) : undefined;
    if (kind === 'Identifier') {
      const parts = argumentList(arg!.childForFieldName('arguments')).positional.map((p) => py.evaluate(p)?.value);
      if (parts.length > 0 && parts.every((p) => p !== undefined)) return parts.map((p) => `"${p!.replaceAll('"', '""')}"`).join('.');
    }
    if (kind === 'Literal' || kind === 'Placeholder') return `$${++params}`;
    placeholders.push(arg?.text ?? m[0]);
    return `${PLACEHOLDER_PREFIX}${placeholders.length - 1}__`;
  });
}

/** The callee as written and its final name: `cursor.execute` → `execute`. */
export function calleeOf(call: PyNode): { dotted: string | undefined; method: string | undefined; receiver: string | undefined } {
  const fn = call.childForFieldName('function');
  const dotted = dottedName(fn);
  const method = lastName(fn) ?? (fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined);
  const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
  return { dotted, method, receiver: object ? dottedName(object) ?? object.text : undefined };
}
