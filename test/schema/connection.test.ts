import { describe, expect, it } from 'vitest';
import { ConnectionError } from '../../src/errors.js';
import { connect, describeConnectionError, maskConnectionUrl, parseConnectionUrl } from '../../src/schema/connection.js';
import { introspectUrl } from '../../src/schema/introspect.js';
import { ADMIN_URL, itWithServer } from '../helpers/pg.js';

const PASSWORD = 's3cret-Pw';
const server = new URL(ADMIN_URL);
const hostPort = `${server.hostname}:${server.port || '5432'}`;

/** The one-line message a failed connect gives; fails the test if it is not a ConnectionError or leaks the password. */
async function connectError(url: string, timeout = 3000): Promise<string> {
  try {
    const client = await connect(url, { connectionTimeoutMillis: timeout });
    await client.end();
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectionError);
    const message = (error as Error).message;
    expect(message).not.toContain(PASSWORD);
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`connecting to ${maskConnectionUrl(url)} unexpectedly succeeded`);
}

describe('connection failures: one clear line, password masked', () => {
  it('refused port', async () => {
    expect(await connectError(`postgres://app:${PASSWORD}@127.0.0.1:1/db`)).toBe(
      'cannot connect to postgres://app:***@127.0.0.1:1/db (connection refused)',
    );
  });

  it('unknown host', async () => {
    expect(await connectError(`postgresql://app:${PASSWORD}@no-such-host.invalid:5432/db?sslmode=disable`)).toBe(
      'cannot connect to postgresql://app:***@no-such-host.invalid:5432/db?sslmode=disable (host not found)',
    );
  });

  itWithServer('nonexistent database', async () => {
    expect(await connectError(`postgres://postgres:${PASSWORD}@${hostPort}/dbref_no_such_database`)).toBe(
      `cannot connect to postgres://postgres:***@${hostPort}/dbref_no_such_database (database "dbref_no_such_database" does not exist)`,
    );
  });

  // The test server uses trust authentication on 127.0.0.1 (see pg_hba.conf), so a wrong password is accepted and
  // "password authentication failed" cannot be produced here. An authentication failure that does occur under trust
  // is an unknown role: it runs the same path (server error during the startup handshake) with a password in the URL.
  itWithServer('authentication failure for an unknown role', async () => {
    expect(await connectError(`postgres://dbref_no_such_role:${PASSWORD}@${hostPort}/postgres`)).toBe(
      `cannot connect to postgres://dbref_no_such_role:***@${hostPort}/postgres (role "dbref_no_such_role" does not exist)`,
    );
  });

  itWithServer('sslmode=require against a server without TLS', async () => {
    expect(await connectError(`postgres://postgres:${PASSWORD}@${hostPort}/postgres?sslmode=require`)).toBe(
      `cannot connect to postgres://postgres:***@${hostPort}/postgres?sslmode=require (the server does not support SSL; use sslmode=disable or prefer)`,
    );
  });

  itWithServer('sslmode=prefer falls back to a plain connection as libpq does', async () => {
    const client = await connect(`postgres://postgres:${PASSWORD}@${hostPort}/postgres?sslmode=prefer`);
    try {
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
  });

  it('introspectUrl passes the connection error through unchanged', async () => {
    await expect(introspectUrl(`postgres://app:${PASSWORD}@127.0.0.1:1/db`, { connectionTimeoutMillis: 2000 })).rejects.toThrow(
      new ConnectionError('cannot connect to postgres://app:***@127.0.0.1:1/db (connection refused)'),
    );
  });
});

describe('malformed URLs', () => {
  const cases: { name: string; url: string; message: string }[] = [
    {
      name: 'another scheme',
      url: `mysql://app:${PASSWORD}@host/db`,
      message: 'invalid connection URL mysql://app:***@host/db (unsupported scheme "mysql:", expected postgres:// or postgresql://)',
    },
    { name: 'no scheme', url: 'host/db', message: 'invalid connection URL host/db (expected postgres:// or postgresql://)' },
    {
      name: 'port not a number',
      url: `postgres://app:${PASSWORD}@host:port/db`,
      message: 'invalid connection URL postgres://app:***@host:port/db (not a valid URL)',
    },
    {
      name: 'unencoded # and @ in the password are masked whole',
      url: 'postgres://app:pa#ss@w0rd@host/db',
      message: 'invalid connection URL postgres://app:***@host/db (not a valid URL)',
    },
    {
      name: 'unknown sslmode',
      url: `postgres://app:${PASSWORD}@host/db?sslmode=maybe`,
      message:
        'invalid connection URL postgres://app:***@host/db?sslmode=maybe (unknown sslmode "maybe", expected one of disable, allow, prefer, require, verify-ca, verify-full, no-verify)',
    },
    {
      name: 'password as a query parameter',
      url: `postgres://host/db?password=${PASSWORD}&sslmode=sometimes`,
      message:
        'invalid connection URL postgres://host/db?password=***&sslmode=sometimes (unknown sslmode "sometimes", expected one of disable, allow, prefer, require, verify-ca, verify-full, no-verify)',
    },
    {
      name: 'verify-ca without a root certificate',
      url: `postgres://app:${PASSWORD}@host/db?sslmode=verify-ca`,
      message: 'invalid connection URL postgres://app:***@host/db?sslmode=verify-ca (sslmode=verify-ca requires sslrootcert)',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      expect(() => parseConnectionUrl(c.url)).toThrow(new ConnectionError(c.message));
      expect(await connectError(c.url)).toBe(c.message);
    });
  }
});

describe('parseConnectionUrl follows libpq conventions', () => {
  const cases: { name: string; url: string; config: Record<string, unknown> }[] = [
    {
      name: 'postgres:// with every part, percent-encoded password',
      url: 'postgres://app:p%40ss@db.example.test:6543/shop',
      config: { user: 'app', password: 'p@ss', host: 'db.example.test', port: 6543, database: 'shop' },
    },
    {
      name: 'postgresql:// scheme, defaults left to pg',
      url: 'postgresql://db.example.test/shop',
      config: { host: 'db.example.test', database: 'shop' },
    },
    { name: 'sslmode=disable', url: 'postgres://h/d?sslmode=disable', config: { host: 'h', database: 'd', ssl: false } },
    { name: 'sslmode=allow is plain', url: 'postgres://h/d?sslmode=allow', config: { host: 'h', database: 'd', ssl: false } },
    { name: 'sslmode=prefer encrypts without verifying', url: 'postgres://h/d?sslmode=prefer', config: { host: 'h', database: 'd', ssl: { rejectUnauthorized: false } } },
    { name: 'sslmode=require encrypts without verifying', url: 'postgres://h/d?sslmode=require', config: { host: 'h', database: 'd', ssl: { rejectUnauthorized: false } } },
    { name: 'sslmode=verify-full verifies', url: 'postgres://h/d?sslmode=verify-full', config: { host: 'h', database: 'd', ssl: {} } },
    { name: 'sslmode=no-verify for hosted providers', url: 'postgres://h/d?sslmode=no-verify', config: { host: 'h', database: 'd', ssl: { rejectUnauthorized: false } } },
    {
      name: 'unix socket directory as host parameter',
      url: 'postgres:///shop?host=/var/run/postgresql',
      config: { host: '/var/run/postgresql', database: 'shop' },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { config } = parseConnectionUrl(c.url);
      const defined = Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
      expect(defined).toEqual(c.config);
    });
  }
});

describe('describeConnectionError', () => {
  // Errors shaped as pg and Node raise them, for causes the test server cannot produce (trust auth, no TLS, no DNS).
  const cases: { name: string; error: unknown; reason: string }[] = [
    {
      name: 'wrong password (SQLSTATE 28P01)',
      error: Object.assign(new Error('password authentication failed for user "app"'), { code: '28P01' }),
      reason: 'password authentication failed for user "app"',
    },
    { name: 'DNS failure while offline', error: Object.assign(new Error('getaddrinfo EAI_AGAIN db'), { code: 'EAI_AGAIN' }), reason: 'host not found' },
    { name: 'pg connect timeout', error: new Error('Connection terminated due to connection timeout'), reason: 'timed out' },
    {
      name: 'localhost resolving to several addresses',
      error: Object.assign(new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })], '')),
      reason: 'connection refused',
    },
    {
      name: 'self-signed certificate suggests no-verify',
      error: Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }),
      reason: 'self-signed certificate in certificate chain; use sslmode=no-verify to skip certificate verification',
    },
  ];
  for (const c of cases) it(c.name, () => expect(describeConnectionError(c.error)).toBe(c.reason));
});
