import { describe, expect, it } from 'vitest';
import { convertCase, type Casing } from '../../rules/extractors/drizzle/casing.js';
import drizzle from '../../rules/extractors/drizzle/index.js';
import { resolveDrizzleReferences } from '../../rules/extractors/drizzle/resolve.js';
import type { Declaration, Reference } from '../../src/types.js';
import { testExtractor } from '../helpers/extract.js';

const users = { schema: null, name: 'users' };
const note = 'drizzle-table:users';

describe('drizzle extractor', () => {
  testExtractor(drizzle, [
    {
      name: 'pgTable declaration: named columns, unnamed columns, notNull, $defaultFn; extras ignored',
      filename: 'src/db/schema.ts',
      code: [
        "import { pgTable, text, uuid, timestamp, index } from 'drizzle-orm/pg-core';",
        "export const users = pgTable('app_users', {",
        '  id: uuid().primaryKey().defaultRandom(),',
        "  fullName: text('full_name').notNull(),",
        "  createdAt: timestamp('created_at').$defaultFn(() => new Date()),",
        '}, (t) => [index().on(t.fullName)]);',
      ].join('\n'),
      references: [],
      declarations: [
        {
          relation: { schema: null, name: 'app_users' },
          model: 'users',
          columns: [
            { name: 'id', type: 'uuid', nullable: false, loc: '3:3-3:5' },
            { name: 'full_name', type: 'text', nullable: false, field: 'fullName', loc: '4:3-4:11' },
            { name: 'created_at', type: 'timestamp', nullable: true, field: 'createdAt', clientDefault: true, loc: '5:3-5:12' },
          ],
          confidence: 'exact',
          loc: '2:30-2:41',
        },
      ],
    },
    {
      name: 'pgSchema tables, pgTableCreator prefixes and the (t) => ({...}) column form',
      filename: 'src/db/schema.ts',
      code: [
        "import { pgSchema, pgTableCreator } from 'drizzle-orm/pg-core';",
        "const auth = pgSchema('auth');",
        "export const sessions = auth.table('sessions', { token: text().notNull() });",
        'const createTable = pgTableCreator((name) => `acme_${name}`);',
        "export const posts = createTable('post', (t) => ({ title: t.varchar({ length: 256 }) }));",
      ].join('\n'),
      references: [],
      declarations: [
        {
          relation: { schema: 'auth', name: 'sessions' },
          model: 'sessions',
          columns: [{ name: 'token', type: 'text', nullable: false, loc: '3:50-3:55' }],
          confidence: 'exact',
          loc: '3:36-3:46',
        },
        {
          relation: { schema: null, name: 'acme_post' },
          model: 'posts',
          columns: [{ name: 'title', type: 'varchar', nullable: true, loc: '5:52-5:57' }],
          confidence: 'exact',
          loc: '5:34-5:40',
        },
      ],
    },
    {
      name: 'select, join, where through imported table objects',
      code: [
        "import { eq } from 'drizzle-orm';",
        "import { db } from './db';",
        "import { users, posts } from './schema';",
        'const rows = await db.select({ id: users.id }).from(users)',
        '  .innerJoin(posts, eq(users.id, posts.authorId))',
        '  .where(eq(users.email, email));',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: { schema: null, name: 'posts' }, access: 'read', written: 'posts', quoted: true, confidence: 'inferred', note: 'drizzle-table:posts', loc: '5:14-5:19' },
        { kind: 'relation', relation: users, access: 'read', written: 'users', quoted: true, confidence: 'inferred', note, loc: '4:53-4:58' },
        { kind: 'column', relation: users, column: 'id', access: 'read', written: 'id', quoted: true, confidence: 'inferred', note, loc: '4:36-4:44' },
        { kind: 'column', relation: users, column: 'id', access: 'read', written: 'id', quoted: true, confidence: 'inferred', note, loc: '5:24-5:32' },
        { kind: 'column', relation: { schema: null, name: 'posts' }, column: 'authorId', access: 'read', written: 'authorId', quoted: true, confidence: 'inferred', note: 'drizzle-table:posts', loc: '5:34-5:48' },
        { kind: 'column', relation: users, column: 'email', access: 'read', written: 'email', quoted: true, confidence: 'inferred', note, loc: '6:13-6:24' },
      ],
    },
    {
      name: 'insert values (provides), update set, delete, relational query columns',
      code: [
        "import * as schema from '@/db/schema';",
        "await db.insert(schema.users).values([{ fullName: 'a', email: 'e' }, { fullName: 'b' }]);",
        "await db.update(schema.users).set({ fullName: 'c' });",
        'await db.delete(schema.users);',
        'await db.query.users.findMany({ columns: { email: true } });',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: users, access: 'insert', written: 'schema.users', quoted: true, confidence: 'inferred', provides: ['fullName'], note, loc: '2:17-2:29' },
        { kind: 'column', relation: users, column: 'fullName', access: 'insert', written: 'fullName', quoted: true, confidence: 'inferred', note, loc: '2:41-2:49' },
        { kind: 'column', relation: users, column: 'email', access: 'insert', written: 'email', quoted: true, confidence: 'inferred', note, loc: '2:56-2:61' },
        { kind: 'column', relation: users, column: 'fullName', access: 'insert', written: 'fullName', quoted: true, confidence: 'inferred', note, loc: '2:72-2:80' },
        { kind: 'relation', relation: users, access: 'update', written: 'schema.users', quoted: true, confidence: 'inferred', note, loc: '3:17-3:29' },
        { kind: 'column', relation: users, column: 'fullName', access: 'update', written: 'fullName', quoted: true, confidence: 'inferred', note, loc: '3:37-3:45' },
        { kind: 'relation', relation: users, access: 'delete', written: 'schema.users', quoted: true, confidence: 'inferred', note, loc: '4:17-4:29' },
        { kind: 'relation', relation: users, access: 'read', written: 'users', quoted: true, confidence: 'inferred', note, loc: '5:16-5:21' },
        { kind: 'column', relation: users, column: 'email', access: 'read', written: 'email', quoted: true, confidence: 'inferred', note, loc: '5:44-5:49' },
      ],
    },
    {
      name: 'not Drizzle: string tables, package imports, constants, non-static table names',
      code: [
        "import { table } from 'some-lib';",
        "const T = 'users';",
        'knex.from(T);',
        'q.from(table);',
        "map.delete('k');",
        'pgTable(name, {});',
      ].join('\n'),
      references: [],
      skipped: ['drizzle table name is not static'],
    },
    // Field trial (lobe-chat): every table takes its timestamps from a helpers module.
    {
      name: 'column helpers and column sets of the same file: followed, parameters bound',
      filename: 'src/db/schema.ts',
      code: [
        "import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';",
        'const tz = (name: string) => timestamp(name, { withTimezone: true });',
        "const createdAt = () => tz('created_at').notNull().defaultNow();",
        'const stamps = { createdAt: createdAt(), editedAt: tz(\'edited_at\').$onUpdate(() => new Date()) };',
        "export const notes = pgTable('notes', { body: text(), ...stamps });",
      ].join('\n'),
      references: [],
      declarations: [
        {
          relation: { schema: null, name: 'notes' },
          model: 'notes',
          columns: [
            { name: 'body', type: 'text', nullable: true, loc: '5:41-5:45' },
            { name: 'created_at', type: 'timestamp', nullable: false, field: 'createdAt', loc: '4:18-4:27' },
            { name: 'edited_at', type: 'timestamp', nullable: true, field: 'editedAt', clientDefault: true, loc: '4:42-4:50' },
          ],
          confidence: 'exact',
          loc: '5:30-5:37',
        },
      ],
    },
    {
      name: 'a helpers module states its exported column helpers and column sets',
      filename: 'src/db/helpers.ts',
      code: [
        "import { timestamp, uuid } from 'drizzle-orm/pg-core';",
        "export const createdAt = () => timestamp('created_at').notNull().defaultNow();",
        "export const audit = { ownerId: uuid('owner_id'), touchedAt: timestamp('touched_at').$onUpdate(() => new Date()) };",
        'export const format = (d: Date) => d.toISOString();',
        "export const labels = { a: String('x') };",
      ].join('\n'),
      references: [
        { kind: 'column', relation: { schema: null, name: 'createdAt' }, column: 'created_at', access: 'ddl', written: 'createdAt', confidence: 'inferred', note: 'drizzle-columns:{"type":"timestamp","nullable":false}', loc: '2:14-2:23' },
        { kind: 'column', relation: { schema: null, name: 'audit' }, column: 'owner_id', access: 'ddl', written: 'ownerId', confidence: 'inferred', note: 'drizzle-columns:{"type":"uuid","nullable":true}', loc: '3:14-3:19' },
        { kind: 'column', relation: { schema: null, name: 'audit' }, column: 'touched_at', access: 'ddl', written: 'touchedAt', confidence: 'inferred', note: 'drizzle-columns:{"type":"timestamp","nullable":true,"clientDefault":true}', loc: '3:14-3:19' },
      ],
    },
    {
      name: 'a table using imported column sets and helpers states which export it takes',
      filename: 'src/db/schema.ts',
      code: [
        "import { pgTable, text } from 'drizzle-orm/pg-core';",
        "import { audit, createdAt, tz } from './helpers';",
        "export const notes = pgTable('notes', {",
        '  ...audit,',
        '  createdAt: createdAt(),',
        "  seenAt: tz('seen_at'),",
        '});',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: { schema: null, name: 'audit' }, access: 'ddl', written: 'audit', confidence: 'inferred', note: 'drizzle-uses:notes:./helpers', loc: '4:6-4:11' },
        { kind: 'column', relation: { schema: null, name: 'createdAt' }, column: 'createdAt', access: 'ddl', written: 'createdAt', confidence: 'inferred', note: 'drizzle-uses:notes:./helpers', loc: '5:3-5:12' },
      ],
      declarations: [
        {
          relation: { schema: null, name: 'notes' },
          model: 'notes',
          columns: [
            { name: 'createdAt', type: 'createdAt', nullable: true, loc: '5:3-5:12' },
            { name: 'seen_at', type: 'tz', nullable: true, field: 'seenAt', loc: '6:3-6:9' },
          ],
          confidence: 'exact',
          loc: '3:30-3:37',
        },
      ],
    },
    {
      name: 'not tables: path.join, Array.from, node: namespaces, locals that shadow a table object',
      code: [
        "import * as fs from 'node:fs';",
        "import { files, dir, known } from './shared';",
        "path.join(dir, 'x');",
        'Array.from(known);',
        'fs.constants.F_OK;',
        'await db.delete(files);',
        'function count(files: string[]) { return files.length; }',
        'for (const files of groups) files.length;',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: { schema: null, name: 'files' }, access: 'delete', written: 'files', quoted: true, confidence: 'inferred', note: 'drizzle-table:files', loc: '6:17-6:22' },
      ],
    },
    {
      name: 'tables through await import(), aliases and relational query callbacks',
      code: [
        "import { alias } from 'drizzle-orm/pg-core';",
        "import { comments } from './schema';",
        "const parent = alias(comments, 'parent');",
        "const { posts } = await import('./schema');",
        'await db.select({ id: parent.id }).from(posts);',
        'await db.query.posts.findFirst({ where: (t, { eq }) => eq(t.slug, s) });',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: { schema: null, name: 'posts' }, access: 'read', written: 'posts', quoted: true, confidence: 'inferred', note: 'drizzle-table:posts', loc: '5:41-5:46' },
        { kind: 'column', relation: { schema: null, name: 'comments' }, column: 'id', access: 'read', written: 'id', quoted: true, confidence: 'inferred', note: 'drizzle-table:comments', loc: '5:23-5:32' },
        { kind: 'relation', relation: { schema: null, name: 'posts' }, access: 'read', written: 'posts', quoted: true, confidence: 'inferred', note: 'drizzle-table:posts', loc: '6:16-6:21' },
        { kind: 'column', relation: { schema: null, name: 'posts' }, column: 'slug', access: 'read', written: 'slug', quoted: true, confidence: 'inferred', note: 'drizzle-table:posts', loc: '6:59-6:65' },
      ],
    },
    {
      name: 'a module exporting an alias of a table object states it',
      code: [
        "import { alias } from 'drizzle-orm/pg-core';",
        "import { versions } from './schema';",
        "export const current = alias(versions, 'current');",
      ].join('\n'),
      references: [
        { kind: 'relation', relation: { schema: null, name: 'versions' }, access: 'ddl', written: 'current', confidence: 'inferred', note: 'drizzle-alias:current', loc: '3:14-3:21' },
      ],
    },
    // Field trial (trigger.dev): every dashboard-agent table is `dashboardAgentSchema.table(...)`, the pgSchema
    // exported by schema-base.ts.
    {
      name: 'a module exporting a pgSchema and a pgTableCreator states them; a non-static schema is not stated',
      filename: 'src/db/schema-base.ts',
      code: [
        "import { pgSchema, pgTableCreator } from 'drizzle-orm/pg-core';",
        "export const agentSchema = pgSchema('trigger_dashboard_agent');",
        'export const createTable = pgTableCreator((name) => `acme_${name}`);',
        'export const tenant = pgSchema(process.env.SCHEMA);',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: { schema: null, name: 'agentSchema' }, access: 'ddl', written: 'agentSchema', confidence: 'inferred', note: 'drizzle-tables:{"schema":"trigger_dashboard_agent","pattern":"\\u0000"}', loc: '2:14-2:25' },
        { kind: 'relation', relation: { schema: null, name: 'createTable' }, access: 'ddl', written: 'createTable', confidence: 'inferred', note: 'drizzle-tables:{"schema":null,"pattern":"acme_\\u0000"}', loc: '3:14-3:25' },
      ],
    },
    {
      name: 'tables made by an imported pgSchema or pgTableCreator state which export makes them; other imported calls are no tables',
      filename: 'src/db/schema.ts',
      code: [
        "import { text } from 'drizzle-orm/pg-core';",
        "import { agentSchema, createTable } from './schema-base';",
        "import { knex, track } from './lib';",
        "export const chats = agentSchema.table('chats', { id: text('id').primaryKey(), title: text() });",
        "export const posts = createTable('post', (t) => ({ body: t.text() }));",
        "export const legacy = knex.table('users', { id: 1 });",
        "track('signup', { plan: user.plan() });",
      ].join('\n'),
      references: [
        { kind: 'relation', relation: { schema: null, name: 'agentSchema' }, access: 'ddl', written: 'agentSchema', confidence: 'inferred', note: 'drizzle-in:./schema-base', loc: '4:40-4:47' },
        { kind: 'relation', relation: { schema: null, name: 'createTable' }, access: 'ddl', written: 'createTable', confidence: 'inferred', note: 'drizzle-in:./schema-base', loc: '5:34-5:40' },
      ],
      declarations: [
        {
          relation: { schema: null, name: 'chats' },
          model: 'chats',
          columns: [
            { name: 'id', type: 'text', nullable: false, loc: '4:51-4:53' },
            { name: 'title', type: 'text', nullable: true, loc: '4:80-4:85' },
          ],
          confidence: 'exact',
          loc: '4:40-4:47',
        },
        {
          relation: { schema: null, name: 'post' },
          model: 'posts',
          columns: [{ name: 'body', type: 'text', nullable: true, loc: '5:52-5:56' }],
          confidence: 'exact',
          loc: '5:34-5:40',
        },
      ],
    },
    // Field trial (midday): `drizzle(pool, { casing: 'snake_case' })` and `billingEmail: text()` in the schema.
    {
      name: "a drizzle() client states its casing; columns named by their key that a casing would rename are marked",
      filename: 'src/db/index.ts',
      code: [
        "import { drizzle } from 'drizzle-orm/node-postgres';",
        "import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';",
        "export const db = drizzle({ connection: url, casing: 'snake_case' });",
        'const stamps = { createdAt: timestamp() };',
        "export const people = pgTable('people', { id: text(), firstName: text(), lastName: text('surname'), ...stamps });",
      ].join('\n'),
      references: [
        { kind: 'relation', relation: { schema: null, name: 'snake_case' }, access: 'ddl', written: 'snake_case', confidence: 'inferred', note: 'drizzle-casing:snake_case', loc: '3:54-3:66' },
        { kind: 'column', relation: { schema: null, name: 'firstName' }, column: 'firstName', access: 'ddl', written: 'firstName', confidence: 'inferred', note: 'drizzle-key-name:', loc: '5:55-5:64' },
        { kind: 'column', relation: { schema: null, name: 'createdAt' }, column: 'createdAt', access: 'ddl', written: 'createdAt', confidence: 'inferred', note: 'drizzle-key-name:', loc: '4:18-4:27' },
      ],
      declarations: [
        {
          relation: { schema: null, name: 'people' },
          model: 'people',
          columns: [
            { name: 'id', type: 'text', nullable: true, loc: '5:43-5:45' },
            { name: 'firstName', type: 'text', nullable: true, loc: '5:55-5:64' },
            { name: 'surname', type: 'text', nullable: true, field: 'lastName', loc: '5:74-5:82' },
            { name: 'createdAt', type: 'timestamp', nullable: true, loc: '4:18-4:27' },
          ],
          confidence: 'exact',
          loc: '5:31-5:39',
        },
      ],
    },
    {
      name: 'a drizzle-kit config states its casing; a column set flags its columns named by their key',
      filename: 'src/db/config.ts',
      code: [
        "import { defineConfig } from 'drizzle-kit';",
        "import { text } from 'drizzle-orm/pg-core';",
        "export default defineConfig({ dialect: 'postgresql', casing: 'camelCase' });",
        "export const audit = { changed_by: text(), at: text('at') };",
      ].join('\n'),
      references: [
        { kind: 'column', relation: { schema: null, name: 'audit' }, column: 'changed_by', access: 'ddl', written: 'changed_by', confidence: 'inferred', note: 'drizzle-columns:{"type":"text","nullable":true,"keyAsName":true}', loc: '4:14-4:19' },
        { kind: 'column', relation: { schema: null, name: 'audit' }, column: 'at', access: 'ddl', written: 'at', confidence: 'inferred', note: 'drizzle-columns:{"type":"text","nullable":true}', loc: '4:14-4:19' },
        { kind: 'relation', relation: { schema: null, name: 'camelCase' }, access: 'ddl', written: 'camelCase', confidence: 'inferred', note: 'drizzle-casing:camelCase', loc: '3:62-3:73' },
      ],
    },
    // Field trial (lobe-chat): `db.query.generationTopics.findFirst({ with: { batches: { with: { generations: { columns:
    // { asset: true } } } } } })`, the relations declared in relations.ts.
    {
      name: 'relations() states each relation and the table object it points to',
      filename: 'src/db/relations.ts',
      code: [
        "import { relations } from 'drizzle-orm';",
        "import { users, posts } from './schema';",
        'export const usersRelations = relations(users, ({ many }) => ({ posts: many(posts) }));',
        'export const postsRelations = relations(posts, (r) => ({',
        '  author: r.one(users, { fields: [posts.authorId], references: [users.id] }),',
        '}));',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: { schema: null, name: 'posts' }, access: 'ddl', written: 'posts', confidence: 'inferred', note: 'drizzle-relation:users.posts', loc: '3:65-3:70' },
        { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'ddl', written: 'author', confidence: 'inferred', note: 'drizzle-relation:posts.author', loc: '5:3-5:9' },
      ],
    },
    {
      name: 'relational query with: related tables, their columns and callbacks by with path',
      code: [
        "import { db } from './db';",
        'await db.query.users.findMany({',
        '  columns: { id: true },',
        "  with: { posts: { columns: { title: true }, where: (p, { eq }) => eq(p.published, true), with: { 'author': true } } },",
        '});',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: users, access: 'read', written: 'users', quoted: true, confidence: 'inferred', note, loc: '2:16-2:21' },
        { kind: 'column', relation: users, column: 'id', access: 'read', written: 'id', quoted: true, confidence: 'inferred', note, loc: '3:14-3:16' },
        { kind: 'relation', relation: { schema: null, name: 'posts' }, access: 'read', written: 'posts', quoted: true, confidence: 'inferred', note: 'drizzle-with:users.posts', loc: '4:11-4:16' },
        { kind: 'column', relation: { schema: null, name: 'posts' }, column: 'title', access: 'read', written: 'title', quoted: true, confidence: 'inferred', note: 'drizzle-with:users.posts', loc: '4:31-4:36' },
        { kind: 'relation', relation: { schema: null, name: 'author' }, access: 'read', written: 'author', quoted: true, confidence: 'inferred', note: 'drizzle-with:users.posts.author', loc: '4:99-4:107' },
        { kind: 'column', relation: { schema: null, name: 'posts' }, column: 'published', access: 'read', written: 'published', quoted: true, confidence: 'inferred', note: 'drizzle-with:users.posts', loc: '4:71-4:82' },
      ],
    },
  ]);

  describe('resolveDrizzleReferences', () => {
    const at = { file: 'src/a.ts', line: 1, column: 1, endLine: 1, endColumn: 5 };
    const declarations: Declaration[] = [
      {
        extractor: 'drizzle',
        relation: { schema: null, name: 'app_users' },
        model: 'users',
        columns: [{ name: 'id' }, { name: 'full_name', field: 'fullName' }, { name: 'created_at', field: 'createdAt', clientDefault: true }],
        confidence: 'exact',
        location: at,
      },
    ];
    const ref = (over: Partial<Reference>): Reference => ({
      extractor: 'drizzle', kind: 'column', relation: users, access: 'read', written: 'x', quoted: true, confidence: 'inferred', location: at, note, ...over,
    });

    it('maps table objects and keys to table and column names, adds client defaults to provides; an undeclared table object is dynamic', () => {
      const input = [
        ref({ kind: 'relation', access: 'insert', provides: ['fullName'] }),
        ref({ column: 'fullName' }),
        ref({ kind: 'relation', relation: { schema: null, name: 'posts' }, note: 'drizzle-table:posts' }),
      ];
      expect(resolveDrizzleReferences(input, declarations)).toEqual([
        { ...input[0], relation: { schema: null, name: 'app_users' }, confidence: 'exact', note: undefined, provides: ['full_name', 'created_at'] },
        { ...input[1], relation: { schema: null, name: 'app_users' }, column: 'full_name', confidence: 'exact', note: undefined },
        { ...input[2], confidence: 'dynamic', note: 'drizzle table object "posts" is not declared by a pgTable in the project' },
      ]);
    });

    // Field trial (lobe-chat): `...timestamps` and `createdAt: createdAt()` from `_helpers.ts`; an alias exported by
    // one query module and used by another.
    it('adds columns from imported column sets, names imported helper columns, follows imported aliases', () => {
      const helpers = { file: 'src/db/helpers.ts', line: 2, column: 14, endLine: 2, endColumn: 19 };
      const schema = { file: 'src/db/schema.ts', line: 4, column: 6, endLine: 4, endColumn: 11 };
      const notes = { schema: null, name: 'notes' };
      const decls: Declaration[] = [
        {
          extractor: 'drizzle', relation: notes, model: 'notes', confidence: 'exact', location: schema,
          columns: [{ name: 'body' }, { name: 'createdAt', type: 'createdAt', nullable: true, location: schema }],
        },
      ];
      const marker = (over: Partial<Reference>): Reference => ref({ access: 'ddl', quoted: false, ...over });
      const input = [
        marker({ relation: { schema: null, name: 'audit' }, column: 'owner_id', written: 'ownerId', location: helpers, note: 'drizzle-columns:{"type":"uuid","nullable":true}' }),
        marker({ relation: { schema: null, name: 'createdAt' }, column: 'created_at', written: 'createdAt', location: helpers, note: 'drizzle-columns:{"type":"timestamp","nullable":false}' }),
        marker({ kind: 'relation', relation: { schema: null, name: 'audit' }, written: 'audit', location: schema, note: 'drizzle-uses:notes:./helpers' }),
        marker({ relation: { schema: null, name: 'createdAt' }, column: 'createdAt', written: 'createdAt', location: schema, note: 'drizzle-uses:notes:./helpers' }),
        marker({ kind: 'relation', relation: notes, written: 'latest', note: 'drizzle-alias:latest' }),
        ref({ relation: { schema: null, name: 'latest' }, column: 'ownerId', note: 'drizzle-table:latest' }),
        ref({ relation: notes, column: 'createdAt', note: 'drizzle-table:notes' }),
      ];
      expect(resolveDrizzleReferences(input, decls)).toEqual([
        { ...input[5], relation: notes, column: 'owner_id', confidence: 'exact', note: undefined },
        { ...input[6], column: 'created_at', confidence: 'exact', note: undefined },
      ]);
      expect(decls[0]!.columns).toEqual([
        { name: 'body' },
        { name: 'created_at', field: 'createdAt', type: 'timestamp', nullable: false, location: schema },
        { name: 'owner_id', field: 'ownerId', type: 'uuid', nullable: true, location: helpers },
      ]);
    });

    // Field trial (dokploy): a generated copy of the auth schema declares `organization` again, without `ownerId`.
    it('picks, among same-named declarations, the one in the reference file, else the one declaring the fields used', () => {
      const copy = { file: 'auth-copy.ts', line: 1, column: 1, endLine: 1, endColumn: 5 };
      const real = { file: 'src/schema/org.ts', line: 1, column: 1, endLine: 1, endColumn: 5 };
      const decls: Declaration[] = [
        { extractor: 'drizzle', relation: { schema: null, name: 'organization' }, model: 'organization', columns: [{ name: 'id' }, { name: 'name' }], confidence: 'exact', location: copy },
        { extractor: 'drizzle', relation: { schema: null, name: 'organization' }, model: 'organization', columns: [{ name: 'id' }, { name: 'name' }, { name: 'owner_id', field: 'ownerId' }], confidence: 'exact', location: real },
      ];
      const org = { schema: null, name: 'organization' };
      const input = [
        ref({ relation: org, note: 'drizzle-table:organization', column: 'ownerId', location: real }),
        ref({ relation: org, note: 'drizzle-table:organization', column: 'ownerId' }),
        ref({ kind: 'relation', access: 'insert', relation: org, note: 'drizzle-table:organization', provides: ['name', 'ownerId'] }),
        ref({ relation: org, note: 'drizzle-table:organization', column: 'name', location: copy }),
      ];
      expect(resolveDrizzleReferences(input, decls)).toEqual([
        { ...input[0], column: 'owner_id', confidence: 'exact', note: undefined },
        { ...input[1], column: 'owner_id', confidence: 'exact', note: undefined },
        { ...input[2], confidence: 'exact', note: undefined, provides: ['name', 'owner_id'] },
        { ...input[3], column: 'name', confidence: 'exact', note: undefined },
      ]);
    });
    // Field trial (trigger.dev): the nine `trigger_dashboard_agent` tables were not declared (six came out orphaned),
    // their pgSchema being imported from schema-base.ts.
    it('names the tables of imported pgSchemas and pgTableCreators by the module imported; drops calls through other imports', () => {
      const place = (file: string, line: number) => ({ file, line, column: 14, endLine: line, endColumn: 25 });
      const schemaFile = 'src/a/schema.ts';
      const decl = (name: string, model: string, line: number): Declaration => ({
        extractor: 'drizzle', relation: { schema: null, name }, model, columns: [{ name: 'title' }], confidence: 'exact', location: place(schemaFile, line),
      });
      const decls = [decl('chats', 'chats', 4), decl('post', 'posts', 5), decl('users', 'legacy', 6)];
      const marker = (name: string, note: string, location: Reference['location']): Reference =>
        ref({ kind: 'relation', relation: { schema: null, name }, access: 'ddl', quoted: false, written: name, location, note });
      const input = [
        marker('agentSchema', 'drizzle-tables:{"schema":"agent_a","pattern":"\\u0000"}', place('src/a/schema-base.ts', 2)),
        marker('agentSchema', 'drizzle-tables:{"schema":"agent_b","pattern":"\\u0000"}', place('src/b/schema-base.ts', 2)),
        marker('createTable', 'drizzle-tables:{"schema":null,"pattern":"acme_\\u0000"}', place('src/a/schema-base.ts', 3)),
        marker('agentSchema', 'drizzle-in:./schema-base', place(schemaFile, 4)),
        marker('createTable', 'drizzle-in:./schema-base', place(schemaFile, 5)),
        marker('knex', 'drizzle-in:./lib', place(schemaFile, 6)),
        ref({ relation: { schema: null, name: 'chats' }, column: 'title', note: 'drizzle-table:chats' }),
      ];
      expect(resolveDrizzleReferences(input, decls)).toEqual([
        { ...input[6], relation: { schema: 'agent_a', name: 'chats' }, confidence: 'exact', note: undefined },
      ]);
      expect(decls.map((d) => d.relation)).toEqual([
        { schema: 'agent_a', name: 'chats' },
        { schema: null, name: 'acme_post' },
      ]);
    });

    it.each<[string, Casing, string]>([
      ['firstName', 'snake_case', 'first_name'],
      ['userID', 'snake_case', 'user_id'],
      ['HTMLParser', 'snake_case', 'html_parser'],
      ['line1Text', 'snake_case', 'line1_text'],
      ['first_name', 'camelCase', 'firstName'],
      ['APIKey', 'camelCase', 'apiKey'],
    ])('converts the key %s under %s to %s, as Drizzle does', (key, casing, name) => {
      expect(convertCase(key, casing)).toBe(name);
    });

    // Field trial (midday): `casing: 'snake_case'` in client.ts; `billingEmail: text()` is column billing_email.
    it.each<[string, string[], string[]]>([
      ['one casing', ['snake_case'], ['id', 'first_name', 'surname', 'createdAt', 'changed_by']],
      ['clients and config that agree', ['snake_case', 'snake_case'], ['id', 'first_name', 'surname', 'createdAt', 'changed_by']],
      ['camelCase', ['camelCase'], ['id', 'firstName', 'surname', 'createdAt', 'changedBy']],
      ['conflicting casings', ['snake_case', 'camelCase'], ['id', 'firstName', 'surname', 'createdAt', 'changedBy']],
      ['no casing', [], ['id', 'firstName', 'surname', 'createdAt', 'changedBy']],
    ])('applies the casing to columns named by their key: %s', (_case, casings, names) => {
      const column = (name: string, line: number, field?: string) => ({ name, ...(field ? { field } : {}), location: { ...at, line } });
      const helpers = { ...at, file: 'src/helpers.ts' };
      const decls: Declaration[] = [
        {
          extractor: 'drizzle', relation: { schema: null, name: 'people' }, model: 'people', confidence: 'exact', location: at,
          columns: [column('id', 2), column('firstName', 3), column('surname', 4, 'lastName'), column('createdAt', 5)],
        },
      ];
      const marker = (over: Partial<Reference>): Reference => ref({ access: 'ddl', quoted: false, ...over });
      const input = [
        ...casings.map((c) => marker({ kind: 'relation', relation: { schema: null, name: c }, written: c, note: `drizzle-casing:${c}` })),
        marker({ relation: { schema: null, name: 'firstName' }, column: 'firstName', location: { ...at, line: 3 }, note: 'drizzle-key-name:' }),
        marker({ relation: { schema: null, name: 'audit' }, column: 'changedBy', written: 'changedBy', location: helpers, note: 'drizzle-columns:{"type":"text","nullable":true,"keyAsName":true}' }),
        marker({ kind: 'relation', relation: { schema: null, name: 'audit' }, written: 'audit', note: 'drizzle-uses:people:./helpers' }),
        ref({ relation: { schema: null, name: 'people' }, column: 'firstName', note: 'drizzle-table:people' }),
      ];
      const [resolved] = resolveDrizzleReferences(input, decls);
      expect(decls[0]!.columns.map((c) => c.name)).toEqual(names);
      expect(resolved!.column).toBe(names[1]);
    });

    it('follows with paths through the relations the project declares; an undeclared or ambiguous one is dynamic', () => {
      const decls: Declaration[] = [
        { extractor: 'drizzle', relation: { schema: null, name: 'app_users' }, model: 'users', columns: [{ name: 'id' }], confidence: 'exact', location: at },
        {
          extractor: 'drizzle', relation: { schema: null, name: 'posts' }, model: 'posts', confidence: 'exact', location: at,
          columns: [{ name: 'title' }, { name: 'author_id', field: 'authorId' }],
        },
      ];
      const related = (path: string, target: string, file = 'src/relations.ts'): Reference =>
        ref({ kind: 'relation', relation: { schema: null, name: target }, access: 'ddl', quoted: false, location: { ...at, file }, note: `drizzle-relation:${path}` });
      const via = (path: string, over: Partial<Reference>): Reference =>
        ref({ relation: { schema: null, name: path.slice(path.lastIndexOf('.') + 1) }, note: `drizzle-with:${path}`, ...over });
      const input = [
        related('users.posts', 'posts'),
        related('posts.author', 'users'),
        related('users.avatar', 'images'),
        related('users.avatar', 'files', 'src/other-relations.ts'),
        via('users.posts', { kind: 'relation', written: 'posts' }),
        via('users.posts', { column: 'authorId' }),
        via('users.posts.author', { column: 'id' }),
        via('users.avatar', { kind: 'relation', written: 'avatar' }),
        via('users.comments', { column: 'body' }),
      ];
      expect(resolveDrizzleReferences(input, decls)).toEqual([
        { ...input[4], relation: { schema: null, name: 'posts' }, confidence: 'exact', note: undefined },
        { ...input[5], relation: { schema: null, name: 'posts' }, column: 'author_id', confidence: 'exact', note: undefined },
        { ...input[6], relation: { schema: null, name: 'app_users' }, column: 'id', confidence: 'exact', note: undefined },
        { ...input[7], confidence: 'dynamic', note: 'drizzle relation "users.avatar" is not declared by a relations() in the project' },
        { ...input[8], confidence: 'dynamic', note: 'drizzle relation "users.comments" is not declared by a relations() in the project' },
      ]);
    });
  });
});
