import { describe } from 'vitest';
import kysely from '../../rules/extractors/kysely/index.js';
import type { ValueHint } from '../../src/types.js';
import { testExtractor, type ExtractorCase } from '../helpers/extract.js';

/** A value hint at `line:column-endLine:endColumn` of the case's file. */
function v(kind: ValueHint['kind'], at: string, text?: string, file = 'src/example.ts'): ValueHint {
  const [line, column, endLine, endColumn] = at.split(/[:-]/).map(Number) as [number, number, number, number];
  return { kind, ...(text !== undefined ? { text } : {}), location: { file, line, column, endLine, endColumn } };
}

const cases: ExtractorCase[] = [
  {
    name: 'selectFrom with alias, join, select list, where and orderBy',
    code: [
      'import { Kysely } from \'kysely\';',
      'const db = new Kysely<DB>({ dialect });',
      'await db.selectFrom(\'person as p\').innerJoin(\'pet\', \'pet.owner_id\', \'p.id\')',
      '  .select([\'p.first_name as name\', \'pet.species\', \'age\']).where(\'p.age\', \'>\', 18).orderBy(\'p.age\', \'desc\').execute();',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'person' }, access: 'read', written: 'person', confidence: 'exact', loc: '3:22-3:28' },
      { kind: 'relation', relation: { schema: null, name: 'pet' }, access: 'read', written: 'pet', confidence: 'exact', loc: '3:47-3:50' },
      { kind: 'column', relation: { schema: null, name: 'pet' }, column: 'owner_id', access: 'read', written: 'owner_id', confidence: 'exact', loc: '3:58-3:66' },
      { kind: 'column', relation: { schema: null, name: 'person' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '3:72-3:74' },
      { kind: 'column', relation: { schema: null, name: 'person' }, column: 'first_name', access: 'read', written: 'first_name', confidence: 'exact', loc: '4:15-4:25' },
      { kind: 'column', relation: { schema: null, name: 'pet' }, column: 'species', access: 'read', written: 'species', confidence: 'exact', loc: '4:41-4:48' },
      { kind: 'column', relation: { schema: null, name: 'person' }, column: 'age', access: 'read', written: 'age', confidence: 'inferred', candidates: [{ schema: null, name: 'person' }, { schema: null, name: 'pet' }], loc: '4:52-4:55' },
      { kind: 'column', relation: { schema: null, name: 'person' }, column: 'age', access: 'read', written: 'age', confidence: 'exact', loc: '4:68-4:71', values: [v('integer', '4:79-4:81', '18')] },
      { kind: 'column', relation: { schema: null, name: 'person' }, column: 'age', access: 'read', written: 'age', confidence: 'exact', loc: '4:94-4:97' },
    ],
  },
  {
    name: 'insertInto values provide columns; returning',
    code: [
      'import { Kysely } from \'kysely\';',
      'const db = new Kysely<DB>({ dialect });',
      'await db.insertInto(\'person\').values([{ first_name: \'A\', age: 3 }, { first_name: \'B\', gender: \'f\' }]).returning(\'id\').executeTakeFirst();',
      'await db.insertInto(\'person\').values(row).execute();',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'person' }, access: 'insert', written: 'person', confidence: 'exact', provides: ['age', 'first_name', 'gender'], loc: '3:22-3:28' },
      { kind: 'column', relation: { schema: null, name: 'person' }, column: 'first_name', access: 'insert', written: 'first_name', confidence: 'exact', loc: '3:41-3:51', values: [v('string', '3:53-3:56', 'A')] },
      { kind: 'column', relation: { schema: null, name: 'person' }, column: 'age', access: 'insert', written: 'age', confidence: 'exact', loc: '3:58-3:61', values: [v('integer', '3:63-3:64', '3')] },
      { kind: 'column', relation: { schema: null, name: 'person' }, column: 'first_name', access: 'insert', written: 'first_name', confidence: 'exact', loc: '3:70-3:80', values: [v('string', '3:82-3:85', 'B')] },
      { kind: 'column', relation: { schema: null, name: 'person' }, column: 'gender', access: 'insert', written: 'gender', confidence: 'exact', loc: '3:87-3:93', values: [v('string', '3:95-3:98', 'f')] },
      { kind: 'column', relation: { schema: null, name: 'person' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '3:114-3:116' },
      { kind: 'relation', relation: { schema: null, name: 'person' }, access: 'insert', written: 'person', confidence: 'exact', loc: '4:22-4:28' },
    ],
  },
  {
    name: 'updateTable set and where in; deleteFrom in a transaction',
    code: [
      'import { Kysely } from \'kysely\';',
      'const db = new Kysely<DB>({ dialect });',
      'await db.updateTable(\'person\').set({ age: 4, updated_at: new Date() }).where(\'id\', \'in\', [1, 2]).execute();',
      'await db.transaction().execute(async (trx) => { await trx.deleteFrom(\'pet\').where(\'species\', \'=\', \'cat\').execute(); });',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'person' }, access: 'update', written: 'person', confidence: 'exact', loc: '3:23-3:29' },
      { kind: 'column', relation: { schema: null, name: 'person' }, column: 'age', access: 'update', written: 'age', confidence: 'exact', loc: '3:38-3:41', values: [v('integer', '3:43-3:44', '4')] },
      { kind: 'column', relation: { schema: null, name: 'person' }, column: 'updated_at', access: 'update', written: 'updated_at', confidence: 'exact', loc: '3:46-3:56', values: [v('date', '3:58-3:68')] },
      { kind: 'column', relation: { schema: null, name: 'person' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '3:79-3:81', values: [v('integer', '3:91-3:92', '1'), v('integer', '3:94-3:95', '2')] },
      { kind: 'relation', relation: { schema: null, name: 'pet' }, access: 'delete', written: 'pet', confidence: 'exact', loc: '4:71-4:74' },
      { kind: 'column', relation: { schema: null, name: 'pet' }, column: 'species', access: 'read', written: 'species', confidence: 'exact', loc: '4:84-4:91', values: [v('string', '4:99-4:104', 'cat')] },
    ],
  },
  {
    name: 'CTE names are not tables; callback query creators are followed',
    code: [
      'import { Kysely } from \'kysely\';',
      'const db = new Kysely<DB>({ dialect });',
      'await db.with(\'adults\', (qb) => qb.selectFrom(\'person\').select(\'id\').where(\'age\', \'>=\', 18))',
      '  .selectFrom(\'adults\').innerJoin(\'pet\', \'pet.owner_id\', \'adults.id\').select(\'pet.name\').execute();',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'pet' }, access: 'read', written: 'pet', confidence: 'exact', loc: '4:36-4:39' },
      { kind: 'column', relation: { schema: null, name: 'pet' }, column: 'owner_id', access: 'read', written: 'owner_id', confidence: 'exact', loc: '4:47-4:55' },
      { kind: 'column', relation: { schema: null, name: 'pet' }, column: 'name', access: 'read', written: 'name', confidence: 'exact', loc: '4:83-4:87' },
      { kind: 'relation', relation: { schema: null, name: 'person' }, access: 'read', written: 'person', confidence: 'exact', loc: '3:48-3:54' },
      { kind: 'column', relation: { schema: null, name: 'person' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '3:65-3:67' },
      { kind: 'column', relation: { schema: null, name: 'person' }, column: 'age', access: 'read', written: 'age', confidence: 'exact', loc: '3:77-3:80', values: [v('integer', '3:89-3:91', '18')] },
    ],
  },
  {
    name: 'an instance imported from a project module, withSchema, a stored query',
    filename: 'src/routes/users.ts',
    code: [
      'import { db } from \'@/db\';',
      'let query = db.withSchema(\'app\').selectFrom(\'accounts\').selectAll();',
      'if (email) query = query.where(\'email\', \'=\', email);',
      'const rows = await query.orderBy([\'created_at\']).execute();',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: 'app', name: 'accounts' }, access: 'read', written: 'accounts', confidence: 'exact', loc: '2:46-2:54' },
      { kind: 'column', relation: { schema: 'app', name: 'accounts' }, column: 'email', access: 'read', written: 'email', confidence: 'exact', loc: '3:33-3:38' },
      { kind: 'column', relation: { schema: 'app', name: 'accounts' }, column: 'created_at', access: 'read', written: 'created_at', confidence: 'exact', loc: '4:36-4:46' },
    ],
  },
  {
    name: 'parameters typed Kysely<DB> and this.db',
    code: [
      'import type { Kysely } from \'kysely\';',
      'export function find(k: Kysely<DB>) { return k.selectFrom(\'orders\').select(\'total\').execute(); }',
      'class Repo { constructor(private db: Kysely<DB>) {} all() { return this.db.deleteFrom(\'carts\').where(\'expired\', \'=\', true).execute(); } }',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'orders' }, access: 'read', written: 'orders', confidence: 'exact', loc: '2:60-2:66' },
      { kind: 'column', relation: { schema: null, name: 'orders' }, column: 'total', access: 'read', written: 'total', confidence: 'exact', loc: '2:77-2:82' },
      { kind: 'relation', relation: { schema: null, name: 'carts' }, access: 'delete', written: 'carts', confidence: 'exact', loc: '3:88-3:93' },
      { kind: 'column', relation: { schema: null, name: 'carts' }, column: 'expired', access: 'read', written: 'expired', confidence: 'exact', loc: '3:103-3:110', values: [v('boolean', '3:118-3:122')] },
    ],
  },
  {
    name: 'dynamic table names; unrelated receivers',
    code: [
      'import { Kysely } from \'kysely\';',
      'const db = new Kysely<DB>({ dialect });',
      'await db.selectFrom(table).select(\'id\').execute();',
      'other.selectFrom(\'users\'); Array.from(items); $(\'x\').select(\'a\');',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'table' }, access: 'read', written: 'table', confidence: 'dynamic', note: 'table name is not a constant', loc: '3:21-3:26' },
    ],
  },
  {
    name: 'prisma-extension-kysely: prisma.$kysely and a const bound to it are instances',
    code: [
      'import { prismaKy } from \'@acme/db\';',
      'await prismaKy.$kysely.selectFrom(\'Invoice as i\').select(\'i.total\').where(\'i.paid\', \'=\', false).execute();',
      'const k = prismaKy.$kysely;',
      'await k.deleteFrom(\'Draft\').where(\'stale\', \'=\', true).execute();',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'Invoice' }, access: 'read', written: 'Invoice', confidence: 'exact', quoted: true, loc: '2:36-2:43' },
      { kind: 'column', relation: { schema: null, name: 'Invoice' }, column: 'total', access: 'read', written: 'total', confidence: 'exact', loc: '2:61-2:66' },
      { kind: 'column', relation: { schema: null, name: 'Invoice' }, column: 'paid', access: 'read', written: 'paid', confidence: 'exact', loc: '2:78-2:82', values: [v('boolean', '2:90-2:95')] },
      { kind: 'relation', relation: { schema: null, name: 'Draft' }, access: 'delete', written: 'Draft', confidence: 'exact', quoted: true, loc: '4:21-4:26' },
      { kind: 'column', relation: { schema: null, name: 'Draft' }, column: 'stale', access: 'read', written: 'stale', confidence: 'exact', loc: '4:36-4:41', values: [v('boolean', '4:49-4:53')] },
    ],
  },
  {
    name: 'expression-builder callbacks: eb(...), eb.ref, destructured fn/eb, correlated subqueries',
    code: [
      'import { Kysely } from \'kysely\';',
      'const db = new Kysely<DB>({ dialect });',
      'await db.selectFrom(\'owner as o\')',
      '  .where((eb) => eb.or([eb(\'o.name\', \'=\', \'Ann\'), eb.exists(eb.selectFrom(\'pet as p\').whereRef(\'p.owner_id\', \'=\', \'o.id\'))]))',
      '  .where(\'o.born\', \'<\', (eb) => eb.ref(\'o.died\'))',
      '  .select(({ fn, eb: e }) => [\'o.city as town\', fn.max(\'o.age\').as(\'oldest\'), e.fn(\'upper\', [\'o.name\']).as(\'n\')])',
      '  .groupBy(\'o.city\').orderBy(\'oldest\', \'desc\').execute();',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'owner' }, access: 'read', written: 'owner', confidence: 'exact', loc: '3:22-3:27' },
      { kind: 'column', relation: { schema: null, name: 'owner' }, column: 'born', access: 'read', written: 'born', confidence: 'exact', loc: '5:13-5:17' },
      { kind: 'column', relation: { schema: null, name: 'owner' }, column: 'city', access: 'read', written: 'city', confidence: 'exact', loc: '6:34-6:38' },
      { kind: 'column', relation: { schema: null, name: 'owner' }, column: 'city', access: 'read', written: 'city', confidence: 'exact', loc: '7:15-7:19' },
      { kind: 'column', relation: { schema: null, name: 'owner' }, column: 'name', access: 'read', written: 'name', confidence: 'exact', loc: '4:31-4:35', values: [v('string', '4:43-4:48', 'Ann')] },
      { kind: 'relation', relation: { schema: null, name: 'pet' }, access: 'read', written: 'pet', confidence: 'exact', loc: '4:76-4:79' },
      { kind: 'column', relation: { schema: null, name: 'pet' }, column: 'owner_id', access: 'read', written: 'owner_id', confidence: 'exact', loc: '4:99-4:107' },
      { kind: 'column', relation: { schema: null, name: 'owner' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '4:118-4:120' },
      { kind: 'column', relation: { schema: null, name: 'owner' }, column: 'died', access: 'read', written: 'died', confidence: 'exact', loc: '5:43-5:47' },
      { kind: 'column', relation: { schema: null, name: 'owner' }, column: 'age', access: 'read', written: 'age', confidence: 'exact', loc: '6:59-6:62' },
      { kind: 'column', relation: { schema: null, name: 'owner' }, column: 'name', access: 'read', written: 'name', confidence: 'exact', loc: '6:97-6:101' },
    ],
  },
  {
    name: 'join callbacks, $if and $call continue the query; rows after execute are not columns',
    code: [
      'import { Kysely } from \'kysely\';',
      'const db = new Kysely<DB>({ dialect });',
      'await db.selectFrom(\'shop as s\').leftJoin(\'sale as x\', (join) => join.onRef(\'x.shop_id\', \'=\', \'s.id\').on(\'x.void\', \'=\', false))',
      '  .$if(recent, (qb) => qb.where(\'x.sold_at\', \'>\', since)).$call((qb) => qb.orderBy(\'s.rank\'))',
      '  .select(\'s.label\').execute().then((rows) => rows.map((r) => r.label));',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'shop' }, access: 'read', written: 'shop', confidence: 'exact', loc: '3:22-3:26' },
      { kind: 'relation', relation: { schema: null, name: 'sale' }, access: 'read', written: 'sale', confidence: 'exact', loc: '3:44-3:48' },
      { kind: 'column', relation: { schema: null, name: 'shop' }, column: 'label', access: 'read', written: 'label', confidence: 'exact', loc: '5:14-5:19' },
      { kind: 'column', relation: { schema: null, name: 'sale' }, column: 'shop_id', access: 'read', written: 'shop_id', confidence: 'exact', loc: '3:80-3:87' },
      { kind: 'column', relation: { schema: null, name: 'shop' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '3:98-3:100' },
      { kind: 'column', relation: { schema: null, name: 'sale' }, column: 'void', access: 'read', written: 'void', confidence: 'exact', loc: '3:109-3:113', values: [v('boolean', '3:121-3:126')] },
      { kind: 'column', relation: { schema: null, name: 'sale' }, column: 'sold_at', access: 'read', written: 'sold_at', confidence: 'exact', loc: '4:36-4:43' },
      { kind: 'column', relation: { schema: null, name: 'shop' }, column: 'rank', access: 'read', written: 'rank', confidence: 'exact', loc: '4:87-4:91' },
    ],
  },
  {
    name: 'parameters typed ExpressionBuilder/SelectQueryBuilder (through aliases), contextual callbacks, functions returning queries',
    code: [
      'import { Kysely, type ExpressionBuilder, type SelectQueryBuilder } from \'kysely\';',
      'const db = new Kysely<DB>({ dialect });',
      'type DocEb = ExpressionBuilder<DB, \'doc\'>;',
      'type DocQuery = SelectQueryBuilder<DB, \'doc\', any>;',
      'const byAuthor = (eb: DocEb, extra?: (web: ExpressionBuilder<DB, \'writer\'>) => unknown) =>',
      '  eb.exists(eb.selectFrom(\'writer\').whereRef(\'writer.id\', \'=\', \'doc.writer_id\'));',
      'const base = () => { let q = db.selectFrom(\'doc\').select(\'doc.id\'); q = q.where(\'lang\', \'=\', \'en\'); return q; };',
      'const typed = (q: DocQuery): DocQuery | null => q.where(\'doc.archived\', \'=\', false);',
      'await db.selectFrom(\'doc\').where((eb) => byAuthor(eb, (web) => web(\'email\', \'like\', \'%@x\'))).execute();',
      'const picked = flag ? typed(base()) : base();',
      'await picked.orderBy(\'doc.title\').execute();',
    ].join('\n'),
    references: [
      { kind: 'relation', relation: { schema: null, name: 'writer' }, access: 'read', written: 'writer', confidence: 'exact', loc: '6:28-6:34' },
      { kind: 'column', relation: { schema: null, name: 'writer' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '6:54-6:56' },
      { kind: 'column', relation: { schema: null, name: 'doc' }, column: 'writer_id', access: 'read', written: 'writer_id', confidence: 'exact', loc: '6:69-6:78' },
      { kind: 'relation', relation: { schema: null, name: 'doc' }, access: 'read', written: 'doc', confidence: 'exact', loc: '7:45-7:48' },
      { kind: 'column', relation: { schema: null, name: 'doc' }, column: 'id', access: 'read', written: 'id', confidence: 'exact', loc: '7:63-7:65' },
      { kind: 'column', relation: { schema: null, name: 'doc' }, column: 'lang', access: 'read', written: 'lang', confidence: 'exact', loc: '7:82-7:86', values: [v('string', '7:94-7:98', 'en')] },
      { kind: 'column', relation: { schema: null, name: 'doc' }, column: 'archived', access: 'read', written: 'archived', confidence: 'exact', loc: '8:62-8:70', values: [v('boolean', '8:78-8:83')] },
      { kind: 'relation', relation: { schema: null, name: 'doc' }, access: 'read', written: 'doc', confidence: 'exact', loc: '9:22-9:25' },
      { kind: 'column', relation: { schema: null, name: 'writer' }, column: 'email', access: 'read', written: 'email', confidence: 'exact', loc: '9:69-9:74', values: [v('string', '9:85-9:90', '%@x')] },
      { kind: 'column', relation: { schema: null, name: 'doc' }, column: 'title', access: 'read', written: 'title', confidence: 'exact', loc: '11:27-11:32' },
    ],
  },
];

describe('kysely extractor', () => {
  testExtractor(kysely, cases);
});
