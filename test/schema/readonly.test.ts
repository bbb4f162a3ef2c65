import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { introspectUrl, type Queryable } from '../../src/schema/introspect.js';
import type { SchemaSnapshot } from '../../src/types.js';
import { ADMIN_URL, createFreshDatabase, itWithServer, serverAvailable, urlFor, type FreshDatabase } from '../helpers/pg.js';

const FIXTURE = readFileSync(new URL('../fixtures/all-kinds.sql', import.meta.url), 'utf8');
const ROLE = `dbref_catalog_only_${randomBytes(3).toString('hex')}`;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface Observed {
  sql: string;
  readOnly: string;
  statementTimeout: string;
  lockTimeout: string;
}

/** Runs every introspection query through the same connection after asking that connection about its transaction. */
function observing(log: Observed[]) {
  return (db: Queryable): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      const { rows } = await db.query<Omit<Observed, 'sql'>>(
        `SELECT current_setting('transaction_read_only') AS "readOnly",
           current_setting('statement_timeout') AS "statementTimeout", current_setting('lock_timeout') AS "lockTimeout"`,
      );
      log.push({ sql, ...rows[0]! });
      return db.query<T>(sql, params);
    },
  });
}

let db: FreshDatabase | undefined;
let asAdmin: SchemaSnapshot;

beforeAll(async () => {
  if (!(await serverAvailable())) return;
  db = await createFreshDatabase('dbref_readonly');
  await db.exec(FIXTURE);
  // The role may log in and read the catalog; it has no privilege on any table, sequence or schema.
  await admin(`CREATE ROLE ${ROLE} LOGIN`);
  await db.exec(`REVOKE ALL ON SCHEMA public FROM PUBLIC`);
  asAdmin = await introspectUrl(db.url);
}, 60_000);

afterAll(async () => {
  await db?.drop();
  if (db) await admin(`DROP ROLE IF EXISTS ${ROLE}`);
});

describe('introspection never writes', () => {
  itWithServer('a catalog-only role sees the whole schema, every query inside a read-only transaction with timeouts', async () => {
    const url = urlFor(db!.name, ROLE);
    const privileges = new pg.Client({ connectionString: url });
    await privileges.connect();
    try {
      const { rows } = await privileges.query(
        `SELECT bool_or(has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE') OR has_any_column_privilege(c.oid, 'SELECT')) AS t,
           bool_or(has_schema_privilege(c.relnamespace, 'USAGE')) AS s,
           (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS su
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('app', 'public')`,
      );
      expect(rows).toEqual([{ t: false, s: false, su: false }]);
    } finally {
      await privileges.end();
    }

    const log: Observed[] = [];
    const { source, ...asRole } = await introspectUrl(url, { wrap: observing(log), rows: 'exact', statementTimeoutMillis: 30_000, lockTimeoutMillis: 2_000 });
    expect(source.description).toBe(url);

    expect(log.length).toBeGreaterThanOrEqual(13);
    for (const entry of log) {
      expect({ sql: entry.sql.slice(0, 40), readOnly: entry.readOnly, statementTimeout: entry.statementTimeout, lockTimeout: entry.lockTimeout }).toEqual({
        sql: entry.sql.slice(0, 40),
        readOnly: 'on',
        statementTimeout: '30s',
        lockTimeout: '2s',
      });
      expect(entry.sql).not.toMatch(/information_schema\.\w/i);
    }

    // pg_catalog shows the role everything the owner sees (information_schema would hide it); only row counts need SELECT.
    const { source: _adminSource, ...expected } = asAdmin;
    expect({ ...asRole, problems: [] }).toEqual(expected);
    expect(asRole.problems.map((p) => p.message)).toEqual(
      ['app.accounts', 'app.booking_counts', 'app.bookings', 'app.events', 'app.events_2024', 'app.events_2025', 'public.notes'].map(
        (name) => `Row count of "${name}" skipped (no SELECT privilege, or a materialized view not yet populated).`,
      ),
    );
  });

  itWithServer('the data is unchanged afterwards (rows and sequence positions)', async () => {
    const client = new pg.Client({ connectionString: db!.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT (SELECT count(*)::int FROM app.accounts) AS accounts, (SELECT last_value::text FROM app.invoice_no) AS invoice`,
      );
      expect(rows).toEqual([{ accounts: 2, invoice: '1000' }]);
    } finally {
      await client.end();
    }
  });
});
