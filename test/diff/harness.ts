import pg from 'pg';
import { diffSnapshots, type DiffResult } from '../../src/schema/diff.js';
import { generateMigration, type Migration } from '../../src/schema/ddl.js';
import { introspectUrl } from '../../src/schema/introspect.js';
import type { SchemaSnapshot } from '../../src/types.js';
import { createFreshDatabase, type FreshDatabase } from '../helpers/pg.js';

export interface Convergence {
  diff: DiffResult;
  migration: Migration;
  /** The first statement that failed, with the server's message. */
  applyError?: string;
  /** The diff between the migrated database and the target: empty when the migration converged. */
  residual: DiffResult;
  rowsBefore: Record<string, number>;
  rowsAfter: Record<string, number>;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('notice', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function rowCounts(url: string, snapshot: SchemaSnapshot): Promise<Record<string, number>> {
  return withClient(url, async (c) => {
    const counts: Record<string, number> = {};
    for (const r of snapshot.relations.filter((x) => x.kind === 'table')) {
      const q = `SELECT count(*)::int AS n FROM "${r.schema}"."${r.name}"`;
      counts[`${r.schema}.${r.name}`] = (await c.query<{ n: number }>(q)).rows[0]!.n;
    }
    return counts;
  });
}

/**
 * Loads `fromSql` (+ `seedSql`) and `toSql` into two fresh databases, migrates the first with dbref's SQL
 * (allowDestructive), and diffs again. The databases are dropped afterwards.
 */
export async function converge(fromSql: string, toSql: string, seedSql?: string): Promise<Convergence> {
  const dbs: FreshDatabase[] = [];
  try {
    const a = await createFreshDatabase('dbref_diff');
    dbs.push(a);
    const b = await createFreshDatabase('dbref_diff');
    dbs.push(b);
    await a.exec(fromSql);
    if (seedSql) await a.exec(seedSql);
    await b.exec(toSql);
    const from = await introspectUrl(a.url);
    const to = await introspectUrl(b.url);
    const diff = diffSnapshots(from, to);
    const migration = generateMigration(diff, from, to, { allowDestructive: true });
    const rowsBefore = await rowCounts(a.url, from);
    const applyError = await withClient(a.url, async (c) => {
      for (const s of migration.statements) {
        try {
          await c.query(s.sql);
        } catch (error) {
          return `${(error as Error).message}\n${s.sql}`;
        }
      }
      return undefined;
    });
    const after = await introspectUrl(a.url);
    const residual = diffSnapshots(after, to);
    const rowsAfter = await rowCounts(a.url, after);
    return { diff, migration, residual, rowsBefore, rowsAfter, ...(applyError ? { applyError } : {}) };
  } finally {
    for (const db of dbs) await db.drop().catch(() => {});
  }
}

/** Rows of tables on both sides must survive: the counts of those tables, before and after. */
export function keptRows(c: Convergence): { before: Record<string, number>; after: Record<string, number> } {
  const before: Record<string, number> = {};
  const after: Record<string, number> = {};
  for (const [k, n] of Object.entries(c.rowsBefore)) {
    if (k in c.rowsAfter) {
      before[k] = n;
      after[k] = c.rowsAfter[k]!;
    }
  }
  return { before, after };
}
