import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { it } from 'vitest';

/** The admin URL of the machine's PostgreSQL (trust auth). Overridable for other machines. */
export const ADMIN_URL = process.env.DBREF_TEST_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let reachable: boolean | undefined;

/** Whether the test server answers. Under CI=true an unreachable server is an error, never a skip. */
export async function serverAvailable(): Promise<boolean> {
  if (reachable !== undefined) return reachable;
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    reachable = true;
  } catch (error) {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL test server unreachable at ${ADMIN_URL} (${(error as Error).message})`);
    reachable = false;
  } finally {
    await client.end().catch(() => {});
  }
  return reachable;
}

export function urlFor(database: string, user = 'postgres'): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  url.username = user;
  return url.toString();
}

export interface FreshDatabase {
  name: string;
  url: string;
  /** Runs SQL in the fresh database as the admin user. */
  exec(sql: string): Promise<void>;
  drop(): Promise<void>;
}

/** Creates a uniquely named database; the caller drops it (use in beforeAll/afterAll or try/finally). */
export async function createFreshDatabase(prefix = 'dbref_test'): Promise<FreshDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = urlFor(name);
  return {
    name,
    url,
    async exec(sql: string) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    },
    async drop() {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** `it` that needs the server: skipped locally when there is none, failing under CI=true. */
export const itWithServer = (name: string, fn: () => Promise<void>, timeout?: number) =>
  it(name, async (ctx) => {
    if (!(await serverAvailable())) {
      ctx.skip();
      return;
    }
    await fn();
  }, timeout);
