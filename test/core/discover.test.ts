import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectPackages } from '../../src/detect.js';
import { decodeSource, discoverFiles } from '../../src/discover.js';
import { extractProject } from '../../src/run.js';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'dbref-discover-'));
  const write = (file: string, text: string | Buffer) => {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  write('package.json', JSON.stringify({ workspaces: ['packages/*'], dependencies: { pg: '8' } }));
  write('.gitignore', 'generated/\n');
  write('packages/api/package.json', JSON.stringify({ name: 'api' }));
  write('packages/web/package.json', JSON.stringify({ name: 'web', dependencies: { '@supabase/supabase-js': '2' } }));
  write('packages/web/src/lib/db/client.ts', 'export {};\n');
  write('packages/api/src/users.ts', "import { pool } from './db';\nexport const q = () => pool.query('SELECT email FROM users');\n");
  write('generated/client.ts', "pool.query('SELECT * FROM ignored_by_gitignore');\n");
  write('node_modules/pg/index.js', "pool.query('SELECT 1 FROM dependency');\n");
  write('src/binary.ts', Buffer.from([0x63, 0x6f, 0x00, 0x01, 0x02]));
  write('src/latin1.ts', Buffer.from([0x2f, 0x2f, 0x20, 0xe9, 0xe8, 0x0a]));
  write('src/utf16.ts', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("pool.query('SELECT id FROM accounts');\n", 'utf16le')]));
  write('src/huge.js', 'x'.repeat(3 * 1024 * 1024));
  write('src/min.js', `${'var a=1;'.repeat(4000)}pool.query('SELECT 1 FROM t');`);
  mkdirSync(join(root, 'src', 'loop'));
  symlinkSync(join(root, 'src'), join(root, 'src', 'loop', 'again'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('discovery', () => {
  it('respects .gitignore, skips dependencies and does not follow symlink loops', async () => {
    const found = await discoverFiles(root);
    expect(found.files).toEqual(['packages/api/src/users.ts', 'packages/web/src/lib/db/client.ts', 'src/binary.ts', 'src/huge.js', 'src/latin1.ts', 'src/min.js', 'src/utf16.ts']);
    expect(found.skipped).toEqual([]);
  });

  it('decodes UTF-8 and UTF-16 with a byte order mark; names binary and non-UTF-8 files', () => {
    expect(decodeSource(Buffer.from('héllo'))).toEqual({ text: 'héllo' });
    expect(decodeSource(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ok', 'utf16le')]))).toEqual({ text: 'ok' });
    expect(decodeSource(Buffer.from([0x61, 0x00, 0x62]))).toEqual({ reason: 'binary file' });
    const lateNul = Buffer.concat([Buffer.from(`const a = '${'x'.repeat(8000)}';\nconst b = '`), Buffer.from([0]), Buffer.from("';\n")]);
    expect(decodeSource(lateNul)).toEqual({ text: lateNul.toString('utf8') });
    expect(decodeSource(Buffer.from([0xe9, 0x0a]))).toEqual({ reason: 'not UTF-8 text' });
  });

  it('follows -r includes and the requirements/ folder of Python projects', () => {
    const py = mkdtempSync(join(tmpdir(), 'dbref-py-'));
    try {
      mkdirSync(join(py, 'requirements'));
      writeFileSync(join(py, 'requirements.txt'), '-r requirements/production.txt\n');
      writeFileSync(join(py, 'requirements', 'production.txt'), '-r base.txt\ngunicorn==22.0\n');
      writeFileSync(join(py, 'requirements', 'base.txt'), 'Django>=5.0  # web\npsycopg[binary]==3.2\n');
      writeFileSync(join(py, 'requirements', 'local.txt'), 'django_debug_toolbar\n');
      expect([...detectPackages(py, ['app/models.py'])].sort()).toEqual(['django', 'django-debug-toolbar', 'gunicorn', 'psycopg']);
    } finally {
      rmSync(py, { recursive: true, force: true });
    }
  });

  it('reads the workspace root manifest when the project is a workspace package', () => {
    expect([...detectPackages(join(root, 'packages', 'api'), ['src/users.ts'])]).toEqual(['pg']);
  });

  it("reads a workspace package's manifest above the folders that hold its sources", () => {
    expect([...detectPackages(root, ['packages/web/src/lib/db/client.ts'])].sort()).toEqual(['@supabase/supabase-js', 'pg']);
  });

  it('lists bad files as skipped with their reason and goes on with the rest', async () => {
    const result = await extractProject({ root, cache: false });
    expect(result.skipped).toEqual([
      { file: 'src/binary.ts', reason: 'binary file' },
      { file: 'src/huge.js', reason: 'too large (3.0 MB; generated or minified code is not analysed)' },
      { file: 'src/latin1.ts', reason: 'not UTF-8 text' },
      { file: 'src/min.js', reason: 'minified code is not analysed' },
    ]);
    expect(result.references.map((r) => `${r.location.file}:${r.location.line}:${r.location.column} ${r.kind} ${r.relation.name}${r.column ? `.${r.column}` : ''}`)).toEqual([
      'packages/api/src/users.ts:2:43 column users.email',
      'packages/api/src/users.ts:2:54 relation users',
      'src/utf16.ts:1:20 column accounts.id',
      'src/utf16.ts:1:28 relation accounts',
    ]);
  });
});
