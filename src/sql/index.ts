import { loadModule } from 'libpg-query';
import type { Location, Reference } from '../types.js';
import { analyzeParsed, parseSqlText } from './analyze.js';

export { sqlFromExpression, sqlFromTemplate, type SqlFromJs, type TemplatePart, type TemplatePartClassifier } from './js-text.js';

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
  try {
    const parsed = parseSqlText(text);
    if ('error' in parsed) return { references: [], errors: [parsed.error] };
    return { references: analyzeParsed(text, parsed.stmts, options), errors: [] };
  } catch (error) {
    const prefix = options.extractor ? `${options.extractor}: ` : '';
    return { references: [], errors: [`${prefix}SQL analysis failed (${(error as Error).message})`] };
  }
}

/** Whether a string plausibly is SQL: it starts (after comments and blanks) with a statement keyword. */
export function looksLikeSql(text: string): boolean {
  return SQL_START.test(text);
}

const SQL_START =
  /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/|\()*(?:select|insert|update|delete|with|merge|create|alter|drop|truncate|call|copy|values|table|explain|grant|revoke|comment|do|refresh|lock|listen|notify|vacuum|analyze|prepare|execute|reindex|cluster)\b/i;
