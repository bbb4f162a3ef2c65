import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceError } from '../../src/errors.js';
import { CACHE_DIR } from '../../src/schema/cache.js';
import { embeddedStats } from '../../src/schema/embedded.js';
import { describeProblem, normaliseSnapshot, readSnapshot, serialiseSnapshot, writeSnapshot } from '../../src/schema/snapshot.js';
import { resolveSchemaSource } from '../../src/schema/source.js';
import type { Relation, SchemaProblem, SchemaSnapshot } from '../../src/types.js';

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'dbref-snapshot-'));
  temporary.push(root);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

const table = (schema: string, name: string, extra: Partial<Relation> = {}): Relation => ({
  schema,
  name,
  kind: 'table',
  columns: [
    { name: 'id', type: 'integer', nullable: false, default: null, identity: 'always', generated: null },
    { name: 'body', type: 'text', nullable: true, default: null, identity: null, generated: null },
  ],
  constraints: [],
  indexes: [],
  triggers: [],
  policies: [],
  rlsEnabled: false,
  rlsForced: false,
  ...extra,
});

const base = (extra: Partial<SchemaSnapshot> = {}): SchemaSnapshot => ({
  version: 1,
  source: { kind: 'live', description: 'postgres://app:***@db/app', serverVersion: '15.8' },
  searchPath: ['public'],
  schemas: ['public'],
  relations: [],
  enums: [],
  domains: [],
  compositeTypes: [],
  functions: [],
  sequences: [],
  extensions: [],
  incomplete: false,
  problems: [],
  ...extra,
});

describe('serialiseSnapshot', () => {
  it('writes the exact deterministic JSON: contract key order, 2 spaces, trailing newline, lists sorted', () => {
    const snapshot = base({
      schemas: ['public', 'app'],
      relations: [
        table('public', 'b', {
          policies: [
            { name: 'z', command: 'all', permissive: true, roles: ['web', 'anon'], using: 'true', withCheck: null },
            { name: 'a', command: 'select', permissive: false, roles: ['public'], using: null, withCheck: null },
          ],
        }),
        table('app', 'a'),
      ],
      enums: [{ name: 'mood', values: ['sad', 'ok', 'happy'], schema: 'public' }],
      extensions: [
        { name: 'pgcrypto', schema: 'public', version: '1.3' },
        { name: 'citext', schema: 'public', version: '1.6' },
      ],
      problems: [{ message: 'type "vector" does not exist embedded, replaced by text.', kind: 'downgraded', line: 3, file: 'm/1.sql' }],
    });
    const column = (name: string, type: string, nullable: boolean, identity: string | null) =>
      `{\n          "name": "${name}",\n          "type": "${type}",\n          "nullable": ${nullable},\n          "default": null,\n          "identity": ${identity ? `"${identity}"` : 'null'},\n          "generated": null\n        }`;
    const columns = `[\n        ${column('id', 'integer', false, 'always')},\n        ${column('body', 'text', true, null)}\n      ]`;
    const expected = `{
  "version": 1,
  "source": {
    "kind": "live",
    "description": "postgres://app:***@db/app",
    "serverVersion": "15.8"
  },
  "searchPath": [
    "public"
  ],
  "schemas": [
    "app",
    "public"
  ],
  "relations": [
    {
      "schema": "app",
      "name": "a",
      "kind": "table",
      "columns": ${columns},
      "constraints": [],
      "indexes": [],
      "triggers": [],
      "policies": [],
      "rlsEnabled": false,
      "rlsForced": false
    },
    {
      "schema": "public",
      "name": "b",
      "kind": "table",
      "columns": ${columns},
      "constraints": [],
      "indexes": [],
      "triggers": [],
      "policies": [
        {
          "name": "a",
          "command": "select",
          "permissive": false,
          "roles": [
            "public"
          ],
          "using": null,
          "withCheck": null
        },
        {
          "name": "z",
          "command": "all",
          "permissive": true,
          "roles": [
            "anon",
            "web"
          ],
          "using": "true",
          "withCheck": null
        }
      ],
      "rlsEnabled": false,
      "rlsForced": false
    }
  ],
  "enums": [
    {
      "schema": "public",
      "name": "mood",
      "values": [
        "sad",
        "ok",
        "happy"
      ]
    }
  ],
  "domains": [],
  "compositeTypes": [],
  "functions": [],
  "sequences": [],
  "extensions": [
    {
      "name": "citext",
      "schema": "public",
      "version": "1.6"
    },
    {
      "name": "pgcrypto",
      "schema": "public",
      "version": "1.3"
    }
  ],
  "incomplete": false,
  "problems": [
    {
      "kind": "downgraded",
      "file": "m/1.sql",
      "line": 3,
      "message": "type \\"vector\\" does not exist embedded, replaced by text."
    }
  ]
}
`;
    expect(serialiseSnapshot(snapshot)).toBe(expected);
  });

  it('gives the same text whatever the order objects and keys came in', () => {
    const a = base({ relations: [table('public', 'x'), table('app', 'y')], schemas: ['public', 'app'] });
    const reordered = JSON.parse(JSON.stringify({ ...a, relations: [...a.relations].reverse(), schemas: ['app', 'public'] }), (_k, v) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    ) as SchemaSnapshot;
    expect(serialiseSnapshot(reordered)).toBe(serialiseSnapshot(a));
  });

  it('keeps ordered lists in their order: columns, enum values, the search path, problems', () => {
    const s = normaliseSnapshot(
      base({
        searchPath: ['public', 'extensions'],
        relations: [table('public', 't')],
        problems: [
          { kind: 'failed', message: 'second', file: 'b.sql', line: 1 },
          { kind: 'failed', message: 'first', file: 'a.sql', line: 9 },
        ],
      }),
    );
    expect(s.searchPath).toEqual(['public', 'extensions']);
    expect(s.relations[0]?.columns.map((c) => c.name)).toEqual(['id', 'body']);
    expect(s.problems.map((p) => p.message)).toEqual(['second', 'first']);
  });
});

describe('describeProblem', () => {
  const cases: { name: string; problem: SchemaProblem; line: string }[] = [
    {
      name: 'a failed statement: file, line, cause, statement',
      problem: { kind: 'failed', file: 'supabase/migrations/2_x.sql', line: 11, statement: 'create table broken (id int references nowhere (id))', message: 'relation "nowhere" does not exist' },
      line: 'supabase/migrations/2_x.sql:11: statement failed (relation "nowhere" does not exist): create table broken (id int references nowhere (id))',
    },
    {
      name: 'a long statement is cut',
      problem: { kind: 'downgraded', file: 'a.sql', line: 3, statement: `create table t (${'c int, '.repeat(20)}v vector(3))`, message: 'type "vector" does not exist embedded, replaced by text.' },
      line: `a.sql:3: statement downgraded (type "vector" does not exist embedded, replaced by text): create table t (${'c int, '.repeat(9)}…`,
    },
    {
      name: 'a problem without a place',
      problem: { kind: 'skipped', message: 'Row count of "public.t" skipped.' },
      line: 'statement skipped (Row count of "public.t" skipped)',
    },
  ];
  for (const c of cases) it(c.name, () => expect(describeProblem(c.problem)).toBe(c.line));
});

describe('readSnapshot / writeSnapshot', () => {
  it('round-trips through a file', () => {
    const dir = project({});
    const file = path.join(dir, 'nested', 'schema.snapshot.json');
    const snapshot = base({ relations: [table('public', 'notes')] });
    writeSnapshot(file, snapshot);
    expect(readFileSync(file, 'utf8')).toBe(serialiseSnapshot(snapshot));
    expect(readSnapshot(file)).toEqual(normaliseSnapshot(snapshot));
    expect(readdirSync(path.dirname(file))).toEqual(['schema.snapshot.json']);
  });

  const bad: { name: string; content: string | undefined; message: string }[] = [
    { name: 'a missing file', content: undefined, message: 'Cannot read snapshot db/snap.json (no such file)' },
    { name: 'not JSON', content: '{"version": 1,', message: 'Snapshot db/snap.json is not valid JSON (' },
    {
      name: 'another format version',
      content: JSON.stringify({ ...base(), version: 2 }),
      message: 'Snapshot db/snap.json has format version 2 (this dbref reads version 1; write it again with `dbref snapshot`)',
    },
    {
      name: 'a relation without columns',
      content: JSON.stringify(base({ relations: [{ ...table('public', 'x'), columns: 'id' as never }] })),
      message: 'Snapshot db/snap.json is not a dbref snapshot (relations.0.columns: must be array)',
    },
    {
      name: 'some other JSON file',
      content: JSON.stringify({ name: 'my-app', version: '1.0.0' }),
      message: 'Snapshot db/snap.json has format version "1.0.0"',
    },
  ];
  for (const c of bad) {
    it(`refuses ${c.name} with one line naming the file`, () => {
      const dir = project(c.content === undefined ? {} : { 'db/snap.json': c.content });
      let error: unknown;
      try {
        readSnapshot(path.join(dir, 'db/snap.json'), 'db/snap.json');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SourceError);
      expect((error as Error).message.startsWith(c.message)).toBe(true);
      expect((error as Error).message).not.toContain('\n');
    });
  }
});

describe('resolveSchemaSource', () => {
  it('reads a .json snapshot', async () => {
    const root = project({ 'schema.snapshot.json': serialiseSnapshot(base({ relations: [table('public', 'notes')] })) });
    const snapshot = await resolveSchemaSource('schema.snapshot.json', { cwd: root });
    expect(snapshot.relations.map((r) => r.name)).toEqual(['notes']);
  });

  it('narrows a .json snapshot to --schemas', async () => {
    const root = project({
      'snap.json': serialiseSnapshot(
        base({
          schemas: ['app', 'public'],
          relations: [table('public', 'notes'), table('app', 'accounts')],
          enums: [{ schema: 'app', name: 'mood', values: ['ok'] }],
        }),
      ),
    });
    const snapshot = await resolveSchemaSource('snap.json', { cwd: root, schemas: ['app'] });
    expect([snapshot.schemas, snapshot.relations.map((r) => `${r.schema}.${r.name}`), snapshot.enums.map((e) => e.name)]).toEqual([
      ['app'],
      ['app.accounts'],
      ['mood'],
    ]);
  });

  const errors: { name: string; files: Record<string, string>; spec: string | undefined; env?: NodeJS.ProcessEnv; message: string }[] = [
    {
      name: 'a path that does not exist',
      files: {},
      spec: 'db/missing',
      message: 'Schema source db/missing does not exist (expected a postgres:// URL, a migrations directory, a .sql file or a .json snapshot)',
    },
    {
      name: 'a directory without migrations',
      files: { 'docs/readme.md': '' },
      spec: 'docs',
      message: 'Schema source docs holds no migrations (looked for supabase/migrations, prisma/migrations, drizzle, migrations/committed (graphile-migrate), migrations, db/migrations, schema.sql, db/schema.sql, or *.sql files in it or its sub-folders)',
    },
    {
      name: 'a file of another kind',
      files: { 'schema.prisma': '' },
      spec: 'schema.prisma',
      message: 'Cannot tell what schema source schema.prisma is (expected a postgres:// URL, a migrations directory, a .sql file or a .json snapshot)',
    },
    {
      name: 'no source, no migrations, no DATABASE_URL',
      files: { 'src/index.ts': '' },
      spec: undefined,
      env: {},
      message: 'No schema source: no migrations in ',
    },
  ];
  for (const c of errors) {
    it(`refuses ${c.name} with a SourceError`, async () => {
      const root = project(c.files);
      const error = await resolveSchemaSource(c.spec, { cwd: root, env: c.env ?? {} }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceError);
      expect((error as Error).message.startsWith(c.message)).toBe(true);
    });
  }

  it('caches a snapshot built from migrations: the second run starts no PGlite, a changed file does', async () => {
    const root = project({
      'supabase/migrations/20240101000000_init.sql': 'create table public.notes (id uuid primary key references auth.users, body text);',
    });
    const before = embeddedStats.starts;
    const first = await resolveSchemaSource(undefined, { cwd: root, env: {} });
    expect(embeddedStats.starts).toBe(before + 1);
    const second = await resolveSchemaSource(undefined, { cwd: root, env: {} });
    expect(embeddedStats.starts).toBe(before + 1);
    expect(second).toEqual(first);
    expect(first.source.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(path.join(root, CACHE_DIR, '.gitignore'), 'utf8')).toBe('*\n');
    expect(existsSync(path.join(root, CACHE_DIR, 'snapshots', `${first.source.inputsHash}.json`))).toBe(true);

    // The same migrations named explicitly hit the same cache entry.
    await resolveSchemaSource('supabase/migrations', { cwd: root, env: {} });
    expect(embeddedStats.starts).toBe(before + 1);

    writeFileSync(path.join(root, 'supabase/migrations/20240102000000_more.sql'), 'alter table public.notes add column title text;');
    const third = await resolveSchemaSource(undefined, { cwd: root, env: {} });
    expect(embeddedStats.starts).toBe(before + 2);
    expect(third.source.inputsHash).not.toBe(first.source.inputsHash);
    expect(third.relations.find((r) => r.name === 'notes')?.columns.map((c) => c.name)).toEqual(['id', 'body', 'title']);

    await resolveSchemaSource(undefined, { cwd: root, env: {}, noCache: true });
    expect(embeddedStats.starts).toBe(before + 3);
  }, 180_000);
});
