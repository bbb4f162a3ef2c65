import { beforeAll, describe, expect, it } from 'vitest';
import sqlFile, { isSchemaFile } from '../../rules/extractors/sql-file/index.js';
import { ensureSqlParser } from '../../src/sql/index.js';
import { testExtractor } from '../helpers/extract.js';

beforeAll(ensureSqlParser);

describe('sql-file', () => {
  testExtractor(sqlFile, [
    {
      name: 'sqlc queries with named parameters',
      filename: 'db/queries/users.sql',
      code: [
        '-- name: GetUser :one',
        'SELECT id, email FROM users WHERE id = @user_id;',
        '',
        '-- name: CreateUser :one',
        'INSERT INTO users (email, plan) VALUES (sqlc.arg(email), \'free\') RETURNING id;',
      ].join('\n'),
      references: [
        { kind: 'column', relation: { schema: null, name: 'users' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '2:8-2:10' },
        { kind: 'column', relation: { schema: null, name: 'users' }, column: 'email', access: 'read', confidence: 'exact', written: 'email', loc: '2:12-2:17' },
        { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'read', confidence: 'exact', written: 'users', loc: '2:23-2:28' },
        { kind: 'column', relation: { schema: null, name: 'users' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '2:35-2:37' },
        { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'insert', confidence: 'exact', provides: ['email', 'plan'], written: 'users', loc: '5:13-5:18' },
        { kind: 'column', relation: { schema: null, name: 'users' }, column: 'email', access: 'insert', confidence: 'exact', written: 'email', loc: '5:20-5:25' },
        { kind: 'column', relation: { schema: null, name: 'users' }, column: 'plan', access: 'insert', confidence: 'exact', values: [{ kind: 'string', text: 'free', location: { file: 'db/queries/users.sql', line: 5, column: 58, endLine: 5, endColumn: 64 } }], written: 'plan', loc: '5:27-5:31' },
        { kind: 'column', relation: { schema: null, name: 'users' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '5:76-5:78' },
      ],
    },
    {
      name: 'PgTyped queries',
      filename: 'src/books/queries.sql',
      code: [
        '/* @name FindBooks */',
        'SELECT b.title FROM books b WHERE b.author_id = :authorId!;',
        '/* @name CountBooks */',
        'SELECT public.book_count(:authorId);',
      ].join('\n'),
      references: [
        { kind: 'column', relation: { schema: null, name: 'books' }, column: 'title', access: 'read', confidence: 'exact', written: 'b.title', loc: '2:8-2:15' },
        { kind: 'relation', relation: { schema: null, name: 'books' }, access: 'read', confidence: 'exact', written: 'books', loc: '2:21-2:26' },
        { kind: 'column', relation: { schema: null, name: 'books' }, column: 'author_id', access: 'read', confidence: 'exact', written: 'b.author_id', loc: '2:35-2:46' },
        { kind: 'function', relation: { schema: 'public', name: 'book_count' }, access: 'call', confidence: 'exact', argCount: 1, written: 'public.book_count', loc: '4:8-4:25' },
      ],
    },
    {
      name: 'one broken query does not hide the others',
      filename: 'queries/report.sql',
      code: ['-- name: Broken :many', 'SELEC 1;', '-- name: Ok :many', 'SELECT total FROM invoices;'].join('\n'),
      references: [
        { kind: 'column', relation: { schema: null, name: 'invoices' }, column: 'total', access: 'read', confidence: 'exact', written: 'total', loc: '4:8-4:13' },
        { kind: 'relation', relation: { schema: null, name: 'invoices' }, access: 'read', confidence: 'exact', written: 'invoices', loc: '4:19-4:27' },
      ],
      skipped: ['SQL does not parse (syntax error at or near "SELEC"'],
    },
    {
      // Field trial (umami): one script with a PostgreSQL section and a MySQL section using backquotes.
      name: 'a plain file with one statement in another dialect keeps the statements that parse',
      filename: 'db/scripts/backfill.sql',
      code: ['-- PostgreSQL', 'UPDATE events SET tag = NULL;', '-- MySQL', 'UPDATE `events` SET tag = NULL;', 'SELECT ok FROM done;'].join('\n'),
      references: [
        { kind: 'relation', relation: { schema: null, name: 'events' }, access: 'update', confidence: 'exact', written: 'events', loc: '2:8-2:14' },
        { kind: 'column', relation: { schema: null, name: 'events' }, column: 'tag', access: 'update', confidence: 'exact', written: 'tag', loc: '2:19-2:22' },
        { kind: 'column', relation: { schema: null, name: 'done' }, column: 'ok', access: 'read', confidence: 'exact', written: 'ok', loc: '5:8-5:10' },
        { kind: 'relation', relation: { schema: null, name: 'done' }, access: 'read', confidence: 'exact', written: 'done', loc: '5:16-5:20' },
      ],
      skipped: ['SQL does not parse (syntax error at or near "`"'],
    },
    {
      name: 'a plain query file',
      filename: 'sql/reports.sql',
      code: "SELECT count(*) FROM signups WHERE source = 'ads';",
      references: [
        { kind: 'relation', relation: { schema: null, name: 'signups' }, access: 'read', confidence: 'exact', written: 'signups', loc: '1:22-1:29' },
        { kind: 'column', relation: { schema: null, name: 'signups' }, column: 'source', access: 'read', confidence: 'exact', values: [{ kind: 'string', text: 'ads', location: { file: 'sql/reports.sql', line: 1, column: 45, endLine: 1, endColumn: 50 } }], written: 'source', loc: '1:36-1:42' },
      ],
    },
    {
      name: 'a plain file that creates tables is schema',
      filename: 'sql/tables.sql',
      code: 'CREATE TABLE signups (id int, source text);',
      references: [],
    },
    {
      name: 'a numbered file is a migration',
      filename: 'sql/0002_backfill.sql',
      code: "UPDATE signups SET source = 'organic' WHERE source IS NULL;",
      references: [],
    },
    {
      name: 'migrations are the schema, not usage',
      filename: 'supabase/migrations/20240101000000_init.sql',
      code: 'CREATE TABLE users (id int); INSERT INTO users VALUES (1);',
      references: [],
    },
  ]);

  it('tells schema files from query files', () => {
    const schema = ['supabase/migrations/001_init.sql', 'prisma/migrations/2024_x/migration.sql', 'migrations/001.sql',
      'db/migrations/001.up.sql', 'drizzle/0000_init.sql', 'schema.sql', 'db/schema.sql', 'alembic/versions/x.sql', 'supabase/seed.sql',
      'src/main/resources/db/migration/V1__init.sql'];
    const queries = ['db/queries/users.sql', 'sql/reports.sql', 'src/books/queries.sql', 'query.sql'];
    expect(schema.filter((f) => !isSchemaFile(f))).toEqual([]);
    expect(queries.filter(isSchemaFile)).toEqual([]);
  });
});
