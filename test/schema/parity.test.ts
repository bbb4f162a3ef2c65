import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { introspectUrl } from '../../src/schema/introspect.js';
import { serialiseSnapshot } from '../../src/schema/snapshot.js';
import { resolveSchemaSource } from '../../src/schema/source.js';
import type { SchemaSnapshot } from '../../src/types.js';
import { createFreshDatabase, itWithServer } from '../helpers/pg.js';

const FIXTURE_FILE = path.resolve(import.meta.dirname, '../fixtures/all-kinds.sql');
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
});
