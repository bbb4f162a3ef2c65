import { loadModule, scanSync } from 'libpg-query';
import type { Location, Reference } from '../types.js';
import { analyzeParsed, parseSqlText } from './analyze.js';
import { ByteOffsets } from './scan.js';

import type { SqlFromJs } from './js-text.js';

export {
  sqlFromExpression,
  sqlFromTemplate,
  withQuestionBindings,
  type SqlFromJs,
  type TemplatePart,
  type TemplatePartClassifier,
} from './js-text.js';

/** A reference found in SQL text; the caller's context adds the extractor id. */
export type SqlReference = Omit<Reference, 'extractor'>;

export interface AnalyzeSqlOptions {
  /** Maps a UTF-16 range of `text` to a file location. */
  locate: (start: number, end: number) => Location;
  /** Used in error messages only. */
  extractor?: string;
  /** The text was assembled from parts that could not all be computed: every reference becomes `dynamic`. */
  dynamic?: boolean;
  /**
   * Source text of the placeholder identifiers (`__dbref_dyn_<n>__`) that stand for names computed at run time,
   * by index; `sqlFromTemplate` fills it. A relation named by a placeholder is a `dynamic` reference.
   */
  placeholders?: readonly string[];
}

export interface SqlAnalysis {
  references: SqlReference[];
  /** Parse errors, one line each (`syntax error at or near "selec" (offset 0)`); no references when not empty. */
  errors: string[];
}

let loaded: Promise<void> | undefined;
let ready = false;

/** Loads the PostgreSQL parser (WASM) once. Must be awaited before `analyzeSql`. */
export async function ensureSqlParser(): Promise<void> {
  loaded ??= loadModule().then(() => {
    ready = true;
  });
  return loaded;
}

export function isSqlParserReady(): boolean {
  return ready;
}

/**
 * Every table, column and function reference in `text` (one or more SQL statements), on the real PostgreSQL parser.
 * Never throws: a parse error is reported in `errors` and yields no references.
 */
export function analyzeSql(text: string, options: AnalyzeSqlOptions): SqlAnalysis {
  if (!ready) return { references: [], errors: ['SQL parser not loaded (call ensureSqlParser() first)'] };
  if (BLANK.test(text)) return { references: [], errors: [] };
  try {
    const parsed = parseSqlText(text);
    if ('error' in parsed) return { references: [], errors: [parsed.error] };
    return { references: analyzeParsed(text, parsed.stmts, options), errors: [] };
  } catch (error) {
    const prefix = options.extractor ? `${options.extractor}: ` : '';
    return { references: [], errors: [`${prefix}SQL analysis failed (${(error as Error).message})`] };
  }
}

/**
 * The statements of `text` as UTF-16 ranges, cut at top-level semicolons by the PostgreSQL scanner, so a file that does
 * not parse as a whole (one statement in another dialect) can be analysed statement by statement. Undefined when even
 * the scanner fails.
 */
export function splitSqlStatements(text: string): { start: number; end: number }[] | undefined {
  if (!ready) return undefined;
  try {
    const offsets = new ByteOffsets(text);
    const ranges: { start: number; end: number }[] = [];
    let start = 0;
    let depth = 0;
    for (const token of scanSync(text).tokens) {
      if (token.text === '(') depth++;
      else if (token.text === ')') depth = Math.max(0, depth - 1);
      else if (token.text === ';' && depth === 0) {
        const end = offsets.toIndex(token.end);
        ranges.push({ start, end });
        start = end;
      }
    }
    if (start < text.length) ranges.push({ start, end: text.length });
    return ranges;
  } catch {
    return undefined;
  }
}

/** Whether a string plausibly is SQL: it starts (after comments and blanks) with a statement that reads like one. */
export function looksLikeSql(text: string): boolean {
  const match = LEADING.exec(text);
  const rest = match ? text.slice(match[0].length) : text;
  const keyword = /^[A-Za-z]+/.exec(rest)?.[0].toLowerCase();
  if (!keyword) return false;
  const shape = STATEMENT_SHAPES[keyword];
  return shape !== undefined && shape.test(rest);
}

const BLANK = /^(?:\s|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*$/;
const LEADING = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/|\()*/;
const DDL_OBJECT =
  /^(?:create|alter|drop)\s+(?:or\s+replace\s+|unique\s+|temp(?:orary)?\s+|unlogged\s+|materialized\s+|global\s+|local\s+)*(?:table|index|view|schema|type|function|procedure|extension|sequence|trigger|policy|domain|role|database|publication|rule|aggregate|operator|cast|collation|event|foreign|server|statistics|subscription|if)\b/i;

// "Select an option" and "Update your profile" are not SQL: each keyword needs the words that make it a statement.
const STATEMENT_SHAPES: Record<string, RegExp> = {
  select: /^select\b(?:\s+[\s\S]*\bfrom\b[\s\S]*|\s*(?:\*|[^\s\w]|\d|[\w.]+\s*\()[\s\S]*|\s+[\w.]+\s*(?:,[\s\S]*)?|\s+[\w.]+\s+as\s+[\s\S]*)$/i,
  insert: /^insert\s+into\b/i,
  update: /^update\s+(?:only\s+)?[\w".$]+(?:\s+(?:as\s+)?[\w"]+)?\s+set\b/i,
  delete: /^delete\s+from\b/i,
  with: /^with\s+(?:recursive\s+)?[\w"]+\s*(?:\([^)]*\)\s*)?as\s+(?:not\s+)?(?:materialized\s+)?\(/i,
  merge: /^merge\s+into\b/i,
  create: DDL_OBJECT,
  alter: DDL_OBJECT,
  drop: DDL_OBJECT,
  truncate: /^truncate\s+(?:table\s+)?(?:only\s+)?[\w"]/i,
  call: /^call\s+[\w".]+\s*\(/i,
  copy: /^copy\s+[\w".]+[\s\S]*\b(?:from|to)\b/i,
  values: /^values\s*\(/i,
  explain: /^explain\b\s*[(\w]/i,
  refresh: /^refresh\s+materialized\s+view\b/i,
  lock: /^lock\s+(?:table\s+)?[\w"]/i,
  comment: /^comment\s+on\b/i,
  grant: /^grant\s+[\s\S]*\bon\b/i,
  revoke: /^revoke\s+[\s\S]*\bon\b/i,
  do: /^do\s+(?:language\s+\w+\s+)?\$/i,
};

/**
 * Analyses SQL assembled from JS source (`sqlFromTemplate`, `sqlFromExpression`). An interpolation taken for a value
 * may be an SQL fragment built at run time (`WHERE a = ${a} ${filter}`): while the parser stops at a `$n` that stands
 * for one, that one is blanked and the text parsed again, so the real parameters stay where they are. References found
 * in a text with a blanked fragment become `dynamic`.
 */
export function analyzeJsSql(sql: SqlFromJs, extractor?: string): SqlAnalysis {
  const options = { locate: sql.locate, placeholders: sql.placeholders, dynamic: sql.dynamic, ...(extractor ? { extractor } : {}) };
  const first = analyzeSql(sql.text, options);
  if (first.errors.length === 0 || (sql.params.length === 0 && !sql.dynamic)) return first;
  let text = sql.text;
  let last = first;
  const left = [...sql.params];
  while (left.length > 0) {
    const index = left.findIndex((p) => reportedAt(last.errors[0], text, p));
    if (index < 0) break;
    text = blank(text, left.splice(index, 1));
    last = analyzeSql(text, { ...options, dynamic: true });
    if (last.errors.length === 0) return last;
  }
  // The parser stopped elsewhere: a fragment may still be what breaks the text, wherever it is.
  const second = analyzeSql(blank(sql.text, sql.params), { ...options, dynamic: true });
  return second.errors.length === 0 ? second : first;
}

function blank(text: string, ranges: readonly { start: number; end: number }[]): string {
  let out = text;
  for (const r of ranges) out = out.slice(0, r.start) + ' '.repeat(r.end - r.start) + out.slice(r.end);
  return out;
}

/** Whether a parse error (`syntax error at or near "$2" (offset 30)`) is at the parameter in `range` of `text`. */
function reportedAt(error: string | undefined, text: string, range: { start: number; end: number }): boolean {
  const match = error ? /at or near "(\$\d+)" \(offset (\d+)\)$/.exec(error) : null;
  return match !== null && Number(match[2]) === range.start && text.slice(range.start, range.end) === match[1];
}
