import { describe } from 'vitest';
import knex from '../../rules/extractors/knex/index.js';
import type { ValueHint } from '../../src/types.js';
import { testExtractor, type ExtractorCase } from '../helpers/extract.js';

/** A value hint at `line:column-endLine:endColumn` of the case's file. */
function v(kind: ValueHint['kind'], at: string, text?: string, file = 'src/example.ts'): ValueHint {
  const [line, column, endLine, endColumn] = at.split(/[:-]/).map(Number) as [number, number, number, number];
  return { kind, ...(text !== undefined ? { text } : {}), location: { file, line, column, endLine, endColumn } };
}

const cases: ExtractorCase[] = [
  {
    name: 'aliases, joins and qualified columns resolve to their tables',
    code: [
      'import knex from \'knex\';',
      'const db = knex({ client: \'pg\', connection: process.env.DATABASE_URL });',
      'await db(\'users as u\').leftJoin(\'orders AS o\', \'o.user_id\', \'=\', \'u.id\')',
      '  .select(\'u.name\', \'o.total as amount\', \'u.*\').where(\'u.id\', 5).orderBy(\'o.created_at\', \'desc\');',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'read', written: 'users', confidence: 'exact', loc: '3:11-3:16' },
      { kind: 'relation', relation: { schema: null, name: 'orders' }, access: 'read', written: 'orders', confidence: 'exact', loc: '3:34-3:40' },
      { kind: 'column', relation: { schema: null, name: 'orders' }, column: 'user_id', access: 'read', written: 'user_id', confidence: 'exact', loc: '3:51-3:58' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '3:69-3:71' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'name', access: 'read', written: 'name', confidence: 'exact', loc: '4:14-4:18' },
      { kind: 'column', relation: { schema: null, name: 'orders' }, column: 'total', access: 'read', written: 'total', confidence: 'exact', loc: '4:24-4:29' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '4:58-4:60', values: [v('integer', '4:63-4:64', '5')] },
      { kind: 'column', relation: { schema: null, name: 'orders' }, column: 'created_at', access: 'read', written: 'created_at', confidence: 'exact', loc: '4:77-4:87' },
    ],
  },
  {
    name: 'unqualified columns in a join are inferred with candidates',
    code: [
      'import knex from \'knex\';',
      'const db = knex(config);',
      'await db.from(\'users\').join(\'orders\', \'orders.user_id\', \'users.id\').select(\'email\').whereIn(\'status\', [\'a\', \'b\']);',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'read', written: 'users', confidence: 'exact', loc: '3:16-3:21' },
      { kind: 'relation', relation: { schema: null, name: 'orders' }, access: 'read', written: 'orders', confidence: 'exact', loc: '3:30-3:36' },
      { kind: 'column', relation: { schema: null, name: 'orders' }, column: 'user_id', access: 'read', written: 'user_id', confidence: 'exact', loc: '3:47-3:54' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '3:64-3:66' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'email', access: 'read', written: 'email', confidence: 'inferred', candidates: [{ schema: null, name: 'users' }, { schema: null, name: 'orders' }], loc: '3:77-3:82' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'status', access: 'read', written: 'status', confidence: 'inferred', candidates: [{ schema: null, name: 'users' }, { schema: null, name: 'orders' }], loc: '3:94-3:100', values: [v('string', '3:104-3:107', 'a'), v('string', '3:109-3:112', 'b')] },
    ],
  },
  {
    name: 'insert into a schema-qualified table, with provides and returning',
    code: [
      'import knex from \'knex\';',
      'const db = knex(config);',
      'await db.insert([{ name: \'x\', age: 3 }, { name: \'y\', email }]).into(\'public.users\').returning([\'id\', \'name\']);',
      'await db(\'users\').insert({ ...row, name: \'z\' });',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: 'public', name: 'users' }, access: 'insert', written: 'public.users', confidence: 'exact', provides: ['age', 'email', 'name'], loc: '3:70-3:82' },
      { kind: 'column', relation: { schema: 'public', name: 'users' }, column: 'name', access: 'insert', written: 'name', confidence: 'exact', loc: '3:20-3:24', values: [v('string', '3:26-3:29', 'x')] },
      { kind: 'column', relation: { schema: 'public', name: 'users' }, column: 'age', access: 'insert', written: 'age', confidence: 'exact', loc: '3:31-3:34', values: [v('integer', '3:36-3:37', '3')] },
      { kind: 'column', relation: { schema: 'public', name: 'users' }, column: 'name', access: 'insert', written: 'name', confidence: 'exact', loc: '3:43-3:47', values: [v('string', '3:49-3:52', 'y')] },
      { kind: 'column', relation: { schema: 'public', name: 'users' }, column: 'email', access: 'insert', written: 'email', confidence: 'exact', loc: '3:54-3:59' },
      { kind: 'column', relation: { schema: 'public', name: 'users' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '3:97-3:99' },
      { kind: 'column', relation: { schema: 'public', name: 'users' }, column: 'name', access: 'read', written: 'name', confidence: 'exact', loc: '3:103-3:107' },
      { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'insert', written: 'users', confidence: 'exact', loc: '4:11-4:16' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'name', access: 'insert', written: 'name', confidence: 'exact', loc: '4:36-4:40', values: [v('string', '4:42-4:45', 'z')] },
    ],
  },
  {
    name: 'where objects, update, increment, delete and withSchema',
    code: [
      'import knex from \'knex\';',
      'const db = knex(config);',
      'await db(\'users\').where({ id: 1, \'users.active\': true }).update({ name: \'z\', updated_at: db.fn.now() });',
      'await db(\'stats\').increment(\'visits\', 1).where(\'day\', \'2024-05-01\');',
      'await db(\'sessions\').withSchema(\'auth\').whereNull(\'user_id\').del();',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'update', written: 'users', confidence: 'exact', loc: '3:11-3:16' },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '3:27-3:29', values: [v('integer', '3:31-3:32', '1')] },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'active', access: 'read', written: 'active', confidence: 'exact', loc: '3:41-3:47', values: [v('boolean', '3:50-3:54')] },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'name', access: 'update', written: 'name', confidence: 'exact', loc: '3:67-3:71', values: [v('string', '3:73-3:76', 'z')] },
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'updated_at', access: 'update', written: 'updated_at', confidence: 'exact', loc: '3:78-3:88' },
      { kind: 'relation', relation: { schema: null, name: 'stats' }, access: 'update', written: 'stats', confidence: 'exact', loc: '4:11-4:16' },
      { kind: 'column', relation: { schema: null, name: 'stats' }, column: 'visits', access: 'update', written: 'visits', confidence: 'exact', loc: '4:30-4:36' },
      { kind: 'column', relation: { schema: null, name: 'stats' }, column: 'day', access: 'read', written: 'day', confidence: 'exact', loc: '4:49-4:52', values: [v('date', '4:55-4:67', '2024-05-01')] },
      { kind: 'relation', relation: { schema: 'auth', name: 'sessions' }, access: 'delete', written: 'sessions', confidence: 'exact', loc: '5:11-5:19' },
      { kind: 'column', relation: { schema: 'auth', name: 'sessions' }, column: 'user_id', access: 'read', written: 'user_id', confidence: 'exact', loc: '5:52-5:59' },
    ],
  },
  {
    name: 'CommonJS require, knex parameter in a seed, transactions',
    filename: 'seeds/01_users.js',
    code: [
      'const knexFactory = require(\'knex\');',
      'const pg = knexFactory(config);',
      'exports.seed = async function (knex) { await knex(\'roles\').del(); };',
      'await pg.transaction(async (t) => { await t(\'audit\').insert({ action: \'x\' }); });',
      'const trx = await pg.transaction(); await trx.table(\'logs\').first(\'id\');',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'roles' }, access: 'delete', written: 'roles', confidence: 'exact', loc: '3:52-3:57' },
      { kind: 'relation', relation: { schema: null, name: 'audit' }, access: 'insert', written: 'audit', confidence: 'exact', provides: ['action'], loc: '4:46-4:51' },
      { kind: 'column', relation: { schema: null, name: 'audit' }, column: 'action', access: 'insert', written: 'action', confidence: 'exact', loc: '4:63-4:69', values: [v('string', '4:71-4:74', 'x', 'seeds/01_users.js')] },
      { kind: 'relation', relation: { schema: null, name: 'logs' }, access: 'read', written: 'logs', confidence: 'exact', loc: '5:54-5:58' },
      { kind: 'column', relation: { schema: null, name: 'logs' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '5:68-5:70' },
    ],
  },
  {
    name: 'a query kept in a variable and continued',
    code: [
      'import knex from \'knex\';',
      'const db = knex(config);',
      'const query = db(\'products\').select(\'id\');',
      'if (min) query.where(\'price\', \'>=\', min);',
      'query.orderBy([{ column: \'price\' }, \'name\']).groupBy(\'category\').pluck(\'sku\');',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'products' }, access: 'read', written: 'products', confidence: 'exact', loc: '3:19-3:27' },
      { kind: 'column', relation: { schema: null, name: 'products' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '3:38-3:40' },
      { kind: 'column', relation: { schema: null, name: 'products' }, column: 'price', access: 'read', written: 'price', confidence: 'exact', loc: '4:23-4:28' },
      { kind: 'column', relation: { schema: null, name: 'products' }, column: 'price', access: 'read', written: 'price', confidence: 'exact', loc: '5:27-5:32' },
      { kind: 'column', relation: { schema: null, name: 'products' }, column: 'name', access: 'read', written: 'name', confidence: 'exact', loc: '5:38-5:42' },
      { kind: 'column', relation: { schema: null, name: 'products' }, column: 'category', access: 'read', written: 'category', confidence: 'exact', loc: '5:55-5:63' },
      { kind: 'column', relation: { schema: null, name: 'products' }, column: 'sku', access: 'read', written: 'sku', confidence: 'exact', loc: '5:73-5:76' },
    ],
  },
  {
    name: 'an instance imported from a project module, CTEs are not tables, onConflict merge',
    code: [
      'import db from \'../db\';',
      'await db.with(\'recent\', db.raw(\'select 1\')).select(\'recent.id\').from(\'recent\');',
      'await db(\'tags\').insert({ slug: \'s\', label: \'L\' }).onConflict(\'slug\').merge([\'label\']);',
      'await db.count(\'id as n\').from(\'tags\').sum(\'uses\');',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'tags' }, access: 'insert', written: 'tags', confidence: 'exact', provides: ['label', 'slug'], loc: '3:11-3:15' },
      { kind: 'column', relation: { schema: null, name: 'tags' }, column: 'slug', access: 'insert', written: 'slug', confidence: 'exact', loc: '3:27-3:31', values: [v('string', '3:33-3:36', 's')] },
      { kind: 'column', relation: { schema: null, name: 'tags' }, column: 'label', access: 'insert', written: 'label', confidence: 'exact', loc: '3:38-3:43', values: [v('string', '3:45-3:48', 'L')] },
      { kind: 'column', relation: { schema: null, name: 'tags' }, column: 'slug', access: 'read', written: 'slug', confidence: 'exact', loc: '3:64-3:68' },
      { kind: 'column', relation: { schema: null, name: 'tags' }, column: 'label', access: 'update', written: 'label', confidence: 'exact', loc: '3:79-3:84' },
      { kind: 'relation', relation: { schema: null, name: 'tags' }, access: 'read', written: 'tags', confidence: 'exact', loc: '4:33-4:37' },
      { kind: 'column', relation: { schema: null, name: 'tags' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '4:17-4:19' },
      { kind: 'column', relation: { schema: null, name: 'tags' }, column: 'uses', access: 'read', written: 'uses', confidence: 'exact', loc: '4:45-4:49' },
    ],
  },
  {
    name: 'rows built with items.map(() => ({...})) provide their keys; batchInsert',
    code: [
      "import db from './db';",
      "await db('order_items').insert(items.map((i) => ({ order_id: id, quantity: i.q })));",
      "await db.batchInsert('logs', rows.map((r) => { return { line: r }; }), 100);",
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'order_items' }, access: 'insert', written: 'order_items', confidence: 'exact', provides: ['order_id', 'quantity'], loc: '2:11-2:22' },
      { kind: 'column', relation: { schema: null, name: 'order_items' }, column: 'order_id', access: 'insert', written: 'order_id', confidence: 'exact', loc: '2:52-2:60' },
      { kind: 'column', relation: { schema: null, name: 'order_items' }, column: 'quantity', access: 'insert', written: 'quantity', confidence: 'exact', loc: '2:66-2:74' },
      { kind: 'relation', relation: { schema: null, name: 'logs' }, access: 'insert', written: 'logs', confidence: 'exact', provides: ['line'], loc: '3:23-3:27' },
      { kind: 'column', relation: { schema: null, name: 'logs' }, column: 'line', access: 'insert', written: 'line', confidence: 'exact', loc: '3:57-3:61' },
    ],
  },
  {
    name: 'dynamic table names are one dynamic reference',
    code: [
      'import knex from \'knex\';',
      'const db = knex(config);',
      'await db(tableName).where(\'id\', 1);',
      'const T = \'events\';',
      'await db(T).select(\'kind\');',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'tableName' }, access: 'read', written: 'tableName', confidence: 'dynamic', note: 'table name is not a constant', loc: '3:10-3:19' },
      { kind: 'relation', relation: { schema: null, name: 'events' }, access: 'read', written: 'events', confidence: 'exact', loc: '5:10-5:11' },
      { kind: 'column', relation: { schema: null, name: 'events' }, column: 'kind', access: 'read', written: 'kind', confidence: 'exact', loc: '5:21-5:25' },
    ],
  },
  {
    name: 'raw, schema builder and unrelated receivers are not references',
    code: [
      'import knex from \'knex\';',
      'const db = knex(config);',
      'await db.raw(\'select * from users\');',
      'await db.schema.createTable(\'x\', (t) => t.increments());',
      'Array.from(items); other(\'users\').select(\'id\'); $(\'x\').select(\'a\'); builder.from(\'users\').where(\'id\', 1);',
    ].join('\n'),
    references: [],
  },
];

describe('knex extractor', () => {
  testExtractor(knex, cases);
});
