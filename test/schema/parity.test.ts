import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { introspectUrl } from '../../src/schema/introspect.js';
import { serialiseSnapshot } from '../../src/schema/snapshot.js';
import { resolveSchemaSource } from '../../src/schema/source.js';
import type { SchemaSnapshot } from '../../src/types.js';
import { createFreshDatabase, itWithServer } from '../helpers/pg.js';

const FIXTURE_FILE = path.resolve(import.meta.dirname, '../fixtures/all-kinds.sql');
// pg_dump ships with every PostgreSQL server install; CI has one, so there its absence is an error.
const hasPgDump = spawnSync('pg_dump', ['--version']).status === 0;
if (!hasPgDump && process.env.CI === 'true') throw new Error('pg_dump not found on PATH (needed by test/schema/parity.test.ts)');
const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/**
 * What may differ between the two paths, in one place:
 * - `source` (live URL and server 15 vs the file and PGlite 18);
 * - extension versions: the contrib modules of PostgreSQL 15 and 18 are different releases;
 * - postgres_fdw: PGlite does not ship it, so its server and foreign table cannot exist embedded. The embedded
 *   snapshot says so in `problems` and `incomplete`, asserted exactly below; the rest must match object by object.
 */
function comparable(snapshot: SchemaSnapshot, options: { withoutFdw: boolean }) {
  const { source: _source, incomplete: _incomplete, problems: _problems, ...rest } = JSON.parse(serialiseSnapshot(snapshot)) as SchemaSnapshot;
  return {
    ...rest,
    relations: rest.relations.filter((r) => !(options.withoutFdw && r.kind === 'foreign-table')),
    extensions: rest.extensions.filter((e) => !(options.withoutFdw && e.name === 'postgres_fdw')).map(({ name, schema }) => ({ name, schema })),
  };
}

describe('live and embedded snapshots of the same DDL', () => {
  itWithServer(
    'test/fixtures/all-kinds.sql on the real server (PostgreSQL 15) and replayed embedded (PGlite 18) give the same snapshot',
    async () => {
      const ddl = readFileSync(FIXTURE_FILE, 'utf8');
      const live = await createFreshDatabase('dbref_parity');
      try {
        await live.exec(ddl);
        const fromServer = await introspectUrl(live.url);

        // The file found as the project's schema.sql, as `dbref check` with no flags would.
        const root = mkdtempSync(path.join(tmpdir(), 'dbref-parity-'));
        temporary.push(root);
        copyFileSync(FIXTURE_FILE, path.join(root, 'schema.sql'));
        const embedded = await resolveSchemaSource(undefined, { cwd: root, env: {} });

        expect(fromServer.source.serverVersion).toMatch(/^15\./);
        expect(embedded.source).toMatchObject({ kind: 'sql-file', description: 'schema.sql', layout: 'dump', serverVersion: '18.6' });
        expect(embedded.problems).toEqual([
          {
            kind: 'skipped',
            file: 'schema.sql',
            line: 5,
            statement: 'CREATE EXTENSION postgres_fdw',
            message:
              'PGlite does not ship this extension (extension "postgres_fdw" is not available); objects that need it are downgraded or missing.',
          },
          {
            kind: 'failed',
            file: 'schema.sql',
            line: 53,
            statement: "CREATE SERVER archive FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'archive.invalid', dbname 'archive')",
            message: 'foreign-data wrapper "postgres_fdw" does not exist',
          },
          {
            kind: 'failed',
            file: 'schema.sql',
            line: 54,
            statement:
              "CREATE FOREIGN TABLE app.archived_accounts (id bigint NOT NULL, email text) SERVER archive OPTIONS (schema_name 'public', table_name 'accounts')",
            message: 'server "archive" does not exist',
          },
        ]);
        expect(embedded.incomplete).toBe(true);
        expect(fromServer.relations.filter((r) => r.kind === 'foreign-table').map((r) => `${r.schema}.${r.name}`)).toEqual(['app.archived_accounts']);

        expect(comparable(embedded, { withoutFdw: false })).toEqual(comparable(fromServer, { withoutFdw: true }));
      } finally {
        await live.drop();
      }
    },
    240_000,
  );

  itWithServer(
    'a pg_dump --schema-only of that database replays embedded to the same snapshot (owners, comments, empty search_path)',
    async () => {
      if (!hasPgDump) return;
      const live = await createFreshDatabase('dbref_parity_dump');
      try {
        await live.exec(readFileSync(FIXTURE_FILE, 'utf8'));
        await live.exec(`DO $$ BEGIN CREATE ROLE dbref_parity_owner; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
          ALTER TABLE app.accounts OWNER TO dbref_parity_owner;
          GRANT SELECT ON app.bookings TO dbref_parity_owner;
          COMMENT ON TABLE app.accounts IS 'Comptes ✓ (non-ASCII before later statements)';`);
        const fromServer = await introspectUrl(live.url);
        const dump = spawnSync('pg_dump', ['--schema-only', '--no-password', `--dbname=${live.url}`], { encoding: 'utf8' });
        expect(dump.status, dump.stderr).toBe(0);
        expect(dump.stdout).toContain("SELECT pg_catalog.set_config('search_path', '', false);");
        const root = mkdtempSync(path.join(tmpdir(), 'dbref-parity-dump-'));
        temporary.push(root);
        writeFileSync(path.join(root, 'prod.sql'), dump.stdout);
        const embedded = await resolveSchemaSource('prod.sql', { cwd: root, env: {} });
        // Only the foreign-data objects fail (PGlite has no postgres_fdw); owners, grants and comments apply.
        expect(embedded.problems.map((p) => `${p.kind}: ${p.statement?.slice(0, 40)}`)).toEqual([
          'skipped: CREATE EXTENSION IF NOT EXISTS postgres_',
          'skipped: COMMENT ON EXTENSION postgres_fdw IS \'fo',
          'failed: CREATE SERVER archive FOREIGN DATA WRAPP',
          'skipped: ALTER SERVER archive OWNER TO postgres',
          'failed: CREATE FOREIGN TABLE app.archived_accoun',
          'skipped: ALTER FOREIGN TABLE app.archived_account',
        ]);
        expect(comparable(embedded, { withoutFdw: false })).toEqual(comparable(fromServer, { withoutFdw: true }));
      } finally {
        await live.drop();
      }
    },
    240_000,
  );
});
