import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEmbeddedSnapshot, splitStatements, type SplitResult } from '../../src/schema/embedded.js';
import { detectMigrations } from '../../src/schema/migrations.js';
import type { Column, Relation, SchemaSnapshot } from '../../src/types.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/supabase-app');
const temporary: string[] = [];
let templateDir: string;

beforeAll(() => {
  // Shared by every build here: only the first PGlite start pays initdb.
  templateDir = mkdtempSync(path.join(tmpdir(), 'dbref-template-'));
  temporary.push(templateDir);
});
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'dbref-embedded-'));
  temporary.push(root);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

async function replay(root: string): Promise<SchemaSnapshot> {
  const set = detectMigrations(root);
  if (!set) throw new Error(`no migrations in ${root}`);
  return buildEmbeddedSnapshot(set, { templateDir });
}

const column = (c: Column) =>
  [c.name, c.type, c.nullable ? '' : 'not null', c.default ? `default ${c.default}` : '', c.identity ? `identity ${c.identity}` : '']
    .filter(Boolean)
    .join(' ');
const tables = (s: SchemaSnapshot) => Object.fromEntries(s.relations.map((r) => [`${r.schema}.${r.name}`, r.columns.map(column)]));
const relation = (s: SchemaSnapshot, name: string): Relation => {
  const found = s.relations.find((r) => `${r.schema}.${r.name}` === name);
  if (!found) throw new Error(`no relation ${name} in ${s.relations.map((r) => `${r.schema}.${r.name}`).join(', ')}`);
  return found;
};

describe('splitStatements', () => {
  const cases: { name: string; sql: string; expected: Omit<SplitResult, 'error'> }[] = [
    {
      name: 'UTF-8 text before a statement: byte offsets are converted, lines stay right',
      sql: "-- Données ✓\ncreate table \"é\" (a text default 'ü');\n\n/* note */ select 1;",
      expected: {
        mode: 'parsed',
        statements: [
          { text: 'create table "é" (a text default \'ü\')', line: 2, kind: 'CreateStmt' },
          { text: 'select 1', line: 4, kind: 'SelectStmt' },
        ],
      },
    },
    {
      name: 'a PL/pgSQL body with semicolons stays whole',
      sql: 'create function f() returns trigger language plpgsql as $$\nbegin\n  return new;\nend;\n$$;\ncreate table t (id int);\n',
      expected: {
        mode: 'parsed',
        statements: [
          { text: 'create function f() returns trigger language plpgsql as $$\nbegin\n  return new;\nend;\n$$', line: 1, kind: 'CreateFunctionStmt' },
          { text: 'create table t (id int)', line: 6, kind: 'CreateStmt' },
        ],
      },
    },
    {
      name: 'a syntax error: split by the tokenizer, the bad statement kept for the server to reject',
      sql: "create table a (id int);\ncreate tabel b (id int);\ndo $x$ begin perform 1; end $x$;\nselect 'x;y'",
      expected: {
        mode: 'scanned',
        statements: [
          { text: 'create table a (id int)', line: 1, kind: 'CreateStmt' },
          { text: 'create tabel b (id int)', line: 2, kind: undefined },
          { text: 'do $x$ begin perform 1; end $x$', line: 3, kind: 'DoStmt' },
          { text: "select 'x;y'", line: 4, kind: 'SelectStmt' },
        ],
      },
    },
    {
      name: 'pg_dump: COPY data and psql meta-commands are blanked',
      sql: '\\restrict abc\nCOPY public.t (id, note) FROM stdin;\n1\tsemi; colon\n\\.\n\\connect app\nCREATE TABLE public.u (id int);\n',
      expected: {
        mode: 'parsed',
        statements: [
          { text: 'COPY public.t (id, note) FROM stdin', line: 2, kind: 'CopyStmt' },
          { text: 'CREATE TABLE public.u (id int)', line: 6, kind: 'CreateStmt' },
        ],
      },
    },
    {
      name: 'psql variables in a file that does not parse: the \\set value, else the name as a placeholder',
      sql: [
        "\\set APP_SCHEMA 'app'",
        '  \\connect :DATABASE_NAME',
        'grant usage on schema :APP_SCHEMA to :DATABASE_VISITOR;',
        "select set_config('app.owner', :'DATABASE_OWNER', false), :\"Weird\";",
        "create function f(a int[]) returns int[] language sql as $$ select a[1:2] || ':NOT_A_VAR'::int $$;",
        'select x::int, y[1:n] from t; -- :NOR_THIS',
      ].join('\n'),
      expected: {
        mode: 'parsed',
        statements: [
          { text: 'grant usage on schema app to "database_visitor"', line: 3, kind: 'GrantStmt', variables: ['APP_SCHEMA', 'DATABASE_VISITOR'] },
          { text: `select set_config('app.owner', 'database_owner', false), "weird"`, line: 4, kind: 'SelectStmt', variables: ['DATABASE_OWNER', 'Weird'] },
          { text: "create function f(a int[]) returns int[] language sql as $$ select a[1:2] || ':NOT_A_VAR'::int $$", line: 5, kind: 'CreateFunctionStmt' },
          { text: 'select x::int, y[1:n] from t', line: 6, kind: 'SelectStmt' },
        ],
      },
    },
    {
      name: 'a file that parses keeps its colons: array slices are not psql variables',
      sql: 'select a[1:n] from t;\n',
      expected: { mode: 'parsed', statements: [{ text: 'select a[1:n] from t', line: 1, kind: 'SelectStmt' }] },
    },
    { name: 'only comments', sql: '-- nothing here\n/* at all */\n', expected: { mode: 'parsed', statements: [] } },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { error: _error, ...result } = await splitStatements(c.sql);
      expect(result).toEqual(c.expected);
    });
  }
});

describe('a realistic Supabase project (test/fixtures/supabase-app) replays without a server', () => {
  let snapshot: SchemaSnapshot;
  beforeAll(async () => {
    snapshot = await replay(FIXTURE);
  }, 180_000);

  it('replays every statement: no problems, complete', () => {
    expect(snapshot.problems).toEqual([]);
    expect(snapshot.incomplete).toBe(false);
    expect(snapshot.source).toEqual({ kind: 'migrations', description: 'supabase/migrations', layout: 'supabase', serverVersion: '18.6' });
    expect(snapshot.searchPath).toEqual(['public', 'extensions']);
    expect(snapshot.schemas).toEqual(['auth', 'extensions', 'public', 'storage']);
  });

  it('has exactly the application relations and columns', () => {
    const own = snapshot.relations.filter((r) => !r.shim);
    expect(own.map((r) => [`${r.schema}.${r.name}`, r.kind, r.rlsEnabled])).toEqual([
      ['public.audit_log', 'table', false],
      ['public.profiles', 'table', true],
      ['public.project_task_counts', 'view', false],
      ['public.projects', 'table', true],
      ['public.tasks', 'table', true],
      ['public.team_members', 'table', true],
      ['public.teams', 'table', true],
    ]);
    const columns = tables({ ...snapshot, relations: own });
    expect(columns).toEqual({
      'public.audit_log': [
        "id bigint not null default nextval('public.audit_log_id_seq'::regclass)",
        'table_name text not null',
        'record_id text',
        'action text not null',
        'actor_id uuid default auth.uid()',
        'payload jsonb',
        'created_at timestamp with time zone not null default now()',
      ],
      'public.profiles': [
        'id uuid not null',
        'username text',
        'full_name text',
        'avatar_url text',
        "role public.user_role not null default 'member'::public.user_role",
        'updated_at timestamp with time zone',
        'website text',
      ],
      'public.project_task_counts': ['project_id uuid', 'name text', 'task_count bigint'],
      'public.projects': [
        'id uuid not null default gen_random_uuid()',
        'team_id uuid not null',
        'name text not null',
        'description text',
        "tags text[] not null default '{}'::text[]",
        "settings jsonb not null default '{}'::jsonb",
        "status text not null default 'active'::text",
        'created_at timestamp with time zone not null default now()',
        'updated_at timestamp with time zone not null default now()',
      ],
      'public.tasks': [
        'id bigint not null identity by-default',
        'project_id uuid not null',
        'title text not null',
        "status public.task_status not null default 'todo'::public.task_status",
        'assignee_id uuid',
        'due_on date',
        "inserted_at timestamp with time zone not null default timezone('utc'::text, now())",
      ],
      'public.team_members': [
        'team_id uuid not null',
        'user_id uuid not null',
        "role public.user_role not null default 'member'::public.user_role",
        'joined_at timestamp with time zone not null default now()',
      ],
      'public.teams': [
        'id uuid not null default extensions.uuid_generate_v4()',
        'name text not null',
        'slug text not null',
        'created_by uuid',
        'created_at timestamp with time zone not null default now()',
      ],
    });
  });

  it('keeps the platform shims visible and marked: auth.users for foreign keys, storage for its policies', () => {
    expect(snapshot.relations.filter((r) => r.shim).map((r) => `${r.schema}.${r.name}`)).toEqual(['auth.users', 'storage.buckets', 'storage.objects']);
    expect(relation(snapshot, 'auth.users').columns.slice(0, 5).map((c) => c.name)).toEqual(['instance_id', 'id', 'aud', 'role', 'email']);
    expect(relation(snapshot, 'auth.users').triggers.map((t) => [t.name, `${t.function.schema}.${t.function.name}`])).toEqual([
      ['on_auth_user_created', 'public.handle_new_user'],
    ]);
    expect(relation(snapshot, 'storage.objects').policies.map((p) => [p.name, p.command, p.roles])).toEqual([
      ['Anyone can upload an avatar.', 'insert', ['public']],
      ['Avatar images are publicly accessible.', 'select', ['public']],
      ['Users read their own attachments', 'select', ['authenticated']],
    ]);
    expect(relation(snapshot, 'public.team_members').constraints.find((c) => c.name === 'team_members_user_id_fkey')?.references).toEqual({
      schema: 'auth',
      name: 'users',
      columns: ['id'],
    });
  });

  it('has the functions, triggers, policies, enums and extensions of the migrations', () => {
    expect(snapshot.functions.map((f) => `${f.schema}.${f.name}(${f.args}) → ${f.returns}${f.shim ? ' [shim]' : ''}`)).toEqual([
      'auth.email() → text [shim]',
      'auth.jwt() → jsonb [shim]',
      'auth.role() → text [shim]',
      'auth.uid() → uuid [shim]',
      'public.current_user_is_admin() → boolean',
      'public.handle_new_user() → trigger',
      'public.is_team_member(p_team_id uuid) → boolean',
      'public.log_change() → trigger',
      'public.search_projects(query text, max_results integer) → SETOF public.projects',
      'storage.extension(name text) → text [shim]',
      'storage.filename(name text) → text [shim]',
      'storage.foldername(name text) → text[] [shim]',
    ]);
    expect(relation(snapshot, 'public.projects').triggers.map((t) => t.name)).toEqual(['handle_updated_at', 'projects_audit']);
    expect(relation(snapshot, 'public.projects').indexes.map((i) => i.definition)).toEqual([
      'CREATE INDEX projects_name_trgm_idx ON public.projects USING gin (name extensions.gin_trgm_ops)',
      'CREATE UNIQUE INDEX projects_pkey ON public.projects USING btree (id)',
      'CREATE INDEX projects_team_id_idx ON public.projects USING btree (team_id)',
    ]);
    expect(relation(snapshot, 'public.profiles').policies.map((p) => [p.name, p.command, p.withCheck ?? p.using])).toEqual([
      ['Public profiles are viewable by everyone.', 'select', 'true'],
      ['Users can insert their own profile.', 'insert', '(( SELECT auth.uid() AS uid) = id)'],
      ['Users can update own profile.', 'update', '(( SELECT auth.uid() AS uid) = id)'],
    ]);
    expect(snapshot.enums).toEqual([
      { schema: 'public', name: 'task_status', values: ['todo', 'doing', 'done'] },
      { schema: 'public', name: 'user_role', values: ['member', 'admin', 'owner'] },
    ]);
    expect(snapshot.extensions.map((e) => `${e.schema}.${e.name}`)).toEqual([
      'extensions.moddatetime',
      'extensions.pg_trgm',
      'extensions.pgcrypto',
      'pg_catalog.plpgsql',
      'extensions.uuid-ossp',
    ]);
  });
});

describe('replay goes on past what cannot apply embedded', () => {
  let snapshot: SchemaSnapshot;
  beforeAll(async () => {
    const root = project({
      'migrations/001_base.sql': [
        '-- Données ✓: non-ASCII text before the statements.',
        'create extension if not exists vector;',
        'create table documents (',
        '  id bigint generated always as identity primary key,',
        '  body text not null,',
        '  embedding vector(1536),',
        '  location extensions.geography(Point, 4326)',
        ');',
        'create index documents_embedding_idx on documents using hnsw (embedding vector_cosine_ops);',
        'grant select on documents to reporting_reader;',
        'create table broken (id int references nowhere (id));',
        'create table after_failure (id int primary key, doc_id bigint references documents (id));',
        '',
      ].join('\n'),
      'migrations/002_dump.sql': [
        'SET statement_timeout = 0;',
        "SELECT pg_catalog.set_config('search_path', '', false);",
        'CREATE TABLE public.dumped (id integer NOT NULL, note text);',
        'ALTER TABLE public.dumped OWNER TO app_owner;',
        'COPY public.dumped (id, note) FROM stdin;',
        '1\tfirst; with a semicolon',
        '2\tsecond',
        '\\.',
        'CREATE TABLE unqualified_in_dump (id int);',
        "ALTER SYSTEM SET work_mem = '64MB';",
        '',
      ].join('\n'),
      'migrations/003_after_dump.sql': [
        'begin;',
        'create table after_dump (id int primary key);',
        'insert into nowhere values (1);',
        'create table still_created (id int);',
        'commit;',
        '',
      ].join('\n'),
      'migrations/004_syntax.sql': [
        'create table good_one (id int);',
        'create tabel typo (id int);',
        'create function f() returns int language plpgsql as $$ begin return 1; end; $$;',
        '',
      ].join('\n'),
      'migrations/005_postgis.sql': [
        'create extension if not exists postgis;',
        'create table places (id int primary key, geom geometry(Point, 4326));',
        'create index places_geom_idx on places using gist (geom);',
        "select cron.schedule('nightly', '0 3 * * *', 'select 1');",
        '',
      ].join('\n'),
    });
    snapshot = await replay(root);
  }, 180_000);

  it('reports each statement that did not apply as it was, with file and line, and is incomplete', () => {
    expect(snapshot.problems).toEqual([
      {
        kind: 'skipped',
        file: 'migrations/001_base.sql',
        line: 2,
        statement: 'create extension if not exists vector',
        message: 'PGlite does not ship this extension (extension "vector" is not available); objects that need it are downgraded or missing.',
      },
      {
        kind: 'downgraded',
        file: 'migrations/001_base.sql',
        line: 3,
        statement:
          'create table documents ( id bigint generated always as identity primary key, body text not null, embedding vector(1536), location extensions.geography(Point, 4326) )',
        message: 'type "vector" does not exist embedded, replaced by text; type "extensions.geography" does not exist embedded, replaced by text.',
      },
      {
        kind: 'skipped',
        file: 'migrations/001_base.sql',
        line: 9,
        statement: 'create index documents_embedding_idx on documents using hnsw (embedding vector_cosine_ops)',
        message: 'Index not created embedded (access method "hnsw" does not exist); it needs an extension PGlite does not ship.',
      },
      {
        kind: 'failed',
        file: 'migrations/001_base.sql',
        line: 11,
        statement: 'create table broken (id int references nowhere (id))',
        message: 'relation "nowhere" does not exist',
      },
      {
        kind: 'skipped',
        file: 'migrations/002_dump.sql',
        line: 5,
        statement: 'COPY public.dumped (id, note) FROM stdin',
        message: 'COPY data is not needed for the schema.',
      },
      {
        kind: 'skipped',
        file: 'migrations/002_dump.sql',
        line: 10,
        statement: "ALTER SYSTEM SET work_mem = '64MB'",
        message: 'Not run embedded (server configuration does not shape the schema).',
      },
      {
        kind: 'skipped',
        file: 'migrations/003_after_dump.sql',
        line: 3,
        statement: 'insert into nowhere values (1)',
        message: `Not applied (relation "nowhere" does not exist); the statement does not change the schema's shape.`,
      },
      {
        kind: 'failed',
        file: 'migrations/004_syntax.sql',
        line: 2,
        statement: 'create tabel typo (id int)',
        message: 'syntax error at or near "tabel"',
      },
      {
        kind: 'skipped',
        file: 'migrations/005_postgis.sql',
        line: 1,
        statement: 'create extension if not exists postgis',
        message: 'PGlite does not ship this extension (extension "postgis" is not available); objects that need it are downgraded or missing.',
      },
      {
        kind: 'downgraded',
        file: 'migrations/005_postgis.sql',
        line: 2,
        statement: 'create table places (id int primary key, geom geometry(Point, 4326))',
        message: 'type "geometry" does not exist embedded, replaced by text.',
      },
      {
        kind: 'skipped',
        file: 'migrations/005_postgis.sql',
        line: 3,
        statement: 'create index places_geom_idx on places using gist (geom)',
        message:
          'Index not created embedded (data type text has no default operator class for access method "gist"); it indexes a column whose type PGlite does not have.',
      },
      {
        kind: 'skipped',
        file: 'migrations/005_postgis.sql',
        line: 4,
        statement: "select cron.schedule('nightly', '0 3 * * *', 'select 1')",
        message: `Not applied (schema "cron" does not exist); the statement does not change the schema's shape.`,
      },
    ]);
    expect(snapshot.incomplete).toBe(true);
  });

  it('keeps every table the failures did not touch; unknown types become text', () => {
    expect(tables(snapshot)).toEqual({
      'public.after_dump': ['id integer not null'],
      'public.after_failure': ['id integer not null', 'doc_id bigint'],
      'public.documents': ['id bigint not null identity always', 'body text not null', 'embedding text', 'location text'],
      'public.dumped': ['id integer not null', 'note text'],
      'public.good_one': ['id integer'],
      'public.places': ['id integer not null', 'geom text'],
      'public.still_created': ['id integer'],
      'public.unqualified_in_dump': ['id integer'],
    });
    expect(snapshot.functions.map((f) => `${f.schema}.${f.name}`)).toEqual(['public.f']);
  });
});

describe('each layout replays in its own order', () => {
  // Every case fails if its files run in another order: a later file alters what an earlier one created.
  const cases: { name: string; files: Record<string, string>; expected: Record<string, string[]> }[] = [
    {
      name: 'supabase',
      files: {
        'supabase/migrations/20240102000000_add_email.sql': 'alter table public.accounts add column email text not null;',
        'supabase/migrations/20240101000000_init.sql': 'create table public.accounts (id uuid primary key references auth.users);',
      },
      expected: { 'public.accounts': ['id uuid not null', 'email text not null'] },
    },
    {
      name: 'prisma',
      files: {
        'prisma/migrations/20240201000000_rename/migration.sql': 'ALTER TABLE "User" RENAME COLUMN "name" TO "fullName";',
        'prisma/migrations/20240101000000_init/migration.sql': 'CREATE TABLE "User" ("id" SERIAL NOT NULL, "name" TEXT, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));',
        'prisma/migrations/migration_lock.toml': 'provider = "postgresql"',
      },
      expected: { 'public.User': [`id integer not null default nextval('public."User_id_seq"'::regclass)`, 'fullName text'] },
    },
    {
      name: 'prisma, a file using a temporary table that drops on commit (one transaction per file)',
      files: {
        'prisma/migrations/20240101000000_init/migration.sql': 'CREATE TABLE "Tag" ("id" INTEGER NOT NULL, "label" TEXT);',
        'prisma/migrations/20240201000000_backfill/migration.sql':
          'CREATE TEMP TABLE "labels" ON COMMIT DROP AS SELECT DISTINCT "label" FROM "Tag";\nCREATE UNIQUE INDEX "Tag_label_key" ON "Tag"("label");\nINSERT INTO "Tag" SELECT 0, "label" FROM "labels" WHERE false;',
        'prisma/migrations/20240301000000_again/migration.sql': 'CREATE TEMP TABLE "labels" ON COMMIT DROP AS SELECT 1 AS x;\nALTER TABLE "Tag" ADD COLUMN "note" TEXT;',
      },
      expected: { 'public.Tag': ['id integer not null', 'label text', 'note text'] },
    },
    {
      name: 'prisma, a file that locks a table before altering it',
      files: {
        'prisma/migrations/20240101000000_init/migration.sql': 'CREATE TABLE "Job" ("id" INTEGER NOT NULL);',
        'prisma/migrations/20240201000000_lock/migration.sql': 'BEGIN;\nLOCK TABLE "Job" IN ACCESS EXCLUSIVE MODE;\nALTER TABLE "Job" ADD COLUMN "state" TEXT;\nCOMMIT;',
      },
      expected: { 'public.Job': ['id integer not null', 'state text'] },
    },
    {
      name: 'drizzle with journal',
      files: {
        'drizzle/0000_second.sql': 'ALTER TABLE "posts" ADD COLUMN "title" text;--> statement-breakpoint\nCREATE INDEX "posts_title_idx" ON "posts" ("title");',
        'drizzle/0001_first.sql': 'CREATE TABLE "posts" ("id" serial PRIMARY KEY);',
        'drizzle/meta/_journal.json': JSON.stringify({ entries: [{ idx: 0, tag: '0001_first' }, { idx: 1, tag: '0000_second' }] }),
      },
      expected: { 'public.posts': [`id integer not null default nextval('public.posts_id_seq'::regclass)`, 'title text'] },
    },
    {
      name: 'plain with up/down pairs',
      files: {
        'migrations/10_drop_legacy.up.sql': 'alter table items drop column legacy;',
        'migrations/10_drop_legacy.down.sql': 'alter table items add column legacy text;',
        'migrations/2_add_legacy.up.sql': 'alter table items add column legacy text;',
        'migrations/2_add_legacy.down.sql': 'alter table items drop column legacy;',
        'migrations/1_items.up.sql': 'create table items (id int primary key);',
        'migrations/1_items.down.sql': 'drop table items;',
      },
      expected: { 'public.items': ['id integer not null'] },
    },
    {
      name: 'schema.sql',
      files: { 'schema.sql': 'create table a (id int primary key);\ncreate table b (a_id int references a);\n' },
      expected: { 'public.a': ['id integer not null'], 'public.b': ['a_id integer'] },
    },
  ];
  for (const c of cases) {
    it(
      c.name,
      async () => {
        const snapshot = await replay(project(c.files));
        expect(snapshot.problems).toEqual([]);
        expect(tables({ ...snapshot, relations: snapshot.relations.filter((r) => !r.shim) })).toEqual(c.expected);
      },
      180_000,
    );
  }
});

describe('Supabase database webhooks', () => {
  it('replay: the trigger that calls supabase_functions.http_request is created, and the shim is marked', async () => {
    const snapshot = await replay(
      project({
        'supabase/migrations/20240101000000_orders.sql': [
          'create table public.orders (id bigint primary key, total numeric);',
          'create trigger "orders_webhook" after insert on public.orders for each row',
          "  execute function supabase_functions.http_request('https://example.test/hook', 'POST', '{}', '{}', '1000');",
          '',
        ].join('\n'),
      }),
    );
    expect(snapshot.problems).toEqual([]);
    const orders = snapshot.relations.find((r) => r.name === 'orders')!;
    expect(orders.triggers.map((t) => t.name)).toEqual(['orders_webhook']);
    expect(snapshot.functions.filter((f) => f.schema === 'supabase_functions').map((f) => [f.name, f.shim])).toEqual([['http_request', true]]);
  }, 180_000);
});

describe('a dump that defines the platform objects itself', () => {
  it('replaces the shims with the dump’s own definitions; --clean drops and CREATE SCHEMA public are harmless', async () => {
    const snapshot = await replay(
      project({
        'schema.sql': [
          'DROP TABLE IF EXISTS public.profiles;',
          'DROP TABLE public.profiles;',
          'CREATE SCHEMA public;',
          'CREATE SCHEMA auth;',
          'CREATE ROLE anon;',
          'CREATE TABLE auth.users (id uuid NOT NULL PRIMARY KEY, email text, phone text);',
          "CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT NULLIF(current_setting('app.user', true), '')::uuid $$;",
          'CREATE TABLE public.profiles (id uuid PRIMARY KEY REFERENCES auth.users (id), owner uuid DEFAULT auth.uid());',
          '',
        ].join('\n'),
      }),
    );
    expect(snapshot.problems).toEqual([
      {
        kind: 'skipped',
        file: 'schema.sql',
        line: 2,
        statement: 'DROP TABLE public.profiles',
        message: 'Nothing to drop (table "profiles" does not exist).',
      },
    ]);
    expect(snapshot.incomplete).toBe(false);
    expect(tables(snapshot)).toEqual({
      'auth.users': ['id uuid not null', 'email text', 'phone text'],
      'public.profiles': ['id uuid not null', 'owner uuid default auth.uid()'],
    });
    expect(relation(snapshot, 'auth.users').shim).toBe(true);
    expect(snapshot.functions.filter((f) => f.name === 'uid').map((f) => [f.body.trim(), f.shim ?? false])).toEqual([
      ["SELECT NULLIF(current_setting('app.user', true), '')::uuid", false],
    ]);
  }, 180_000);
});

describe('unknown types in function signatures are downgraded, so the functions exist', () => {
  // PostgreSQL names an unknown argument type without quotes (`type vector does not exist`), a return type with them.
  let snapshot: SchemaSnapshot;
  beforeAll(async () => {
    const root = project({
      'migrations/001_search.sql': [
        'create extension if not exists vector with schema extensions;',
        'create table notes (id bigint primary key, body text, embedding extensions.vector(384));',
        'create function match_notes(query extensions.vector(384), match_count int default 5)',
        '  returns table (id bigint, similarity float8) language sql stable',
        '  as $$ select id, 1 - (embedding <=> query) from notes limit match_count $$;',
        'create function note_vector(note_id bigint) returns vector language plpgsql as $$ begin return null; end $$;',
        'create function old_match(query vector, tags "Tag"[]) returns setof notes language sql as $$ select * from notes $$;',
        'drop function if exists old_match(vector, "Tag"[]);',
        "comment on function match_notes(extensions.vector, int) is 'nearest notes';",
        '',
      ].join('\n'),
      'migrations/002_accounts.sql': [
        'create function account_by_email(email citext) returns bigint language sql as $$ select 1::bigint $$;',
        '',
      ].join('\n'),
    });
    snapshot = await replay(root);
  }, 180_000);

  it('creates each function with its name and argument count, the unknown types as text', () => {
    expect(snapshot.functions.map((f) => `${f.schema}.${f.name}(${f.args}) → ${f.returns}`)).toEqual([
      'public.account_by_email(email text) → bigint',
      'public.match_notes(query text, match_count integer) → TABLE(id bigint, similarity double precision)',
      'public.note_vector(note_id bigint) → text',
    ]);
  });

  it('records every change as downgraded, with file and line; the dropped function is gone', () => {
    expect(snapshot.problems).toEqual([
      {
        kind: 'skipped',
        file: 'migrations/001_search.sql',
        line: 1,
        statement: 'create extension if not exists vector with schema extensions',
        message: 'PGlite does not ship this extension (extension "vector" is not available); objects that need it are downgraded or missing.',
      },
      {
        kind: 'downgraded',
        file: 'migrations/001_search.sql',
        line: 2,
        statement: 'create table notes (id bigint primary key, body text, embedding extensions.vector(384))',
        message: 'type "extensions.vector" does not exist embedded, replaced by text.',
      },
      {
        kind: 'downgraded',
        file: 'migrations/001_search.sql',
        line: 3,
        statement: 'create function match_notes(query extensions.vector(384), match_count int default 5) returns table (id bigint, similarity float8) language sql stable as $$ select id, 1 - (embedding <=> query) from n…',
        message: 'type "extensions.vector" does not exist embedded, replaced by text.',
      },
      {
        kind: 'downgraded',
        file: 'migrations/001_search.sql',
        line: 6,
        statement: 'create function note_vector(note_id bigint) returns vector language plpgsql as $$ begin return null; end $$',
        message: 'type "vector" does not exist embedded, replaced by text.',
      },
      {
        kind: 'downgraded',
        file: 'migrations/001_search.sql',
        line: 7,
        statement: 'create function old_match(query vector, tags "Tag"[]) returns setof notes language sql as $$ select * from notes $$',
        message: 'type "vector" does not exist embedded, replaced by text; type "Tag" does not exist embedded, replaced by text.',
      },
      {
        kind: 'downgraded',
        file: 'migrations/001_search.sql',
        line: 8,
        statement: 'drop function if exists old_match(vector, "Tag"[])',
        message: 'type "vector" does not exist embedded, replaced by text; type "Tag" does not exist embedded, replaced by text.',
      },
      {
        kind: 'downgraded',
        file: 'migrations/001_search.sql',
        line: 9,
        statement: "comment on function match_notes(extensions.vector, int) is 'nearest notes'",
        message: 'type "extensions.vector" does not exist embedded, replaced by text.',
      },
      {
        kind: 'downgraded',
        file: 'migrations/002_accounts.sql',
        line: 1,
        statement: 'create function account_by_email(email citext) returns bigint language sql as $$ select 1::bigint $$',
        message: 'type "citext" does not exist embedded, replaced by text.',
      },
    ]);
    expect(snapshot.incomplete).toBe(false);
  });
});

describe('a graphile-migrate project with psql placeholders', () => {
  let snapshot: SchemaSnapshot;
  beforeAll(async () => {
    const root = project({
      'migrations/afterReset.sql': [
        'begin;',
        'create extension if not exists citext;',
        'create schema app_public;',
        'commit;',
        '',
      ].join('\n'),
      'migrations/committed/000001.sql': [
        '--! Previous: -',
        '--! Hash: sha1:0001',
        '',
        'create table app_public.users (id serial primary key, email citext not null unique);',
        'alter table app_public.users enable row level security;',
        'grant select on app_public.users to :DATABASE_VISITOR;',
        'create policy select_all on app_public.users for select to :DATABASE_VISITOR using (true);',
        'create function app_public.user_by_email(email citext) returns app_public.users language sql stable',
        '  as $$ select * from app_public.users where users.email = user_by_email.email $$;',
        '',
      ].join('\n'),
      'migrations/committed/000002.sql': '--! Previous: sha1:0001\n--! Hash: sha1:0002\n\nalter table app_public.users add column name text;\n',
      'migrations/current.sql': '-- Enter migration here\nalter table app_public.users add column bio text;\n',
    });
    snapshot = await replay(root);
  }, 180_000);

  it('replays afterReset.sql, committed/ and current.sql in order', () => {
    expect(snapshot.source).toEqual({ kind: 'migrations', description: 'migrations', layout: 'graphile', serverVersion: '18.6' });
    expect(tables(snapshot)).toEqual({
      'app_public.users': [`id integer not null default nextval('app_public.users_id_seq'::regclass)`, 'email public.citext not null', 'name text', 'bio text'],
    });
    expect(snapshot.functions.map((f) => `${f.schema}.${f.name}(${f.args})`)).toEqual(['app_public.user_by_email(email public.citext)']);
  });

  it('fills the placeholders with roles created on demand, and says so', () => {
    expect(relation(snapshot, 'app_public.users').policies.map((p) => `${p.name} ${p.command} ${p.roles.join(',')}`)).toEqual([
      'select_all select database_visitor',
    ]);
    expect(snapshot.problems).toEqual([
      {
        kind: 'downgraded',
        file: 'migrations/committed/000001.sql',
        line: 6,
        statement: 'grant select on app_public.users to "database_visitor"',
        message: 'psql variables replaced by placeholders (:DATABASE_VISITOR).',
      },
      {
        kind: 'downgraded',
        file: 'migrations/committed/000001.sql',
        line: 7,
        statement: 'create policy select_all on app_public.users for select to "database_visitor" using (true)',
        message: 'psql variables replaced by placeholders (:DATABASE_VISITOR).',
      },
    ]);
    expect(snapshot.incomplete).toBe(false);
  });
});
