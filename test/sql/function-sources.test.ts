import { beforeAll, describe } from 'vitest';
import { ensureSqlParser } from '../../src/sql/index.js';
import { testSqlCases, type SqlCase } from './sql-cases.js';

// Functions in FROM are sources whose columns PostgreSQL names itself; none of them is a table column.
const cases: SqlCase[] = [
  {
    name: 'a function in FROM without a column list: its one column is named by the alias, not a table column',
    sql: 'SELECT array_agg(l) FROM prompts p LEFT JOIN LATERAL unnest(p.labels) AS l ON TRUE',
    references: [
      { kind: 'relation', relation: { schema: null, name: 'prompts' }, access: 'read', confidence: 'exact', written: 'prompts', loc: '1:26-1:33' },
      { kind: 'column', relation: { schema: null, name: 'prompts' }, column: 'labels', access: 'read', confidence: 'exact', written: 'p.labels', loc: '1:61-1:69' },
    ],
  },
  {
    name: 'generate_series AS g: g and g.g are its column',
    sql: 'SELECT g, g.g, n.id FROM generate_series(1, 3) AS g JOIN numbers n ON n.v = g',
    references: [
      { kind: 'column', relation: { schema: null, name: 'numbers' }, column: 'id', access: 'read', confidence: 'exact', written: 'n.id', loc: '1:16-1:20' },
      { kind: 'relation', relation: { schema: null, name: 'numbers' }, access: 'read', confidence: 'exact', written: 'numbers', loc: '1:58-1:65' },
      { kind: 'column', relation: { schema: null, name: 'numbers' }, column: 'v', access: 'read', confidence: 'exact', written: 'n.v', loc: '1:71-1:74' },
    ],
  },
  {
    name: 'the alias column list names a function column; other names stay candidates of the table',
    sql: 'SELECT val, name FROM items i, unnest(i.tags) AS u(val)',
    references: [
      { kind: 'column', relation: { schema: null, name: 'items' }, column: 'name', access: 'read', confidence: 'inferred', candidates: [{ schema: null, name: 'items' }], written: 'name', loc: '1:13-1:17' },
      { kind: 'relation', relation: { schema: null, name: 'items' }, access: 'read', confidence: 'exact', written: 'items', loc: '1:23-1:28' },
      { kind: 'column', relation: { schema: null, name: 'items' }, column: 'tags', access: 'read', confidence: 'exact', written: 'i.tags', loc: '1:39-1:45' },
    ],
  },
  {
    name: 'jsonb_array_elements AS elem: elem is its column',
    sql: "SELECT elem->>'name' FROM forms f, jsonb_array_elements(f.data) AS elem WHERE f.id = $1",
    references: [
      { kind: 'relation', relation: { schema: null, name: 'forms' }, access: 'read', confidence: 'exact', written: 'forms', loc: '1:27-1:32' },
      { kind: 'column', relation: { schema: null, name: 'forms' }, column: 'data', access: 'read', confidence: 'exact', written: 'f.data', loc: '1:57-1:63' },
      { kind: 'column', relation: { schema: null, name: 'forms' }, column: 'id', access: 'read', confidence: 'exact', written: 'f.id', loc: '1:79-1:83' },
    ],
  },
  {
    name: 'WITH ORDINALITY AS t(v, n) names the value and the ordinality',
    sql: 'SELECT v, n, position FROM steps s, unnest(s.names) WITH ORDINALITY AS t(v, n)',
    references: [
      { kind: 'column', relation: { schema: null, name: 'steps' }, column: 'position', access: 'read', confidence: 'inferred', candidates: [{ schema: null, name: 'steps' }], written: 'position', loc: '1:14-1:22' },
      { kind: 'relation', relation: { schema: null, name: 'steps' }, access: 'read', confidence: 'exact', written: 'steps', loc: '1:28-1:33' },
      { kind: 'column', relation: { schema: null, name: 'steps' }, column: 'names', access: 'read', confidence: 'exact', written: 's.names', loc: '1:44-1:51' },
    ],
  },
  {
    name: 'ROWS FROM of several functions: each column is named by its function, then ordinality',
    sql: 'SELECT unnest, generate_series, ordinality, x FROM t, ROWS FROM (unnest(t.a), generate_series(1, 2)) WITH ORDINALITY AS r',
    references: [
      { kind: 'column', relation: { schema: null, name: 't' }, column: 'x', access: 'read', confidence: 'inferred', candidates: [{ schema: null, name: 't' }], written: 'x', loc: '1:45-1:46' },
      { kind: 'relation', relation: { schema: null, name: 't' }, access: 'read', confidence: 'exact', written: 't', loc: '1:52-1:53' },
      { kind: 'column', relation: { schema: null, name: 't' }, column: 'a', access: 'read', confidence: 'exact', written: 't.a', loc: '1:73-1:76' },
    ],
  },
  {
    name: 'unnest of several arrays has one column per array, each named unnest',
    sql: 'SELECT unnest, x FROM t, unnest(t.a, t.b) AS u',
    references: [
      { kind: 'column', relation: { schema: null, name: 't' }, column: 'x', access: 'read', confidence: 'inferred', candidates: [{ schema: null, name: 't' }], written: 'x', loc: '1:16-1:17' },
      { kind: 'relation', relation: { schema: null, name: 't' }, access: 'read', confidence: 'exact', written: 't', loc: '1:23-1:24' },
      { kind: 'column', relation: { schema: null, name: 't' }, column: 'a', access: 'read', confidence: 'exact', written: 't.a', loc: '1:33-1:36' },
      { kind: 'column', relation: { schema: null, name: 't' }, column: 'b', access: 'read', confidence: 'exact', written: 't.b', loc: '1:38-1:41' },
    ],
  },
  {
    name: 'jsonb_each returns key and value; a column definition list names the columns',
    sql: 'SELECT key, value, e.key, a, b FROM configs c, jsonb_each(c.settings) AS e, jsonb_to_record(c.meta) AS x(a int, b text)',
    references: [
      { kind: 'relation', relation: { schema: null, name: 'configs' }, access: 'read', confidence: 'exact', written: 'configs', loc: '1:37-1:44' },
      { kind: 'column', relation: { schema: null, name: 'configs' }, column: 'settings', access: 'read', confidence: 'exact', written: 'c.settings', loc: '1:59-1:69' },
      { kind: 'column', relation: { schema: null, name: 'configs' }, column: 'meta', access: 'read', confidence: 'exact', written: 'c.meta', loc: '1:93-1:99' },
    ],
  },
  {
    name: 'a one-value function in FROM: to_tsquery(…) query',
    sql: "SELECT d.id FROM docs d, to_tsquery('english', $1) query WHERE d.tsv @@ query",
    references: [
      { kind: 'column', relation: { schema: null, name: 'docs' }, column: 'id', access: 'read', confidence: 'exact', written: 'd.id', loc: '1:8-1:12' },
      { kind: 'relation', relation: { schema: null, name: 'docs' }, access: 'read', confidence: 'exact', written: 'docs', loc: '1:18-1:22' },
      { kind: 'column', relation: { schema: null, name: 'docs' }, column: 'tsv', access: 'read', confidence: 'exact', written: 'd.tsv', loc: '1:64-1:69' },
    ],
  },
  {
    name: 'a user function in FROM has unknown columns: an unqualified column stays unresolved',
    sql: 'SELECT p.id, score FROM prompts p, LATERAL rank_prompt(p.id) AS r',
    references: [
      { kind: 'column', relation: { schema: null, name: 'prompts' }, column: 'id', access: 'read', confidence: 'exact', written: 'p.id', loc: '1:8-1:12' },
      { kind: 'relation', relation: { schema: null, name: 'prompts' }, access: 'read', confidence: 'exact', written: 'prompts', loc: '1:25-1:32' },
      { kind: 'function', relation: { schema: null, name: 'rank_prompt' }, access: 'call', confidence: 'exact', argCount: 1, written: 'rank_prompt', loc: '1:44-1:55' },
      { kind: 'column', relation: { schema: null, name: 'prompts' }, column: 'id', access: 'read', confidence: 'exact', written: 'p.id', loc: '1:56-1:60' },
    ],
  },
  {
    name: 'a SELECT * subquery has unknown columns: an unqualified column stays unresolved',
    sql: 'SELECT title FROM posts p JOIN (SELECT * FROM drafts) d ON d.post_id = p.id',
    references: [
      { kind: 'relation', relation: { schema: null, name: 'posts' }, access: 'read', confidence: 'exact', written: 'posts', loc: '1:19-1:24' },
      { kind: 'relation', relation: { schema: null, name: 'drafts' }, access: 'read', confidence: 'exact', written: 'drafts', loc: '1:47-1:53' },
      { kind: 'column', relation: { schema: null, name: 'posts' }, column: 'id', access: 'read', confidence: 'exact', written: 'p.id', loc: '1:72-1:76' },
    ],
  },
];

describe('analyzeSql: functions and other sources in FROM', () => {
  beforeAll(ensureSqlParser);
  testSqlCases(cases);
});
