import { beforeAll, describe, expect, it } from 'vitest';
import { ensureSqlParser, looksLikeSql } from '../../src/sql/index.js';
import { analyze, compact, testSqlCases, type SqlCase } from './sql-cases.js';

const cases: SqlCase[] = [
  {
    name: 'alias, schema and a compared string value',
    sql: "SELECT u.id, u.email FROM public.users AS u WHERE u.status = 'active'",
    references: [
      { kind: 'column', relation: { schema: 'public', name: 'users' }, column: 'id', access: 'read', confidence: 'exact', written: 'u.id', loc: '1:8-1:12' },
      { kind: 'column', relation: { schema: 'public', name: 'users' }, column: 'email', access: 'read', confidence: 'exact', written: 'u.email', loc: '1:14-1:21' },
      { kind: 'relation', relation: { schema: 'public', name: 'users' }, access: 'read', confidence: 'exact', written: 'public.users', loc: '1:27-1:39' },
      { kind: 'column', relation: { schema: 'public', name: 'users' }, column: 'status', access: 'read', confidence: 'exact', written: 'u.status', loc: '1:51-1:59', values: [{ kind: 'string', text: 'active', loc: '1:62-1:70' }] },
    ],
  },
  {
    name: 'a FROM item named alone is its whole row, not a column',
    sql: 'SELECT row_to_json(u), u.id FROM users u; SELECT json_agg(teams) FROM teams',
    references: [
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'id', access: 'read', confidence: 'exact', written: 'u.id', loc: '1:24-1:28' },
      { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'read', confidence: 'exact', written: 'users', loc: '1:34-1:39' },
      { kind: 'relation', relation: { schema: null, name: 'teams' }, access: 'read', confidence: 'exact', written: 'teams', loc: '1:71-1:76' },
    ],
  },
  {
    name: 'single-table scope resolves unqualified columns; ORDER BY a column',
    sql: 'SELECT id, name FROM users ORDER BY name',
    references: [
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '1:8-1:10' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'name', access: 'read', confidence: 'exact', written: 'name', loc: '1:12-1:16' },
      { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'read', confidence: 'exact', written: 'users', loc: '1:22-1:27' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'name', access: 'read', confidence: 'exact', written: 'name', loc: '1:37-1:41' },
    ],
  },
  {
    name: 'multi-table scope: unqualified column is inferred with candidates',
    sql: 'SELECT u.id, title FROM users u JOIN posts p ON p.user_id = u.id',
    references: [
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'id', access: 'read', confidence: 'exact', written: 'u.id', loc: '1:8-1:12' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'title', access: 'read', confidence: 'inferred', candidates: [{ schema: null, name: 'users' }, { schema: null, name: 'posts' }], written: 'title', loc: '1:14-1:19' },
      { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'read', confidence: 'exact', written: 'users', loc: '1:25-1:30' },
      { kind: 'relation', relation: { schema: null, name: 'posts' }, access: 'read', confidence: 'exact', written: 'posts', loc: '1:38-1:43' },
      { kind: 'column', relation: { schema: null, name: 'posts' }, column: 'user_id', access: 'read', confidence: 'exact', written: 'p.user_id', loc: '1:49-1:58' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'id', access: 'read', confidence: 'exact', written: 'u.id', loc: '1:61-1:65' },
    ],
  },
  {
    name: 'CTE names are not relations and CTE columns are not table columns',
    sql: 'WITH recent AS (SELECT id, created_at FROM orders) SELECT r.id, created_at FROM recent r',
    references: [
      { kind: 'column', relation: { schema: null, name: 'orders' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '1:24-1:26' },
      { kind: 'column', relation: { schema: null, name: 'orders' }, column: 'created_at', access: 'read', confidence: 'exact', written: 'created_at', loc: '1:28-1:38' },
      { kind: 'relation', relation: { schema: null, name: 'orders' }, access: 'read', confidence: 'exact', written: 'orders', loc: '1:44-1:50' },
    ],
  },
  {
    name: 'subquery in FROM: derived columns are not table columns',
    sql: 'SELECT s.n FROM (SELECT count(*) AS n, user_id FROM orders GROUP BY user_id) s WHERE s.user_id = 1',
    references: [
      { kind: 'column', relation: { schema: null, name: 'orders' }, column: 'user_id', access: 'read', confidence: 'exact', written: 'user_id', loc: '1:40-1:47' },
      { kind: 'relation', relation: { schema: null, name: 'orders' }, access: 'read', confidence: 'exact', written: 'orders', loc: '1:53-1:59' },
      { kind: 'column', relation: { schema: null, name: 'orders' }, column: 'user_id', access: 'read', confidence: 'exact', written: 'user_id', loc: '1:69-1:76' },
    ],
  },
  {
    name: 'subquery in WHERE has its own scope; SELECT * names no column',
    sql: 'SELECT * FROM users WHERE id IN (SELECT user_id FROM orders WHERE total > 10)',
    references: [
      { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'read', confidence: 'exact', written: 'users', loc: '1:15-1:20' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '1:27-1:29' },
      { kind: 'column', relation: { schema: null, name: 'orders' }, column: 'user_id', access: 'read', confidence: 'exact', written: 'user_id', loc: '1:41-1:48' },
      { kind: 'relation', relation: { schema: null, name: 'orders' }, access: 'read', confidence: 'exact', written: 'orders', loc: '1:54-1:60' },
      { kind: 'column', relation: { schema: null, name: 'orders' }, column: 'total', access: 'read', confidence: 'exact', written: 'total', loc: '1:67-1:72' },
    ],
  },
  {
    name: 'INSERT column list provides columns; RETURNING reads',
    sql: "INSERT INTO users (email, role) VALUES ($1, 'admin') RETURNING id",
    references: [
      { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'insert', confidence: 'exact', provides: ['email','role'], written: 'users', loc: '1:13-1:18' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'email', access: 'insert', confidence: 'exact', written: 'email', loc: '1:20-1:25' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'role', access: 'insert', confidence: 'exact', written: 'role', loc: '1:27-1:31', values: [{ kind: 'string', text: 'admin', loc: '1:45-1:52' }] },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '1:64-1:66' },
    ],
  },
  {
    name: 'INSERT without a column list provides nothing',
    sql: "INSERT INTO audit VALUES (1, 'x')",
    references: [
      { kind: 'relation', relation: { schema: null, name: 'audit' }, access: 'insert', confidence: 'exact', written: 'audit', loc: '1:13-1:18' },
    ],
  },
  {
    name: 'ON CONFLICT target, DO UPDATE SET and EXCLUDED',
    sql: 'INSERT INTO tags (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id',
    references: [
      { kind: 'relation', relation: { schema: null, name: 'tags' }, access: 'insert', confidence: 'exact', provides: ['name'], written: 'tags', loc: '1:13-1:17' },
      { kind: 'column', relation: { schema: null, name: 'tags' }, column: 'name', access: 'insert', confidence: 'exact', written: 'name', loc: '1:19-1:23' },
      { kind: 'column', relation: { schema: null, name: 'tags' }, column: 'name', access: 'read', confidence: 'exact', written: 'name', loc: '1:50-1:54' },
      { kind: 'column', relation: { schema: null, name: 'tags' }, column: 'name', access: 'update', confidence: 'exact', written: 'name', loc: '1:70-1:74' },
      { kind: 'column', relation: { schema: null, name: 'tags' }, column: 'name', access: 'read', confidence: 'exact', written: 'EXCLUDED.name', loc: '1:77-1:90' },
      { kind: 'column', relation: { schema: null, name: 'tags' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '1:101-1:103' },
    ],
  },
  {
    name: 'UPDATE SET columns with values',
    sql: "UPDATE users SET status = 'banned', updated_at = now() WHERE id = $1",
    references: [
      { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'update', confidence: 'exact', written: 'users', loc: '1:8-1:13' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'status', access: 'update', confidence: 'exact', written: 'status', loc: '1:18-1:24', values: [{ kind: 'string', text: 'banned', loc: '1:27-1:35' }] },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'updated_at', access: 'update', confidence: 'exact', written: 'updated_at', loc: '1:37-1:47' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '1:62-1:64' },
    ],
  },
  {
    name: 'DELETE',
    sql: 'DELETE FROM sessions WHERE expires_at < now()',
    references: [
      { kind: 'relation', relation: { schema: null, name: 'sessions' }, access: 'delete', confidence: 'exact', written: 'sessions', loc: '1:13-1:21' },
      { kind: 'column', relation: { schema: null, name: 'sessions' }, column: 'expires_at', access: 'read', confidence: 'exact', written: 'expires_at', loc: '1:28-1:38' },
    ],
  },
  {
    name: 'user functions are references, builtins are not',
    sql: "SELECT app.calc_score(u.id, 2), lower(u.email), coalesce(u.name, '') FROM users u",
    references: [
      { kind: 'function', relation: { schema: 'app', name: 'calc_score' }, access: 'call', confidence: 'exact', argCount: 2, written: 'app.calc_score', loc: '1:8-1:22' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'id', access: 'read', confidence: 'exact', written: 'u.id', loc: '1:23-1:27' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'email', access: 'read', confidence: 'exact', written: 'u.email', loc: '1:39-1:46' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'name', access: 'read', confidence: 'exact', written: 'u.name', loc: '1:58-1:64' },
      { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'read', confidence: 'exact', written: 'users', loc: '1:75-1:80' },
    ],
  },
  {
    name: 'quoted identifiers keep case',
    sql: 'SELECT "Users"."Email" FROM "Users"',
    references: [
      { kind: 'column', relation: { schema: null, name: 'Users' }, column: 'Email', access: 'read', confidence: 'exact', written: '"Users"."Email"', quoted: true, loc: '1:8-1:23' },
      { kind: 'relation', relation: { schema: null, name: 'Users' }, access: 'read', confidence: 'exact', written: '"Users"', quoted: true, loc: '1:29-1:36' },
    ],
  },
  {
    name: 'multibyte text before identifiers (UTF-8 byte offsets become string indices)',
    sql: 'SELECT \'héllo wörld\', "Ünïcode".ñame FROM "Ünïcode" WHERE ñame = \'ü\'',
    references: [
      { kind: 'column', relation: { schema: null, name: 'Ünïcode' }, column: 'ñame', access: 'read', confidence: 'exact', written: '"Ünïcode".ñame', loc: '1:23-1:37' },
      { kind: 'relation', relation: { schema: null, name: 'Ünïcode' }, access: 'read', confidence: 'exact', written: '"Ünïcode"', quoted: true, loc: '1:43-1:52' },
      { kind: 'column', relation: { schema: null, name: 'Ünïcode' }, column: 'ñame', access: 'read', confidence: 'exact', written: 'ñame', loc: '1:59-1:63', values: [{ kind: 'string', text: 'ü', loc: '1:66-1:69' }] },
    ],
  },
  {
    name: 'JOIN USING names the column on both sides',
    sql: 'SELECT a.id FROM a JOIN b USING (id)',
    references: [
      { kind: 'column', relation: { schema: null, name: 'a' }, column: 'id', access: 'read', confidence: 'exact', written: 'a.id', loc: '1:8-1:12' },
      { kind: 'relation', relation: { schema: null, name: 'a' }, access: 'read', confidence: 'exact', written: 'a', loc: '1:18-1:19' },
      { kind: 'relation', relation: { schema: null, name: 'b' }, access: 'read', confidence: 'exact', written: 'b', loc: '1:25-1:26' },
      { kind: 'column', relation: { schema: null, name: 'a' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '1:34-1:36' },
      { kind: 'column', relation: { schema: null, name: 'b' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '1:34-1:36' },
    ],
  },
  {
    name: 'DDL in application code; CREATE says it creates the relation, ALTER does not',
    sql: 'CREATE TABLE IF NOT EXISTS kv (k text PRIMARY KEY, v text); ALTER TABLE kv ADD COLUMN w text',
    references: [
      { kind: 'relation', relation: { schema: null, name: 'kv' }, access: 'ddl', confidence: 'exact', written: 'kv', creates: true, loc: '1:28-1:30' },
      { kind: 'relation', relation: { schema: null, name: 'kv' }, access: 'ddl', confidence: 'exact', written: 'kv', loc: '1:73-1:75' },
    ],
  },
  {
    name: 'CREATE FUNCTION run by the code says it creates the function; the body is not analysed',
    sql: "CREATE OR REPLACE FUNCTION pg_temp.to_ts(v text) RETURNS timestamptz LANGUAGE sql AS $$ SELECT v::timestamptz $$",
    references: [
      { kind: 'function', relation: { schema: 'pg_temp', name: 'to_ts' }, access: 'ddl', confidence: 'exact', written: 'pg_temp.to_ts', creates: true, loc: '1:28-1:41' },
    ],
  },
  {
    name: 'casts to user types are type references',
    sql: 'SELECT status::order_status FROM orders ORDER BY 1',
    references: [
      { kind: 'column', relation: { schema: null, name: 'orders' }, column: 'status', access: 'read', confidence: 'exact', written: 'status', loc: '1:8-1:14' },
      { kind: 'type', relation: { schema: null, name: 'order_status' }, access: 'read', confidence: 'exact', written: 'order_status', loc: '1:16-1:28' },
      { kind: 'relation', relation: { schema: null, name: 'orders' }, access: 'read', confidence: 'exact', written: 'orders', loc: '1:34-1:40' },
    ],
  },
  {
    name: 'a syntax error is an error and yields no references',
    sql: 'selec * form users',
    references: [

    ],
    errors: [expect.stringContaining('syntax error at or near "selec"')],
  },
  {
    name: 'empty text is neither',
    sql: '',
    references: [

    ],
  },
  {
    name: 'output aliases in GROUP BY are not columns',
    sql: 'SELECT count(*) AS total FROM users GROUP BY total',
    references: [
      { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'read', confidence: 'exact', written: 'users', loc: '1:31-1:36' },
    ],
  },
  {
    name: 'CALL with named arguments',
    sql: 'CALL refresh_stats(p_days => 7)',
    references: [
      { kind: 'function', relation: { schema: null, name: 'refresh_stats' }, access: 'call', confidence: 'exact', argCount: 1, argNames: ['p_days'], written: 'refresh_stats', loc: '1:6-1:19' },
    ],
  },
  {
    name: 'several statements',
    sql: 'SELECT 1; SELECT x FROM t2',
    references: [
      { kind: 'column', relation: { schema: null, name: 't2' }, column: 'x', access: 'read', confidence: 'exact', written: 'x', loc: '1:18-1:19' },
      { kind: 'relation', relation: { schema: null, name: 't2' }, access: 'read', confidence: 'exact', written: 't2', loc: '1:25-1:27' },
    ],
  },
  {
    name: 'DROP TABLE',
    sql: 'DROP TABLE IF EXISTS old_logs, archive.old_events',
    references: [
      { kind: 'relation', relation: { schema: null, name: 'old_logs' }, access: 'ddl', confidence: 'exact', written: 'old_logs', loc: '1:22-1:30' },
      { kind: 'relation', relation: { schema: 'archive', name: 'old_events' }, access: 'ddl', confidence: 'exact', written: 'archive.old_events', loc: '1:32-1:50' },
    ],
  },  {
    name: 'a string compared from the left is a value too',
    sql: "SELECT id FROM orders WHERE 'paid' = status",
    references: [
      { kind: 'column', relation: { schema: null, name: 'orders' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '1:8-1:10' },
      { kind: 'relation', relation: { schema: null, name: 'orders' }, access: 'read', confidence: 'exact', written: 'orders', loc: '1:16-1:22' },
      { kind: 'column', relation: { schema: null, name: 'orders' }, column: 'status', access: 'read', confidence: 'exact', written: 'status', loc: '1:38-1:44', values: [{ kind: 'string', text: 'paid', loc: '1:29-1:35' }] },
    ],
  },
  {
    name: 'UPDATE … FROM: unqualified columns in SET values are inferred',
    sql: 'UPDATE accounts a SET balance = balance - amount FROM transfers t WHERE t.account_id = a.id',
    references: [
      { kind: 'relation', relation: { schema: null, name: 'accounts' }, access: 'update', confidence: 'exact', written: 'accounts', loc: '1:8-1:16' },
      { kind: 'column', relation: { schema: null, name: 'accounts' }, column: 'balance', access: 'update', confidence: 'exact', written: 'balance', loc: '1:23-1:30' },
      { kind: 'column', relation: { schema: null, name: 'accounts' }, column: 'balance', access: 'read', confidence: 'inferred', candidates: [{ schema: null, name: 'accounts' }, { schema: null, name: 'transfers' }], written: 'balance', loc: '1:33-1:40' },
      { kind: 'column', relation: { schema: null, name: 'accounts' }, column: 'amount', access: 'read', confidence: 'inferred', candidates: [{ schema: null, name: 'accounts' }, { schema: null, name: 'transfers' }], written: 'amount', loc: '1:43-1:49' },
      { kind: 'relation', relation: { schema: null, name: 'transfers' }, access: 'read', confidence: 'exact', written: 'transfers', loc: '1:55-1:64' },
      { kind: 'column', relation: { schema: null, name: 'transfers' }, column: 'account_id', access: 'read', confidence: 'exact', written: 't.account_id', loc: '1:73-1:85' },
      { kind: 'column', relation: { schema: null, name: 'accounts' }, column: 'id', access: 'read', confidence: 'exact', written: 'a.id', loc: '1:88-1:92' },
    ],
  },
];

describe('analyzeSql', () => {
  beforeAll(ensureSqlParser);

  testSqlCases(cases);

  it('locates identifiers on later lines and after astral characters', () => {
    const sql = "SELECT '😀😀'\n  , o.total\nFROM shop.orders o";
    expect(analyze(sql).references.map(compact)).toEqual([
      { kind: 'column', relation: { schema: 'shop', name: 'orders' }, column: 'total', access: 'read', confidence: 'exact', written: 'o.total', loc: '2:5-2:12' },
      { kind: 'relation', relation: { schema: 'shop', name: 'orders' }, access: 'read', confidence: 'exact', written: 'shop.orders', loc: '3:6-3:17' },
    ]);
  });

  it('placeholders for names computed at run time make the relation and its columns dynamic', () => {
    const result = analyze('SELECT id FROM __dbref_dyn_0__ WHERE id = $1', { placeholders: ['tableName'] });
    expect(result.references.map(compact)).toEqual([
      { kind: 'column', relation: { schema: null, name: '${tableName}' }, column: 'id', access: 'read', confidence: 'dynamic', note: 'the table name is computed at run time', written: 'id', loc: '1:8-1:10' },
      { kind: 'relation', relation: { schema: null, name: '${tableName}' }, access: 'read', confidence: 'dynamic', note: 'the table name is computed at run time', written: '${tableName}', loc: '1:16-1:31' },
      { kind: 'column', relation: { schema: null, name: '${tableName}' }, column: 'id', access: 'read', confidence: 'dynamic', note: 'the table name is computed at run time', written: 'id', loc: '1:38-1:40' },
    ]);
  });

  it('dynamic: true marks every reference dynamic', () => {
    const result = analyze('DELETE FROM carts WHERE id = $1', { dynamic: true });
    expect(result.references.map((r) => [r.kind, r.written, r.confidence, r.note])).toEqual([
      ['relation', 'carts', 'dynamic', 'the query text is partly built at run time'],
      ['column', 'id', 'dynamic', 'the query text is partly built at run time'],
    ]);
  });

  it('never throws on arbitrary text', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const words = ['SELECT', 'FROM', 'WHERE', '(', ')', "'", '"', '$1', 'é', '😀', ';', ',', 'x', 'JOIN', 'ON', '=', '\0', '--', '/*', '$$', '\\'];
    for (let i = 0; i < 300; i++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 12) }, () => words[Math.floor(random() * words.length)]).join(' ');
      const result = analyze(text);
      expect(Array.isArray(result.references) && Array.isArray(result.errors)).toBe(true);
      if (result.errors.length > 0) expect(result.references).toEqual([]);
    }
    expect(analyze('\u0000\uffff\ud800 SELECT').errors).toEqual([expect.any(String)]);
  });

  it('reports a parser that was not loaded instead of throwing', async () => {
    await ensureSqlParser();
    expect(analyze('-- only a comment\n').errors).toEqual([]);
  });

  it('tells plausible SQL from other strings', () => {
    expect(['SELECT 1', '  with x as (select 1) select 1', '/* c */ INSERT INTO t VALUES (1)', '(select 1)', 'SELECT now()', 'select count(*) as n from t', 'UPDATE users u SET x = 1', 'SELECT id'].map(looksLikeSql)).toEqual([true, true, true, true, true, true, true, true]);
    expect(['selected items', 'Update your profile', 'users', 'delete', 'Select an option', 'Create a new account', 'with love'].map(looksLikeSql)).toEqual([false, false, false, false, false, false, false]);
  });
});
