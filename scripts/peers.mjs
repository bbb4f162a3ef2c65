#!/usr/bin/env node
// Peer corpus runner for `dbref diff` (issue 5): for each pg-delta case, on the real server, load `a` and `b`,
// apply dbref's migration a→b (allowDestructive) to a, check that a second diff is empty and seeded rows survive;
// then b→a. Usage: npx tsc -p tsconfig.build.json; npm run test:peers [-- --filter <substring>] [--verbose]
// Environment: DBREF_TEST_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres), DBREF_PEERS_DIR.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { introspectUrl } from '../dist/src/schema/introspect.js';
import { diffSnapshots } from '../dist/src/schema/diff.js';
import { generateMigration } from '../dist/src/schema/ddl.js';

const ADMIN_URL = process.env.DBREF_TEST_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DIR = process.env.DBREF_PEERS_DIR ?? new URL('../../shared/peer-fixtures/pg-delta/', import.meta.url).pathname;
const args = process.argv.slice(2);
const filter = args.includes('--filter') ? args[args.indexOf('--filter') + 1] : undefined;
const verbose = args.includes('--verbose');
const CONCURRENCY = Number(process.env.DBREF_PEERS_JOBS ?? 2);

// Categories (folder prefix before `--`) mapped to the object kinds dbref manages; null = kinds dbref does not manage.
const GROUPS = {
  'table-ops': 'tables', 'table-operations': 'tables', 'table-create': 'tables', 'partitioned-table-operations': 'tables',
  'empty-catalog-export': 'tables', 'catalog-diff': 'tables', 'mixed-objects': 'tables', 'complex-dependency-ordering': 'tables',
  'dependencies-cycles': 'tables', 'ordering-validation': 'tables', 'depend-extraction': 'tables', 'check-ordering': 'tables',
  'column-add': 'columns', 'column-type-change': 'columns', 'column-operations': 'columns', 'alter-table': 'columns',
  'alter-column-type': 'columns', 'defaults': 'columns', 'identity-operations': 'columns',
  'constraint-ops': 'constraints', 'fk-ordering': 'constraints', 'fk-pair': 'constraints', 'not-valid': 'constraints',
  'foreign-table-constraints': null,
  'index': 'indexes', 'index-operations': 'indexes', 'index-extension-deps': 'indexes',
  'type-ops': 'types', 'type-operations': 'types', 'domain-operations': 'types',
  'sequence-operations': 'sequences', 'sequence-ops': 'sequences', 'sequence-default': 'sequences',
  'view-operations': 'views', 'materialized-view-operations': 'views', 'view-on-new-table': 'views',
  'function-ops': 'functions', 'procedure-operations': 'functions', 'overloaded-fns': 'functions', 'table-fn-circular': 'functions',
  'table-fn-dep': 'functions', 'function-with-grant': 'functions',
  'trigger': 'triggers', 'trigger-operations': 'triggers', 'trigger-update-of-column-numbers': 'triggers',
  'rls-operations': 'policies', 'rls-policy': 'policies', 'policy-dependencies': 'policies',
  'alter-extension': 'extensions', 'extension-member': 'extensions',
};

async function admin(sql) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

function urlFor(name) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  client.on('notice', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function freshDb(sqlParts) {
  const name = `dbref_peer_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = urlFor(name);
  await withClient(url, async (c) => {
    for (const sql of sqlParts) if (sql) await c.query(sql);
  });
  const drop = async () => {
    // Subscriptions (some cases create them) keep a database from being dropped: detach them first.
    await withClient(url, async (c) => {
      const { rows } = await c.query(`SELECT quote_ident(s.subname) AS n FROM pg_subscription s JOIN pg_database d ON d.oid = s.subdbid WHERE d.datname = current_database()`);
      for (const { n } of rows) await c.query(`ALTER SUBSCRIPTION ${n} DISABLE; ALTER SUBSCRIPTION ${n} SET (slot_name = NONE); DROP SUBSCRIPTION ${n}`);
    }).catch(() => {});
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
  return { name, url, drop };
}

async function rowCounts(url, snapshot) {
  const counts = {};
  await withClient(url, async (c) => {
    for (const r of snapshot.relations.filter((x) => x.kind === 'table' || x.kind === 'partitioned-table')) {
      const q = `SELECT count(*)::int AS n FROM "${r.schema.replace(/"/g, '""')}"."${r.name.replace(/"/g, '""')}"`;
      counts[`${r.schema}.${r.name}`] = (await c.query(q)).rows[0].n;
    }
  });
  return counts;
}

function read(dir, file) {
  const path = join(dir, file);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** Migrates the database at `url` (snapshot `from`) to the schema `to`; checks convergence and seeded rows. */
async function direction(url, from, to, seeded) {
  try {
    const diff = diffSnapshots(from, to);
    if (diff.changes.length === 0) return { status: 'not-compared', reason: 'no difference in compared kinds' };
    const before = seeded ? await rowCounts(url, from) : {};
    const migration = generateMigration(diff, from, to, { allowDestructive: true });
    const failed = await withClient(url, async (c) => {
      for (const s of migration.statements) {
        try {
          await c.query(s.sql);
        } catch (e) {
          return `apply: ${e.message} in: ${s.sql.slice(0, 300)}`;
        }
      }
      return undefined;
    });
    if (failed) return { status: 'fail', reason: failed, sql: migration.sql };
    const after = await introspectUrl(url);
    const residual = diffSnapshots(after, to);
    if (residual.changes.length > 0) {
      const what = residual.changes.slice(0, 4).map((c) => `${c.change} ${c.objectKind} ${c.schema}.${c.details.table ? `${c.details.table}.` : ''}${c.name} ${c.details.fields ? JSON.stringify(c.details.fields).slice(0, 300) : ''}`);
      return { status: 'fail', reason: `residual: ${what.join('; ')}`, sql: migration.sql };
    }
    if (seeded) {
      const now = await rowCounts(url, after);
      const lost = Object.entries(before).filter(([k, n]) => n > 0 && k in now && now[k] !== n);
      if (lost.length > 0) return { status: 'fail', reason: `rows lost: ${lost.map(([k, n]) => `${k} ${n}→${now[k]}`).join(', ')}` };
    }
    return { status: 'pass' };
  } catch (e) {
    return { status: 'fail', reason: `error: ${e.message}` };
  }
}

function sameDump(urlA, urlB) {
  const dump = (url) => {
    try {
      const text = execFileSync('pg_dump', ['--schema-only', '--dbname', url], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
      return text.split('\n').filter((l) => l.trim() && !l.startsWith('--') && !/^\\(restrict|unrestrict) /.test(l)).sort().join('\n');
    } catch {
      return undefined;
    }
  };
  const a = dump(urlA);
  return a !== undefined && a === dump(urlB);
}

// Statements creating objects a SchemaSnapshot does not hold (the diff's notCompared list).
const UNMANAGED = [
  ['publications', /\bCREATE\s+PUBLICATION\b/i],
  ['subscriptions', /\bCREATE\s+SUBSCRIPTION\b/i],
  ['privileges', /\b(GRANT|REVOKE)\b|\bDEFAULT\s+PRIVILEGES\b/i],
  ['owners', /\bOWNER\s+TO\b/i],
  ['roles', /\b(CREATE|ALTER|DROP)\s+ROLE\b/i],
  ['comments', /\bCOMMENT\s+ON\b/i],
  ['aggregates', /\bCREATE\s+(OR\s+REPLACE\s+)?AGGREGATE\b/i],
  ['event triggers', /\bCREATE\s+EVENT\s+TRIGGER\b/i],
  ['rules', /\bCREATE\s+(OR\s+REPLACE\s+)?RULE\b/i],
  ['foreign data', /\b(FOREIGN\s+DATA\s+WRAPPER|CREATE\s+SERVER|USER\s+MAPPING|FOREIGN\s+TABLE)\b/i],
  ['collations', /\bCREATE\s+COLLATION\b/i],
  ['casts', /\bCREATE\s+CAST\b/i],
  ['operators', /\bCREATE\s+OPERATOR\b/i],
  ['text search', /\bTEXT\s+SEARCH\b/i],
  ['security labels', /\bSECURITY\s+LABEL\b/i],
  ['column storage / replica identity', /\bSET\s+STORAGE\b|\bREPLICA\s+IDENTITY\b|\bSET\s+STATISTICS\b|\bSET\s+COMPRESSION\b/i],
  ['inheritance', /\bINHERITS\s*\(/i],
  ['range and base types', /\bAS\s+RANGE\b|\bCREATE\s+TYPE\s+[\w.]+\s*\(/i],
];

function unmanagedKinds(...texts) {
  const sql = texts.filter(Boolean).join('\n').replace(/--[^\n]*/g, '');
  return UNMANAGED.filter(([, re]) => re.test(sql)).map(([kind]) => kind);
}

let serverMajor;
async function runCase(name) {
  const dir = join(DIR, name);
  const meta = read(dir, 'meta.json') ? JSON.parse(read(dir, 'meta.json')) : {};
  serverMajor ??= Math.floor(Number((await admin('SHOW server_version_num')).rows[0].server_version_num) / 10000);
  if (meta.minVersion && meta.minVersion > serverMajor) return { name, status: 'skipped', reason: `needs PostgreSQL ${meta.minVersion}` };
  const dbs = [];
  try {
    // Each state is loaded once with its seed rows; its snapshot, taken before any migration, is the other's target.
    const load = async (side, sql, seed) => {
      try {
        const db = await freshDb([sql]);
        dbs.push(db);
        if (seed) await withClient(db.url, (c) => c.query(seed));
        return db;
      } catch (e) {
        throw Object.assign(new Error(`load ${side}: ${e.message}`), { load: true });
      }
    };
    const A = await load('a', read(dir, 'a.sql') ?? '', read(dir, 'seed.sql'));
    const B = await load('b', read(dir, 'b.sql') ?? '', read(dir, 'seed-b.sql'));
    const snapA = await introspectUrl(A.url);
    const snapB = await introspectUrl(B.url);
    const ab = await direction(A.url, snapA, snapB, !!read(dir, 'seed.sql'));
    const ba = await direction(B.url, snapB, snapA, !!read(dir, 'seed-b.sql'));
    const results = [ab, ba];
    let status;
    if (results.some((r) => r.status === 'fail')) status = 'fail';
    else if (results.every((r) => r.status === 'not-compared')) {
      // dbref sees no difference: a pass when the databases really are the same (sorted pg_dump), else not compared.
      status = sameDump(A.url, B.url) ? 'pass' : 'not-compared';
    }
    else status = 'pass';
    let reason = results.map((r, i) => (r.reason ? `${i === 0 ? 'a→b' : 'b→a'}: ${r.reason}` : '')).filter(Boolean).join(' | ');
    const unmanaged = unmanagedKinds(read(dir, 'a.sql'), read(dir, 'b.sql'));
    if (status !== 'pass' && unmanaged.length > 0) {
      // The case involves objects dbref does not compare (its notCompared list): not a pass, not a failure of the engine.
      reason = `involves ${unmanaged.join(', ')} (not compared); ${reason}`;
      status = 'not-compared';
    }
    return { name, status, reason, sql: results.find((r) => r.sql)?.sql };
  } catch (e) {
    return { name, status: e.load ? 'skipped' : 'fail', reason: e.message };
  } finally {
    for (const db of dbs) await db.drop().catch(() => {});
  }
}

const cases = readdirSync(DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && (!filter || d.name.includes(filter)))
  .map((d) => d.name)
  .sort();
const results = [];
let next = 0;
const started = Date.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < cases.length) {
      const name = cases[next++];
      const result = await runCase(name);
      results.push(result);
      if (results.length % 25 === 0) process.stderr.write(`${results.length}/${cases.length} cases\n`);
      if (verbose || result.status === 'fail') {
        console.log(`${result.status.padEnd(12)} ${name}${result.reason ? `  ${result.reason}` : ''}`);
        if (verbose && result.sql && result.status === 'fail') console.log(result.sql);
      }
    }
  }),
);

const byCategory = new Map();
for (const r of results) {
  const category = r.name.split('--')[0];
  const entry = byCategory.get(category) ?? { pass: 0, fail: 0, 'not-compared': 0, skipped: 0 };
  entry[r.status]++;
  byCategory.set(category, entry);
}
console.log('\ncategory                               group        pass  fail  not-compared  skipped');
const totals = { managed: { pass: 0, fail: 0, nc: 0 }, other: { pass: 0, fail: 0, nc: 0 } };
for (const [category, e] of [...byCategory].sort(([x], [y]) => x.localeCompare(y))) {
  const group = GROUPS[category] ?? null;
  const t = group ? totals.managed : totals.other;
  t.pass += e.pass;
  t.fail += e.fail;
  t.nc += e['not-compared'];
  console.log(`${category.padEnd(38)} ${(group ?? '(unmanaged)').padEnd(12)} ${String(e.pass).padStart(4)}  ${String(e.fail).padStart(4)}  ${String(e['not-compared']).padStart(12)}  ${String(e.skipped).padStart(7)}`);
}
const pct = (t) => (t.pass + t.fail === 0 ? 'n/a' : `${((100 * t.pass) / (t.pass + t.fail)).toFixed(1)} %`);
console.log(`\nmanaged categories: ${totals.managed.pass} pass, ${totals.managed.fail} fail, ${totals.managed.nc} not compared → pass rate ${pct(totals.managed)} (of compared cases)`);
console.log(`other categories:   ${totals.other.pass} pass, ${totals.other.fail} fail, ${totals.other.nc} not compared`);
console.log(`${results.length} cases in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exitCode = totals.managed.fail > 0 && totals.managed.pass / (totals.managed.pass + totals.managed.fail) < 0.95 ? 1 : 0;
