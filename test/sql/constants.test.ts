import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import rawSql from '../../rules/extractors/raw-sql/index.js';
import { createImportedConstantResolver } from '../../src/extract/constants.js';
import { extractFromSource } from '../../src/extract/file.js';
import { ensureSqlParser } from '../../src/sql/index.js';
import { compactReference } from '../helpers/extract.js';

const root = mkdtempSync(join(tmpdir(), 'dbref-constants-'));
const files: Record<string, string> = {
  'src/db/tables.ts': [
    "export const USERS = 'users';",
    "const PREFIX = 'app_';",
    'export const TABLES = { orders: `${PREFIX}orders`, audit: { log: PREFIX + "audit_log" } } as const;',
    'export default { sessions: "sessions" };',
    'export { PREFIX as TABLE_PREFIX };',
    'export const DYNAMIC = process.env.TABLE;',
  ].join('\n'),
  'src/db/index.ts': "export * from './tables';\nexport { USERS as PEOPLE } from './tables.js';",
  'src/db/cycle-a.ts': "import { B } from './cycle-b';\nexport const A = B;",
  'src/db/cycle-b.ts': "import { A } from './cycle-a';\nexport const B = A;",
  'src/lib/names.js': "import { TABLE_PREFIX } from '../db/tables';\nexport const ITEMS = TABLE_PREFIX + 'items';",
};
for (const [file, text] of Object.entries(files)) {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('createImportedConstantResolver', () => {
  const resolve = createImportedConstantResolver(root, [...Object.keys(files), 'src/routes/users.ts']);

  it.each([
    ['./../db/tables', 'USERS', 'users'],
    ['../db/tables.js', 'TABLES.orders', 'app_orders'],
    ['../db/tables', 'TABLES.audit.log', 'app_audit_log'],
    ['../db/tables', 'default.sessions', 'sessions'],
    ['../db/tables', 'TABLE_PREFIX', 'app_'],
    ['../db', 'USERS', 'users'],
    ['../db', 'PEOPLE', 'users'],
    ['@/db/tables', 'USERS', 'users'],
    ['../lib/names', 'ITEMS', 'app_items'],
  ])('%s exports %s = %s', (source, imported, value) => {
    expect(resolve('src/routes/users.ts', source, imported)).toBe(value);
  });

  it.each([
    ['../db/tables', 'DYNAMIC'],
    ['../db/tables', 'MISSING'],
    ['../db/cycle-a', 'A'],
    ['pg', 'Pool'],
    ['../db/nowhere', 'USERS'],
  ])('%s %s is not a constant', (source, imported) => {
    expect(resolve('src/routes/users.ts', source, imported)).toBeUndefined();
  });

  it('lets raw SQL name an imported table', async () => {
    await ensureSqlParser();
    const code = "import { USERS } from '../db/tables';\nawait pool.query(`SELECT id FROM ${USERS}`);";
    const result = extractFromSource('src/routes/users.ts', code, [rawSql], { packages: new Set(['pg']), resolveImported: resolve });
    expect(result.references.map(compactReference)).toEqual([
      { kind: 'column', relation: { schema: null, name: 'users' }, column: 'id', access: 'read', confidence: 'exact', written: 'id', loc: '2:26-2:28' },
      { kind: 'relation', relation: { schema: null, name: 'users' }, access: 'read', confidence: 'exact', written: 'users', loc: '2:36-2:41' },
    ]);
  });
});
