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
];

describe('kysely extractor', () => {
  testExtractor(kysely, cases);
});
