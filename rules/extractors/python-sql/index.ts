// https://github.com/dbref/dbref/blob/main/docs/rules/python-sql.md
import { defineExtractor, type FileContext, type Language } from '../../../src/extractor.js';
import { callArgs, isPythonMigration, sourceRange, walk, withPythonFile, type PyFile, type PyNode } from '../../../src/extract/python.js';
import { analyzeSql, looksLikeSql } from '../../../src/sql/index.js';
import { calleeOf, sqlFromPython } from './sql-text.js';

const id = 'python-sql';
const title = 'Raw SQL in Python (DB-API cursors, SQLAlchemy text(), asyncpg, psycopg sql.SQL)';
const enablers = ['psycopg', 'psycopg2', 'psycopg2-binary', 'psycopg-binary', 'asyncpg', 'aiopg', 'pg8000', 'sqlalchemy', 'sqlmodel', 'flask-sqlalchemy', 'databases', 'django', 'records', 'pandas'];
const keywords = ['execute', 'text(', 'fetch', 'SQL(', 'read_sql'];
const languages: Language[] = ['py'];

/** Methods whose first argument (or `query=`) is SQL text. */
const SQL_METHODS = new Set(['execute', 'executemany', 'exec_driver_sql', 'fetch', 'fetchrow', 'fetchval', 'fetch_all', 'fetch_one', 'fetch_val', 'iterate', 'read_sql', 'read_sql_query', 'mogrify']);
const COLUMN_DEFAULTS = new Set(['server_default', 'server_onupdate', 'default', 'onupdate', 'sa_column_kwargs']);
/** Receivers that are surely a database handle, so SQL that cannot be read is worth a note. */
const DB_RECEIVER = /(?:^|[._])(?:cur|cursor|conn|connection|con|session|db|engine|tx|transaction|pool|client|database|op)$/i;

function analyze(ctx: FileContext, py: PyFile, node: PyNode, seen: Set<string>, formatCall?: PyNode, always = false): void {
  // An identifier bound to one string: analyse the string where it is written.
  const value = node.type === 'identifier' ? py.valueOf(node) : undefined;
  const target = value && (value.type === 'string' || value.type === 'concatenated_string' || value.type === 'binary_operator') ? value : node;
  const sql = sqlFromPython(py, target, formatCall);
  if (!sql) {
    if (node.type === 'identifier' || node.type === 'attribute') ctx.skip(node.startIndex, `SQL text is not static: ${node.text.slice(0, 60)}`);
    return;
  }
  if (!always && !looksLikeSql(sql.text.value)) return;
  const { references, errors } = analyzeSql(sql.text.value, {
    extractor: id,
    placeholders: sql.placeholders,
    locate: (start, end) => {
      const [a, b] = sourceRange(sql.text, start, end);
      return ctx.locate(a, b);
    },
  });
  for (const error of errors) ctx.skip(node.startIndex, `SQL does not parse (${error})`);
  for (const ref of references) {
    const key = `${ref.kind}:${ref.relation.schema}.${ref.relation.name}.${ref.column ?? ''}@${ref.location.line}:${ref.location.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    ctx.addReference(ref);
  }
}

function extractFile(ctx: FileContext): void {
  // Migrations are the schema, not usage.
  if (isPythonMigration(ctx.file)) return;
  withPythonFile(ctx, (py) => {
    const seen = new Set<string>();
    py.nodesOfType('call').forEach((node) => {
      if (node.type !== 'call') return undefined;
      const { dotted, method, receiver } = calleeOf(node);
      const args = callArgs(node);
      const first = args.keywords.get('query') ?? args.keywords.get('sql') ?? args.keywords.get('statement') ?? args.positional[0];
      if (!first) return undefined;
      const from = py.importOf(dotted?.split('.')[0] ?? '');
      // `Column(Boolean, server_default=text("false"))`: an SQL expression for DDL, not a statement.
      const keyword = node.parent?.type === 'keyword_argument' ? node.parent.childForFieldName('name')?.text : undefined;
      if (keyword && COLUMN_DEFAULTS.has(keyword)) return undefined;
      if (method === 'text' && (dotted === 'text' ? /^sqlalchemy\b|^sqlmodel\b/.test(from?.module ?? '') : /^(?:sa|sqlalchemy|db)\.text$/.test(dotted ?? ''))) {
        analyze(ctx, py, first, seen, undefined, true);
      } else if (method === 'SQL' && /^(?:sql|psycopg2?\.sql|psycopg\.sql)\.SQL$/.test(dotted ?? '')) {
        const parent = node.parent;
        const format = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.text === 'format' && parent.parent?.type === 'call' ? parent.parent : undefined;
        analyze(ctx, py, first, seen, format, true);
      } else if (method && receiver && SQL_METHODS.has(method)) {
        // `session.execute(text(...))`, `session.execute(select(...))`: the inner call is handled on its own.
        if (first.type === 'call') return undefined;
        const bound = first.type === 'identifier' ? py.valueOf(first) : undefined;
        if (bound?.type === 'call') return undefined;
        if (!DB_RECEIVER.test(receiver) && (first.type === 'identifier' || first.type === 'attribute') && !bound) return undefined;
        analyze(ctx, py, first, seen);
      }
      return undefined;
    });
  });
}

export default defineExtractor({ id, title, enablers, keywords, languages, extractFile });
