// Query files (sqlc, PgTyped, plain .sql): https://github.com/dbref/dbref/blob/main/docs/rules/sql-file.md
import { defineExtractor, type FileContext } from '../../../src/extractor.js';
import { analyzeSql, splitSqlStatements } from '../../../src/sql/index.js';

const id = 'sql-file';

const title = 'SQL query files (sqlc, PgTyped, plain .sql)';

const enablers: string[] = [];

const keywords: string[] = [];

const files = ['**/*.sql'];

// Migrations, dumps and seeds define the schema; they are not usage. (A folder anywhere in the path, or the file name.)
const SCHEMA_FOLDERS = /(?:^|\/)(?:migrations?|migrate|drizzle|alembic|flyway|liquibase|schema|schemas|seeds?|docker-entrypoint-initdb\.d)\//i;
const SCHEMA_FILES = /(?:^|\/)(?:schema|structure|dump|seed|seeds|init|setup|migration)[^/]*\.sql$|(?:^|\/)V\d+[^/]*__[^/]*\.sql$|\.(?:up|down)\.sql$/i;

const DEFINES_SCHEMA = /^\s*(?:create|alter)\s+table\b/im;
const NUMBERED = /(?:^|\/)\d{3,}[_-][^/]*\.sql$/;

/** Whether a .sql file is part of the schema (migrations, dumps, seeds) rather than queries the app runs. */
export function isSchemaFile(file: string): boolean {
  return SCHEMA_FOLDERS.test(file) || SCHEMA_FILES.test(file);
}

// One query per annotation: sqlc `-- name: GetUser :one`, PgTyped `/* @name GetUser */`.
const QUERY_START = /^[ \t]*(?:--\s*name:\s*\w+|\/\*\s*@name\s+\w+)/gm;

/**
 * Replaces query parameters that are not PostgreSQL syntax by `$n` padded to the same length, so offsets stay put:
 * sqlc `sqlc.arg(x)` / `sqlc.narg(x)` / `sqlc.slice(x)` / `@x`, PgTyped `:x` / `:x!`.
 */
function normaliseParams(text: string, style: 'sqlc' | 'pgtyped' | 'plain'): string {
  const pad = (match: string) => {
    const param = '$1';
    return match.length >= param.length ? param + ' '.repeat(match.length - param.length) : match;
  };
  if (style === 'sqlc') return text.replace(/\bsqlc\.n?(?:arg|slice)\(\s*[\w"']+\s*\)|(?<![\w@])@[A-Za-z_]\w*/g, pad);
  if (style === 'pgtyped') return text.replace(/(?<![:\w]):[A-Za-z_]\w*!?/g, pad);
  return text;
}

function extractFile(ctx: FileContext): void {
  if (isSchemaFile(ctx.file)) return;
  const source = ctx.source;
  const style = /--\s*name:\s*\w+/.test(source) ? 'sqlc' : /\/\*\s*@name\s/.test(source) ? 'pgtyped' : 'plain';
  // A plain file that creates or alters tables, or is numbered like a migration, defines the schema.
  if (style === 'plain' && (DEFINES_SCHEMA.test(source) || NUMBERED.test(ctx.file))) return;
  const starts = style === 'plain' ? [0] : [0, ...[...source.matchAll(QUERY_START)].map((m) => m.index)];
  for (let i = 0; i < starts.length; i++) {
    const base = starts[i]!;
    const end = starts[i + 1] ?? source.length;
    if (end <= base) continue;
    const text = normaliseParams(source.slice(base, end), style);
    if (analyzeAt(ctx, text, base)) continue;
    // One statement that does not parse (another dialect's section, a typo) must not hide the others.
    for (const range of splitSqlStatements(text) ?? []) analyzeAt(ctx, text.slice(range.start, range.end), base + range.start, true);
  }
}

/** Adds the references of `text` (at `base` in the file); false when it does not parse and `skipErrors` is not set. */
function analyzeAt(ctx: FileContext, text: string, base: number, skipErrors = false): boolean {
  const result = analyzeSql(text, { locate: (s, e) => ctx.locate(base + s, base + e), extractor: id });
  if (result.errors.length > 0) {
    if (!skipErrors) return false;
    const at = /\(offset (\d+)\)$/.exec(result.errors[0]!);
    ctx.skip(base + (at ? Number(at[1]) : 0), `SQL does not parse (${result.errors[0]})`);
  }
  for (const ref of result.references) ctx.addReference(ref);
  return true;
}

export default defineExtractor({
  id,
  title,
  enablers,
  keywords,
  files,
  extractFile,
});
