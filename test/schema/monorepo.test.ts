import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findMigrationSetsBelow } from '../../src/schema/monorepo.js';
import { resolveSchemaSource } from '../../src/schema/source.js';

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
      'No schema source chosen: 2 sets of migrations in this project (packages/analytics/migrations (drizzle), packages/db/prisma/migrations (prisma)); pass --schema <dir> or set `schema` in dbref.config.mjs',
    );
  });
});
