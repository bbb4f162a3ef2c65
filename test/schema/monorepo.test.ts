import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findMigrationSetsBelow } from '../../src/schema/monorepo.js';
import { resolveSchemaSource } from '../../src/schema/source.js';
import { runCli } from '../helpers/cli.js';

let root: string;
const write = (file: string, text = '') => {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'dbref-monorepo-'));
  write('package.json', JSON.stringify({ private: true, workspaces: ['apps/*', 'packages/*'] }));
  write('apps/web/src/page.ts', 'export {};\n');
  write('packages/db/prisma/schema.prisma', 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n');
  write('packages/db/prisma/migrations/20240101000000_init/migration.sql', 'CREATE TABLE "User" ("id" SERIAL PRIMARY KEY, "email" TEXT NOT NULL);\n');
  // Examples and test data are not the project's database.
  write('examples/demo/prisma/migrations/20240101000000_init/migration.sql', 'CREATE TABLE demo (id int);\n');
  write('packages/db/test/fixtures/supabase/migrations/20240101000000_x.sql', 'create table fixture (id int);\n');
  write('node_modules/some-lib/prisma/migrations/20240101000000_init/migration.sql', 'create table dep (id int);\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('migrations in the packages of a monorepo', () => {
  it('finds the one set of migrations below the root and replays it', async () => {
    expect(await findMigrationSetsBelow(root)).toEqual([
      { layout: 'prisma', root, files: ['packages/db/prisma/migrations/20240101000000_init/migration.sql'] },
    ]);
    const snapshot = await resolveSchemaSource(undefined, { cwd: root, env: {}, noCache: true });
    expect(snapshot.relations.map((r) => `${r.schema}.${r.name}`)).toEqual(['public.User']);
  }, 120_000);

  it('asks to choose when two packages hold migrations (a drizzle journal folder counts)', async () => {
    write('packages/analytics/migrations/0000_start.sql', 'CREATE TABLE "events" ("id" serial PRIMARY KEY);\n');
    write('packages/analytics/migrations/meta/_journal.json', JSON.stringify({ entries: [{ idx: 0, tag: '0000_start' }] }));
    expect((await findMigrationSetsBelow(root)).map((s) => `${s.layout} ${s.files.join(',')}`)).toEqual([
      'drizzle packages/analytics/migrations/0000_start.sql',
      'prisma packages/db/prisma/migrations/20240101000000_init/migration.sql',
    ]);
    await expect(resolveSchemaSource(undefined, { cwd: root, env: {} })).rejects.toThrow(
      'No schema source chosen: 2 sets of migrations in this project (packages/analytics/migrations (drizzle), packages/db/prisma/migrations (prisma)); pass --schema <dir> (repeat it to check against several), or set `schema` in dbref.config.mjs',
    );
  });

  it('checks against several sources merged, from repeated --schema or a config array', async () => {
    write('packages/analytics/migrations/0000_start.sql', 'CREATE TABLE "events" ("id" serial PRIMARY KEY, "name" text);\n');
    write('packages/analytics/migrations/meta/_journal.json', JSON.stringify({ entries: [{ idx: 0, tag: '0000_start' }] }));
    write('package.json', JSON.stringify({ private: true, workspaces: ['apps/*', 'packages/*'], dependencies: { pg: '8' } }));
    write(
      'apps/web/src/page.ts',
      "import { Pool } from 'pg';\nconst pool = new Pool();\nexport const q = () => pool.query('SELECT e.name, u.email, u.nickname FROM events e, \"User\" u');\n",
    );
    const merged = await resolveSchemaSource(['packages/db/prisma/migrations', 'packages/analytics/migrations'], { cwd: root, env: {} });
    expect(merged.relations.map((r) => `${r.schema}.${r.name}`)).toEqual(['public.User', 'public.events']);
    expect(merged.source.description).toBe('packages/db/prisma/migrations/20240101000000_init/migration.sql + packages/analytics/migrations/0000_start.sql');

    const expected = 'apps/web/src/page.ts\n  3:60  error  Column "nickname" does not exist on relation "public.User".  missing-column\n';
    const cli = await runCli(['check', '--schema', 'packages/db/prisma/migrations', '--schema', 'packages/analytics/migrations'], root);
    expect(cli.stderr).toBe('');
    expect(cli.stdout.slice(0, expected.length)).toBe(expected);
    write('dbref.config.mjs', "export default { schema: ['packages/db/prisma/migrations', 'packages/analytics/migrations'] };\n");
    const configured = await runCli(['check'], root);
    expect(configured.stdout.slice(0, expected.length)).toBe(expected);
    expect(configured.code).toBe(1);
  }, 180_000);

  it('knows a Prisma migrations folder under another name by its migration_lock.toml', async () => {
    rmSync(join(root, 'packages/db/prisma/migrations'), { recursive: true });
    write('packages/database/migration/migration_lock.toml', 'provider = "postgresql"\n');
    write('packages/database/migration/20240101000000_init/migration.sql', 'CREATE TABLE "Survey" ("id" TEXT PRIMARY KEY);\n');
    write('packages/database/migration/20240101000000_init/migration.ts', 'export const run = () => undefined;\n');
    expect(await findMigrationSetsBelow(root)).toEqual([
      { layout: 'prisma', root, files: ['packages/database/migration/20240101000000_init/migration.sql'] },
    ]);
  });
});
