import { beforeAll, describe, expect, it } from 'vitest';
import { resolveDrizzleReferences } from '../../rules/extractors/drizzle/resolve.js';
import rawSql from '../../rules/extractors/raw-sql/index.js';
import { extractFromSource } from '../../src/extract/file.js';
import { ensureSqlParser } from '../../src/sql/index.js';
import type { Declaration } from '../../src/types.js';
import { compactReference, testExtractor } from '../helpers/extract.js';

beforeAll(ensureSqlParser);

describe('raw-sql', () => {
  testExtractor(rawSql, [
    {
      name: 'node-postgres pool.query with params',
      code: [
        "import { Pool } from 'pg';",
        'const pool = new Pool();',
        "await pool.query('SELECT id, email FROM users WHERE id = $1', [id]);",
      ].join('\n'),
      references: [
        { kind: 'column', relation: { schema: null, name: 'users' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '3:26-3:28' },
        { kind: 'column', relation: { schema: null, name: 'users' }, column: 'email', access: 'read', confidence: 'exact', written: 'email', loc: '3:30-3:35' },
        { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'read', confidence: 'exact', written: 'users', loc: '3:41-3:46' },
        { kind: 'column', relation: { schema: null, name: 'users' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '3:53-3:55' },
      ],
    },
    {
      name: 'node-postgres query config object and folded concatenation',
      code: [
        "import pg from 'pg';",
        "const TABLE = 'orders';",
        'await client.query({',
        "  text: 'INSERT INTO ' + TABLE + ' (user_id, status) ' +",
        "    'VALUES ($1, \\'new\\')',",
        '  values: [userId],',
        '});',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: { schema: null, name: 'orders' }, access: 'insert', confidence: 'exact', provides: ['user_id', 'status'], written: 'orders', loc: '4:26-4:31' },
        { kind: 'column', relation: { schema: null, name: 'orders' }, column: 'user_id', access: 'insert', confidence: 'exact', written: 'user_id', loc: '4:37-4:44' },
        { kind: 'column', relation: { schema: null, name: 'orders' }, column: 'status', access: 'insert', confidence: 'exact', values: [{ kind: 'string', text: 'new', location: { file: 'src/example.ts', line: 5, column: 18, endLine: 5, endColumn: 25 } }], written: 'status', loc: '4:46-4:52' },
      ],
    },
    {
      name: 'query text held in a constant is located at its definition',
      code: [
        'const GET_USER = `',
        '  SELECT u.name',
        '  FROM app.users u`;',
        'export const getUser = (id) => pool.query(GET_USER, [id]);',
      ].join('\n'),
      references: [
        { kind: 'column', relation: { schema: 'app', name: 'users' }, column: 'name', access: 'read', confidence: 'exact', written: 'u.name', loc: '2:10-2:16' },
        { kind: 'relation', relation: { schema: 'app', name: 'users' }, access: 'read', confidence: 'exact', written: 'app.users', loc: '3:8-3:17' },
      ],
    },
    {
      name: 'dynamic table name in a concatenation',
      code: "await db.query('SELECT count(*) FROM ' + tableName + ' WHERE deleted_at IS NULL');",
      references: [
        { kind: 'relation', relation: { schema: null, name: '${tableName}' }, access: 'read', confidence: 'dynamic', note: 'the table name is computed at run time', written: '${tableName}', loc: '1:42-1:51' },
        { kind: 'column', relation: { schema: null, name: '${tableName}' }, column: 'deleted_at', access: 'read', confidence: 'dynamic', note: 'the table name is computed at run time', written: 'deleted_at', loc: '1:62-1:72' },
      ],
    },
    {
      // Field trial (dokploy): tRPC procedures are `.query(async ({ input, ctx }) => …)`, not SQL.
      name: 'a function passed to .query() is not SQL text and is not skipped',
      code: [
        "import { Pool } from 'pg';",
        'export const router = t.router({ list: t.procedure.query(async ({ ctx }) => ctx.items), one: t.procedure.query(function () { return 1; }) });',
      ].join('\n'),
      references: [],
      skipped: [],
    },
    {
      // Field trial (lobe-chat, 145 skips): tRPC clients are `client.router.procedure.query(input)`; models have `.query(true)`.
      name: 'tRPC procedure calls and non-string arguments are not SQL: no skip; a database client still reports one',
      code: [
        "import { Pool } from 'pg';",
        "import { lambdaClient } from '@/libs/trpc/client';",
        'const pool = new Pool();',
        'await client.agent.queryAgents.query(input);',
        'await lambdaClient.market.skill.getSkillList.query(source ? { source } : undefined);',
        'await lambdaClient.botMessage.readMessages.query(await buildTrpcInput(params));',
        'await benchmarkModel.query(true);',
        'await this.db.pool.query(text);',
        'const conn = await pool.connect();',
        'await conn.cursor.rows.query(statement);',
        'await pool.query(sqlText);',
      ].join('\n'),
      references: [],
      skipped: [
        'query(): the SQL text is computed at run time',
        'query(): the SQL text is computed at run time',
        'query(): the SQL text is computed at run time',
      ],
    },
    {
      name: 'query text computed at run time is skipped, never guessed',
      code: "await pool.query(buildQuery('select', filters));",
      references: [],
      skipped: ['query(): the SQL text is computed at run time'],
    },
    {
      name: 'strings that are not SQL are ignored',
      code: "router.query('select an option'); $('#x').query('update your profile');",
      references: [],
    },
    {
      name: 'postgres.js tagged template: values are parameters, sql() identifiers, fragments inlined',
      code: [
        "import postgres from 'postgres';",
        'const sql = postgres(process.env.DATABASE_URL);',
        "const ACTIVE = 'active';",
        'const rows = await sql`',
        '  SELECT id FROM ${sql(`accounts`)} WHERE status = ${ACTIVE} ${sql`AND plan = ${plan}`}',
        '`;',
        "await sql`INSERT INTO events ${sql(event, 'kind', 'payload')}`;",
        'await sql`SELECT * FROM ${sql(table)}`;',
        "await sql.unsafe('DELETE FROM carts WHERE id = $1', [id]);",
      ].join('\n'),
      references: [
        { kind: 'column', relation: { schema: null, name: 'accounts' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '5:10-5:12' },
        { kind: 'relation', relation: { schema: null, name: 'accounts' }, access: 'read', confidence: 'exact', written: '"accounts"', quoted: true, loc: '5:20-5:35' },
        { kind: 'column', relation: { schema: null, name: 'accounts' }, column: 'status', access: 'read', confidence: 'exact', written: 'status', loc: '5:43-5:49' },
        { kind: 'column', relation: { schema: null, name: 'accounts' }, column: 'plan', access: 'read', confidence: 'exact', written: 'plan', loc: '5:72-5:76' },
        { kind: 'relation', relation: { schema: null, name: 'events' }, access: 'insert', confidence: 'exact', provides: ['kind', 'payload'], written: 'events', loc: '7:23-7:29' },
        { kind: 'column', relation: { schema: null, name: 'events' }, column: 'kind', access: 'insert', confidence: 'exact', written: '"kind"', quoted: true, loc: '7:32-7:61' },
        { kind: 'column', relation: { schema: null, name: 'events' }, column: 'payload', access: 'insert', confidence: 'exact', written: '"payload"', quoted: true, loc: '7:32-7:61' },
        { kind: 'relation', relation: { schema: null, name: '${sql(table)}' }, access: 'read', confidence: 'dynamic', note: 'the table name is computed at run time', written: '${sql(table)}', loc: '8:27-8:37' },
        { kind: 'relation', relation: { schema: null, name: 'carts' }, access: 'delete', confidence: 'exact', written: 'carts', loc: '9:31-9:36' },
        { kind: 'column', relation: { schema: null, name: 'carts' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '9:43-9:45' },
      ],
    },
    {
      name: '@vercel/postgres sql template',
      code: [
        "import { sql } from '@vercel/postgres';",
        "const { rows } = await sql`SELECT title FROM posts WHERE author_id = ${userId} AND state = 'published'`;",
      ].join('\n'),
      references: [
        { kind: 'column', relation: { schema: null, name: 'posts' }, column: 'title', access: 'read', confidence: 'exact', written: 'title', loc: '2:35-2:40' },
        { kind: 'relation', relation: { schema: null, name: 'posts' }, access: 'read', confidence: 'exact', written: 'posts', loc: '2:46-2:51' },
        { kind: 'column', relation: { schema: null, name: 'posts' }, column: 'author_id', access: 'read', confidence: 'exact', written: 'author_id', loc: '2:58-2:67' },
        { kind: 'column', relation: { schema: null, name: 'posts' }, column: 'state', access: 'read', confidence: 'exact', values: [{ kind: 'string', text: 'published', location: { file: 'src/example.ts', line: 2, column: 92, endLine: 2, endColumn: 103 } }], written: 'state', loc: '2:84-2:89' },
      ],
    },
    {
      name: 'slonik sql.type, sql.unsafe and sql.identifier',
      code: [
        "import { sql } from 'slonik';",
        'await pool.one(sql.type(User)`SELECT id, name FROM people WHERE id = ${id}`);',
        'await pool.any(sql.unsafe`SELECT * FROM ${sql.identifier([schema, \'logs\'])}`);',
        "await pool.any(sql.typeAlias('id')`UPDATE people SET name = ${name} RETURNING id`);",
      ].join('\n'),
      references: [
        { kind: 'column', relation: { schema: null, name: 'people' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '2:38-2:40' },
        { kind: 'column', relation: { schema: null, name: 'people' }, column: 'name', access: 'read', confidence: 'exact', written: 'name', loc: '2:42-2:46' },
        { kind: 'relation', relation: { schema: null, name: 'people' }, access: 'read', confidence: 'exact', written: 'people', loc: '2:52-2:58' },
        { kind: 'column', relation: { schema: null, name: 'people' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '2:65-2:67' },
        { kind: 'relation', relation: { schema: null, name: '${sql.identifier([schema, \'logs\'])}' }, access: 'read', confidence: 'dynamic', note: 'the table name is computed at run time', written: '${sql.identifier([schema, \'logs\'])}', loc: '3:43-3:75' },
        { kind: 'relation', relation: { schema: null, name: 'people' }, access: 'update', confidence: 'exact', written: 'people', loc: '4:43-4:49' },
        { kind: 'column', relation: { schema: null, name: 'people' }, column: 'name', access: 'update', confidence: 'exact', written: 'name', loc: '4:54-4:58' },
        { kind: 'column', relation: { schema: null, name: 'people' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '4:79-4:81' },
      ],
    },
    {
      name: 'Prisma raw queries',
      code: [
        "import { Prisma, PrismaClient } from '@prisma/client';",
        'const prisma = new PrismaClient();',
        'await prisma.$queryRaw`SELECT * FROM "User" WHERE "email" = ${email}`;',
        'await prisma.$executeRaw`UPDATE "Post" SET views = views + 1 ${Prisma.sql`WHERE id = ${id}`}`;',
        "await prisma.$queryRawUnsafe('SELECT slug FROM tags LIMIT $1', 10);",
        'await tx.$executeRawUnsafe(`DELETE FROM ${Prisma.raw(tbl)}`);',
        "const where = Prisma.sql`WHERE archived = false`;",
        'await prisma.$queryRaw<Row[]>`SELECT name FROM projects ${where}`;',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: { schema: null, name: 'User' }, access: 'read', confidence: 'exact', written: '"User"', quoted: true, loc: '3:38-3:44' },
        { kind: 'column', relation: { schema: null, name: 'User' }, column: 'email', access: 'read', confidence: 'exact', written: '"email"', quoted: true, loc: '3:51-3:58' },
        { kind: 'relation', relation: { schema: null, name: 'Post' }, access: 'update', confidence: 'exact', written: '"Post"', quoted: true, loc: '4:33-4:39' },
        { kind: 'column', relation: { schema: null, name: 'Post' }, column: 'views', access: 'update', confidence: 'exact', written: 'views', loc: '4:44-4:49' },
        { kind: 'column', relation: { schema: null, name: 'Post' }, column: 'views', access: 'read', confidence: 'exact', written: 'views', loc: '4:52-4:57' },
        { kind: 'column', relation: { schema: null, name: 'Post' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '4:81-4:83' },
        { kind: 'column', relation: { schema: null, name: 'tags' }, column: 'slug', access: 'read', confidence: 'exact', written: 'slug', loc: '5:38-5:42' },
        { kind: 'relation', relation: { schema: null, name: 'tags' }, access: 'read', confidence: 'exact', written: 'tags', loc: '5:48-5:52' },
        { kind: 'relation', relation: { schema: null, name: '${Prisma.raw(tbl)}' }, access: 'delete', confidence: 'dynamic', note: 'the table name is computed at run time', written: '${Prisma.raw(tbl)}', loc: '6:43-6:58' },
        { kind: 'column', relation: { schema: null, name: 'projects' }, column: 'name', access: 'read', confidence: 'exact', written: 'name', loc: '8:38-8:42' },
        { kind: 'relation', relation: { schema: null, name: 'projects' }, access: 'read', confidence: 'exact', written: 'projects', loc: '8:48-8:56' },
        { kind: 'column', relation: { schema: null, name: 'projects' }, column: 'archived', access: 'read', confidence: 'exact', written: 'archived', loc: '7:32-7:40' },
      ],
    },
    {
      name: 'Drizzle sql template: a table of this file is its name; its column objects are left to the drizzle extractor',
      code: [
        "import { sql } from 'drizzle-orm';",
        "import { pgTable, text } from 'drizzle-orm/pg-core';",
        "const users = pgTable('users', { email: text('email') });",
        'await db.execute(sql`SELECT count(*) FROM ${users} WHERE ${users.email} = ${email}`);',
        'await db.execute(sql`SELECT * FROM ${otherTable}`);',
        "await db.execute(sql.raw('TRUNCATE audit_log'));",
      ].join('\n'),
      references: [
        { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'read', confidence: 'exact', written: '"users"', quoted: true, loc: '4:45-4:50' },
        { kind: 'relation', relation: { schema: null, name: '${otherTable}' }, access: 'read', confidence: 'dynamic', note: 'the table name is computed at run time', written: '${otherTable}', loc: '5:38-5:48' },
        { kind: 'relation', relation: { schema: null, name: 'audit_log' }, access: 'delete', confidence: 'exact', written: 'audit_log', loc: '6:36-6:45' },
      ],
    },
    {
      // Field trial (lobe-chat, 134 unchecked in repositories/knowledge): tables imported from the schema module.
      name: 'Drizzle table objects imported from another module: the model stands for the table, references carry the drizzle-table note',
      code: [
        "import { sql } from 'drizzle-orm';",
        "import { documents, files, knowledgeBaseFiles } from '../schemas';",
        'const recent = sql`SELECT f.user_id, d.title FROM ${files} f LEFT JOIN ${documents} d ON d.file_id = f.id',
        '  WHERE NOT EXISTS (SELECT 1 FROM ${knowledgeBaseFiles} WHERE ${knowledgeBaseFiles.fileId} = f.id)`;',
        "const own = sql`SELECT documents.id FROM ${documents} WHERE ${documents.sourceType} != ${'file'}`;",
        'await db.execute(sql`SELECT name FROM ${files} JOIN ${documents} ON true`);',
        'await pool.query(`SELECT * FROM ${files}`);',
      ].join('\n'),
      references: [
        { kind: 'column', relation: { schema: null, name: 'knowledgeBaseFiles' }, column: 'fileId', access: 'read', confidence: 'inferred', written: 'fileId', note: 'drizzle-table:knowledgeBaseFiles', quoted: true, loc: '4:65-4:90' },
        { kind: 'column', relation: { schema: null, name: 'files' }, column: 'user_id', access: 'read', confidence: 'inferred', written: 'f.user_id', note: 'drizzle-table-sql:files', loc: '3:27-3:36' },
        { kind: 'column', relation: { schema: null, name: 'documents' }, column: 'title', access: 'read', confidence: 'inferred', written: 'd.title', note: 'drizzle-table-sql:documents', loc: '3:38-3:45' },
        { kind: 'relation', relation: { schema: null, name: 'files' }, access: 'read', confidence: 'inferred', written: '"files"', note: 'drizzle-table:files', quoted: true, loc: '3:53-3:58' },
        { kind: 'relation', relation: { schema: null, name: 'documents' }, access: 'read', confidence: 'inferred', written: '"documents"', note: 'drizzle-table:documents', quoted: true, loc: '3:74-3:83' },
        { kind: 'column', relation: { schema: null, name: 'documents' }, column: 'file_id', access: 'read', confidence: 'inferred', written: 'd.file_id', note: 'drizzle-table-sql:documents', loc: '3:90-3:99' },
        { kind: 'column', relation: { schema: null, name: 'files' }, column: 'id', access: 'read', confidence: 'inferred', written: 'f.id', note: 'drizzle-table-sql:files', loc: '3:102-3:106' },
        { kind: 'relation', relation: { schema: null, name: 'knowledgeBaseFiles' }, access: 'read', confidence: 'inferred', written: '"knowledgeBaseFiles"', note: 'drizzle-table:knowledgeBaseFiles', quoted: true, loc: '4:37-4:55' },
        { kind: 'column', relation: { schema: null, name: 'files' }, column: 'id', access: 'read', confidence: 'inferred', written: 'f.id', note: 'drizzle-table-sql:files', loc: '4:94-4:98' },
        { kind: 'column', relation: { schema: null, name: 'documents' }, column: 'sourceType', access: 'read', confidence: 'inferred', written: 'sourceType', note: 'drizzle-table:documents', quoted: true, loc: '5:63-5:83' },
        { kind: 'column', relation: { schema: null, name: 'documents' }, column: 'id', access: 'read', confidence: 'inferred', written: 'documents.id', note: 'drizzle-table-sql:documents', loc: '5:24-5:36' },
        { kind: 'relation', relation: { schema: null, name: 'documents' }, access: 'read', confidence: 'inferred', written: '"documents"', note: 'drizzle-table:documents', quoted: true, loc: '5:44-5:53' },
        {
          kind: 'column', relation: { schema: null, name: 'files' }, column: 'name', access: 'read', confidence: 'dynamic',
          candidates: [{ schema: null, name: 'files' }, { schema: null, name: 'documents' }], written: 'name',
          note: 'an unqualified column in a query with a Drizzle table object: its table is not known here', loc: '6:29-6:33',
        },
        { kind: 'relation', relation: { schema: null, name: 'files' }, access: 'read', confidence: 'inferred', written: '"files"', note: 'drizzle-table:files', quoted: true, loc: '6:41-6:46' },
        { kind: 'relation', relation: { schema: null, name: 'documents' }, access: 'read', confidence: 'inferred', written: '"documents"', note: 'drizzle-table:documents', quoted: true, loc: '6:55-6:64' },
        // A string template holds no table object: Drizzle renders objects in its tagged templates only.
        { kind: 'relation', relation: { schema: null, name: '${files}' }, access: 'read', confidence: 'dynamic', note: 'the table name is computed at run time', written: '${files}', loc: '7:35-7:40' },
      ],
      skipped: [],
    },
    {
      name: 'Drizzle tables the drizzle extractor knows (query builder, alias(), namespace, pgSchema): tables here, their column objects there',
      code: [
        "import { sql } from 'drizzle-orm';",
        "import { alias, pgSchema, text } from 'drizzle-orm/pg-core';",
        "import * as schema from './schema';",
        "import { users } from './schema';",
        "const billing = pgSchema('billing');",
        "const invoices = billing.table('invoices', { total: text('total') });",
        "const parent = alias(users, 'parent');",
        'await db.select().from(users);',
        'await db.execute(sql`SELECT ${users.email}, parent.name FROM ${users} JOIN ${parent} ON parent.id = ${users.parentId}`);',
        "await db.execute(sql`DELETE FROM ${invoices} WHERE ${invoices.total} = '0'`);",
        'await db.execute(sql`SELECT p.title FROM ${schema.posts} p WHERE ${schema.posts.authorId} = ${id}`);',
      ].join('\n'),
      references: [
        { kind: 'column', relation: { schema: null, name: 'users' }, column: 'name', access: 'read', confidence: 'inferred', written: 'parent.name', note: 'drizzle-table-sql:users', loc: '9:45-9:56' },
        { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'read', confidence: 'inferred', written: '"users"', note: 'drizzle-table:users', quoted: true, loc: '9:64-9:69' },
        { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'read', confidence: 'inferred', written: '"users"', note: 'drizzle-table:users', quoted: true, loc: '9:78-9:84' },
        { kind: 'column', relation: { schema: null, name: 'users' }, column: 'id', access: 'read', confidence: 'inferred', written: 'parent.id', note: 'drizzle-table-sql:users', loc: '9:89-9:98' },
        { kind: 'relation', relation: { schema: 'billing', name: 'invoices' }, access: 'delete', confidence: 'exact', written: '"billing"."invoices"', quoted: true, loc: '10:36-10:44' },
        { kind: 'column', relation: { schema: null, name: 'posts' }, column: 'title', access: 'read', confidence: 'inferred', written: 'p.title', note: 'drizzle-table-sql:posts', loc: '11:29-11:36' },
        { kind: 'relation', relation: { schema: null, name: 'posts' }, access: 'read', confidence: 'inferred', written: '"posts"', note: 'drizzle-table:posts', quoted: true, loc: '11:44-11:56' },
      ],
      skipped: [],
    },
    {
      name: 'Knex raw with ? and ?? bindings',
      code: [
        "import knex from 'knex';",
        'const db = knex(config);',
        "await db.raw('SELECT name FROM ?? WHERE id = ?', ['teams', id]);",
        "await knex.raw('SELECT * FROM ?? WHERE x = ?', [table, 1]);",
      ].join('\n'),
      references: [
        { kind: 'column', relation: { schema: null, name: 'teams' }, column: 'name', access: 'read', confidence: 'exact', written: 'name', loc: '3:22-3:26' },
        { kind: 'relation', relation: { schema: null, name: 'teams' }, access: 'read', confidence: 'exact', written: '"teams"', quoted: true, loc: '3:32-3:34' },
        { kind: 'column', relation: { schema: null, name: 'teams' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '3:41-3:43' },
        { kind: 'relation', relation: { schema: null, name: '${table}' }, access: 'read', confidence: 'dynamic', note: 'the table name is computed at run time', written: '${table}', loc: '4:31-4:33' },
        { kind: 'column', relation: { schema: null, name: '${table}' }, column: 'x', access: 'read', confidence: 'dynamic', note: 'the table name is computed at run time', written: 'x', loc: '4:40-4:41' },
      ],
    },
    {
      name: 'Kysely sql template with sql.ref and sql.table',
      code: [
        "import { sql } from 'kysely';",
        "const result = await sql`SELECT ${sql.ref('p.first_name')} FROM ${sql.table('person')} p`.execute(db);",
      ].join('\n'),
      references: [
        { kind: 'column', relation: { schema: null, name: 'person' }, column: 'first_name', access: 'read', confidence: 'exact', written: '"p"."first_name"', quoted: true, loc: '2:35-2:58' },
        { kind: 'relation', relation: { schema: null, name: 'person' }, access: 'read', confidence: 'exact', written: '"person"', quoted: true, loc: '2:67-2:86' },
      ],
    },
    {
      name: 'user functions and escaped newlines in string literals',
      code: "await pool.query('SELECT app.rank_posts($1)\\n  FROM posts');",
      references: [
        { kind: 'function', relation: { schema: 'app', name: 'rank_posts' }, access: 'call', confidence: 'exact', argCount: 1, written: 'app.rank_posts', loc: '1:26-1:40' },
        { kind: 'relation', relation: { schema: null, name: 'posts' }, access: 'read', confidence: 'exact', written: 'posts', loc: '1:53-1:58' },
      ],
    },
    {
      name: 'a syntax error is skipped with its reason',
      code: "await pool.query('SELECT FROM WHERE users');",
      references: [],
      skipped: ['SQL does not parse (syntax error at or near "WHERE"'],
    },
    {
      name: 'a fragment chosen by a ternary is inlined: the branch with the most known SQL',
      code: [
        "import { Prisma } from '@prisma/client';",
        'const byState = state ? Prisma.sql`AND state = ${state}` : Prisma.empty;',
        'const paging = limit ? Prisma.sql`LIMIT ${limit}` : Prisma.empty;',
        'await prisma.$queryRaw`SELECT id FROM tickets WHERE owner_id = ${owner} ${byState} ${paging}`;',
      ].join('\n'),
      references: [
        { kind: 'column', relation: { schema: null, name: 'tickets' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '4:31-4:33' },
        { kind: 'relation', relation: { schema: null, name: 'tickets' }, access: 'read', confidence: 'exact', written: 'tickets', loc: '4:39-4:46' },
        { kind: 'column', relation: { schema: null, name: 'tickets' }, column: 'owner_id', access: 'read', confidence: 'exact', written: 'owner_id', loc: '4:53-4:61' },
        { kind: 'column', relation: { schema: null, name: 'tickets' }, column: 'state', access: 'read', confidence: 'exact', written: 'state', loc: '2:40-2:45' },
      ],
    },
    {
      name: 'fragments of the same name in two functions are told apart by scope',
      code: [
        "import { Prisma } from '@prisma/client';",
        'function open() {',
        '  const extra = Prisma.sql`AND closed_at IS NULL`;',
        '  return Prisma.sql`SELECT id FROM tickets WHERE team_id = ${team} ${extra}`;',
        '}',
        'function recent(extra) {',
        '  return Prisma.sql`SELECT id FROM tickets WHERE team_id = ${team} AND ${extra} > 0`;',
        '}',
      ].join('\n'),
      references: [
        { kind: 'column', relation: { schema: null, name: 'tickets' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '4:28-4:30' },
        { kind: 'relation', relation: { schema: null, name: 'tickets' }, access: 'read', confidence: 'exact', written: 'tickets', loc: '4:36-4:43' },
        { kind: 'column', relation: { schema: null, name: 'tickets' }, column: 'team_id', access: 'read', confidence: 'exact', written: 'team_id', loc: '4:50-4:57' },
        { kind: 'column', relation: { schema: null, name: 'tickets' }, column: 'closed_at', access: 'read', confidence: 'exact', written: 'closed_at', loc: '3:32-3:41' },
        { kind: 'column', relation: { schema: null, name: 'tickets' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '7:28-7:30' },
        { kind: 'relation', relation: { schema: null, name: 'tickets' }, access: 'read', confidence: 'exact', written: 'tickets', loc: '7:36-7:43' },
        { kind: 'column', relation: { schema: null, name: 'tickets' }, column: 'team_id', access: 'read', confidence: 'exact', written: 'team_id', loc: '7:50-7:57' },
      ],
    },
    {
      name: 'Prisma.join of mapped row fragments in VALUES is one row',
      code: [
        "import { Prisma } from '@prisma/client';",
        'const rows = Prisma.join(items.map((i) => Prisma.sql`(${i.id}, ${i.qty}::int)`), ", ");',
        'await prisma.$executeRaw`UPDATE stock AS s SET qty = v.qty FROM (VALUES ${rows}) AS v(id, qty) WHERE s.id = v.id`;',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: { schema: null, name: 'stock' }, access: 'update', confidence: 'exact', written: 'stock', loc: '3:33-3:38' },
        { kind: 'column', relation: { schema: null, name: 'stock' }, column: 'qty', access: 'update', confidence: 'exact', written: 'qty', loc: '3:48-3:51' },
        { kind: 'column', relation: { schema: null, name: 'stock' }, column: 'id', access: 'read', confidence: 'exact', written: 's.id', loc: '3:102-3:106' },
      ],
    },
    {
      name: 'a Prisma.Sql parameter is SQL chosen by the caller: the query parses, its references are dynamic',
      code: [
        "import { Prisma } from '@prisma/client';",
        'export function list(org: string, filter: Prisma.Sql, { order = Prisma.empty } = {}) {',
        '  return Prisma.sql`SELECT id FROM teams WHERE org_id = ${org} ${filter} ${order}`;',
        '}',
      ].join('\n'),
      references: [
        { kind: 'column', relation: { schema: null, name: 'teams' }, column: 'id', access: 'read', confidence: 'dynamic', written: 'id', note: 'the query text is partly built at run time', loc: '3:28-3:30' },
        { kind: 'relation', relation: { schema: null, name: 'teams' }, access: 'read', confidence: 'dynamic', written: 'teams', note: 'the query text is partly built at run time', loc: '3:36-3:41' },
        { kind: 'column', relation: { schema: null, name: 'teams' }, column: 'org_id', access: 'read', confidence: 'dynamic', written: 'org_id', note: 'the query text is partly built at run time', loc: '3:48-3:54' },
      ],
    },
    {
      name: 'Prisma.raw of a constant chosen by a ternary, and a ternary of two values stays a parameter',
      code: [
        "import { Prisma } from '@prisma/client';",
        "const cols = full ? 'id, body' : 'id';",
        'await prisma.$queryRaw`SELECT ${Prisma.raw(cols)} FROM notes WHERE pinned = ${pinned ? 1 : 0}`;',
      ].join('\n'),
      references: [
        { kind: 'column', relation: { schema: null, name: 'notes' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '3:33-3:49' },
        { kind: 'column', relation: { schema: null, name: 'notes' }, column: 'body', access: 'read', confidence: 'exact', written: 'body', loc: '3:33-3:49' },
        { kind: 'relation', relation: { schema: null, name: 'notes' }, access: 'read', confidence: 'exact', written: 'notes', loc: '3:56-3:61' },
        { kind: 'column', relation: { schema: null, name: 'notes' }, column: 'pinned', access: 'read', confidence: 'exact', written: 'pinned', loc: '3:68-3:74' },
      ],
    },
    {
      name: 'a fragment holding SQL computed at run time loses to Prisma.empty',
      code: [
        "import { Prisma } from '@prisma/client';",
        'const order = sort ? Prisma.sql`ORDER BY ${Prisma.raw(sort)}` : Prisma.empty;',
        'await prisma.$queryRaw`SELECT id FROM notes ${order} LIMIT ${n}`;',
      ].join('\n'),
      references: [
        { kind: 'column', relation: { schema: null, name: 'notes' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '3:31-3:33' },
        { kind: 'relation', relation: { schema: null, name: 'notes' }, access: 'read', confidence: 'exact', written: 'notes', loc: '3:39-3:44' },
      ],
    },
    {
      name: 'ClickHouse client calls are not PostgreSQL: { query } objects are neither read nor skipped',
      code: [
        "import { createClient } from '@clickhouse/client';",
        "import { Prisma } from '@prisma/client';",
        'const ch = createClient();',
        "await ch.query({ query: 'SELECT id FROM traces FINAL WHERE project_id = {projectId: String}', format: 'JSONEachRow' });",
        "await ch.command({ query: 'ALTER TABLE traces DELETE WHERE project_id = {projectId: String}' });",
      ].join('\n'),
      references: [],
      skipped: [],
    },
    {
      name: 'template tags of other languages (lingui t, gql, css) are not SQL, even when the text starts like a statement',
      code: [
        "import { t } from '@lingui/core/macro';",
        "import { Pool } from 'pg';",
        'export function Combobox({ placeholder = t`Select values...` }) { return placeholder; }',
        'const label = t`Select values to compare`;',
        'const hint = t`Update your profile from settings`;',
        "const query = gql`query { users { id } }`;",
      ].join('\n'),
      references: [],
      skipped: [],
    },
  ]);

  it('the drizzle resolver maps imported table objects of a Drizzle sql template to the declared tables and columns', () => {
    const at = { file: 'src/db/schema.ts', line: 1, column: 1, endLine: 1, endColumn: 5 };
    const declarations: Declaration[] = [
      { extractor: 'drizzle', relation: { schema: null, name: 'files' }, model: 'files', columns: [{ name: 'id' }, { name: 'user_id', field: 'userId' }], confidence: 'exact', location: at },
      { extractor: 'drizzle', relation: { schema: null, name: 'knowledge_base_files' }, model: 'knowledgeBaseFiles', columns: [{ name: 'file_id', field: 'fileId' }], confidence: 'exact', location: at },
    ];
    const code = [
      "import { sql } from 'drizzle-orm';",
      "import { files, knowledgeBaseFiles } from '../schemas';",
      'await db.execute(sql`SELECT f.user_id FROM ${files} f WHERE NOT EXISTS (SELECT 1 FROM ${knowledgeBaseFiles} WHERE ${knowledgeBaseFiles.fileId} = f.id)`);',
    ].join('\n');
    const extracted = extractFromSource('src/example.ts', code, [rawSql], { packages: new Set(['drizzle-orm']), claimedBy: new Set(['raw-sql']) });
    expect(resolveDrizzleReferences(extracted.references, declarations).map(compactReference)).toEqual([
      { kind: 'column', relation: { schema: null, name: 'knowledge_base_files' }, column: 'file_id', access: 'read', confidence: 'exact', written: 'fileId', quoted: true, loc: '3:117-3:142' },
      // An SQL column name is not a JS key: the resolver keeps the name and puts it on the real table.
      { kind: 'column', relation: { schema: null, name: 'files' }, column: 'user_id', access: 'read', confidence: 'exact', written: 'f.user_id', loc: '3:29-3:38' },
      { kind: 'relation', relation: { schema: null, name: 'files' }, access: 'read', confidence: 'exact', written: '"files"', quoted: true, loc: '3:46-3:51' },
      { kind: 'relation', relation: { schema: null, name: 'knowledge_base_files' }, access: 'read', confidence: 'exact', written: '"knowledgeBaseFiles"', quoted: true, loc: '3:89-3:107' },
      { kind: 'column', relation: { schema: null, name: 'files' }, column: 'id', access: 'read', confidence: 'exact', written: 'f.id', loc: '3:146-3:150' },
    ]);
  });
});
