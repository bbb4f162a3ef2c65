import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExtractionCache } from '../../src/extract/cache.js';
import { extractProject } from '../../src/run.js';

let root: string;
const write = (file: string, text: string) => {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
};
/** Relation references as `file:line:column name`. */
const relations = (result: Awaited<ReturnType<typeof extractProject>>) =>
  result.references.filter((r) => r.kind === 'relation').map((r) => `${r.location.file}:${r.location.line}:${r.location.column} ${r.relation.name}`);
type Entries = Record<string, { h: string; r?: unknown } | null>;
const readCacheFile = (name: string): { entries: Entries } | undefined => {
  try {
    return JSON.parse(readFileSync(join(root, '.dbref-cache', name), 'utf8')) as { entries: Entries };
  } catch {
    return undefined;
  }
};
/** The cache as the next run sees it: extract.json with its journal applied. */
const cacheEntries = () => {
  const entries = { ...readCacheFile('extract.json')!.entries };
  for (const [file, entry] of Object.entries(readCacheFile('extract.journal.json')?.entries ?? {})) {
    if (entry) entries[file] = entry;
    else delete entries[file];
  }
  return entries as Record<string, { h: string; r?: unknown }>;
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'dbref-extract-cache-'));
  write('package.json', JSON.stringify({ dependencies: { pg: '8' } }));
  write('src/users.ts', "import { Pool } from 'pg';\nconst pool = new Pool();\nexport const list = () => pool.query('SELECT id FROM users');\n");
  write('src/plain.ts', 'export const twice = (x: number) => x * 2;\n');
  write('src/tables.ts', "export const ORDERS = 'orders';\n");
  write(
    'src/orders.ts',
    "import { Pool } from 'pg';\nimport { ORDERS } from './tables';\nconst pool = new Pool();\nexport const all = () => pool.query(`SELECT id FROM ${ORDERS}`);\n",
  );
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('per-file extraction cache', () => {
  it('gives the same references from the cache as from a fresh extraction, and stores self-contained files only', async () => {
    const fresh = relations(await extractProject({ root, cache: false }));
    expect(fresh).toEqual(['src/orders.ts:4:55 orders', 'src/users.ts:3:54 users']);
    expect(relations(await extractProject({ root }))).toEqual(fresh);
    // orders.ts used a constant from tables.ts: its result depends on another file and is not stored.
    expect(Object.keys(cacheEntries()).sort()).toEqual(['src/plain.ts', 'src/tables.ts', 'src/users.ts']);
    expect(cacheEntries()['src/plain.ts']).not.toHaveProperty('r');
    expect(relations(await extractProject({ root }))).toEqual(fresh);
  });

  it('re-extracts a file whose content changed, even with the same size and mtime as before', async () => {
    await extractProject({ root });
    const before = ExtractionCache.open(root, { extractors: [], packages: [] });
    expect(before.get('src/users.ts')).toBeUndefined(); // another key: another cache
    const stamp = new Date('2024-01-01T00:00:00Z');
    utimesSync(join(root, 'src/users.ts'), stamp, stamp);
    await extractProject({ root });
    write('src/users.ts', "import { Pool } from 'pg';\nconst pool = new Pool();\nexport const list = () => pool.query('SELECT id FROM usors');\n");
    utimesSync(join(root, 'src/users.ts'), stamp, stamp);
    // Same size, same mtime: stat alone vouches for the old content (as ESLint's cache); a content-hash check
    // happens whenever size or mtime differ, and files read through readFile are always hashed.
    const bytes = readFileSync(join(root, 'src/users.ts'));
    const viaIndex = await extractProject({ root, readFile: (f) => (f === 'src/users.ts' ? bytes : readFileSync(join(root, f))) });
    expect(relations(viaIndex)).toEqual(['src/orders.ts:4:55 orders', 'src/users.ts:3:54 usors']);
    write('src/users.ts', "import { Pool } from 'pg';\nconst pool = new Pool();\nexport const list = () => pool.query('SELECT id FROM members');\n");
    expect(relations(await extractProject({ root }))).toEqual(['src/orders.ts:4:55 orders', 'src/users.ts:3:54 members']);
  });

  it('follows a change in a file whose constants another file imports', async () => {
    await extractProject({ root });
    write('src/tables.ts', "export const ORDERS = 'purchases';\n");
    expect(relations(await extractProject({ root }))).toEqual(['src/orders.ts:4:55 purchases', 'src/users.ts:3:54 users']);
  });

  it('starts empty when the cache file is corrupt, and prunes deleted files on whole-project runs', async () => {
    write('.dbref-cache/extract.json', '{not json');
    expect(relations(await extractProject({ root }))).toEqual(['src/orders.ts:4:55 orders', 'src/users.ts:3:54 users']);
    rmSync(join(root, 'src/plain.ts'));
    await extractProject({ root });
    expect(Object.keys(cacheEntries()).sort()).toEqual(['src/tables.ts', 'src/users.ts']);
    expect(readFileSync(join(root, '.dbref-cache', '.gitignore'), 'utf8')).toBe('*\n');
  });

  it('writes a few changed entries to a journal, not the whole cache, and folds a long journal back in', async () => {
    await extractProject({ root });
    const main = readFileSync(join(root, '.dbref-cache', 'extract.json'), 'utf8');
    write('src/users.ts', "import { Pool } from 'pg';\nconst pool = new Pool();\nexport const list = () => pool.query('SELECT id FROM members');\n");
    expect(relations(await extractProject({ root }))).toEqual(['src/orders.ts:4:55 orders', 'src/users.ts:3:54 members']);
    expect(readFileSync(join(root, '.dbref-cache', 'extract.json'), 'utf8')).toBe(main);
    expect(Object.keys(readCacheFile('extract.journal.json')!.entries)).toEqual(['src/users.ts']);
    // The next run reads the journal: the changed file is a hit, and nothing is written.
    expect(relations(await extractProject({ root }))).toEqual(['src/orders.ts:4:55 orders', 'src/users.ts:3:54 members']);
    for (let i = 0; i < 300; i++) write(`src/gen/plain${i}.ts`, `export const n${i} = ${i};\n`);
    await extractProject({ root });
    expect(readCacheFile('extract.journal.json')).toBeUndefined();
    expect(Object.keys(cacheEntries())).toHaveLength(303); // orders.ts depends on another file: never stored
    expect(cacheEntries()['src/users.ts']).toHaveProperty('r');
  });

  describe('in a git repository', () => {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    beforeEach(() => {
      git('init', '-q', '-b', 'main');
      git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'start');
      git('add', '-A');
      git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'files');
    });

    it("keys entries by git's blob id, which vouches for an unchanged tracked file without reading it", async () => {
      await extractProject({ root });
      const blob = git('hash-object', 'src/users.ts').trim();
      expect(cacheEntries()['src/users.ts']).toMatchObject({ h: blob });
      const packages = ['pg'];
      const cache = ExtractionCache.open(root, { extractors: (await extractProject({ root })).extractors, packages });
      rmSync(join(root, 'src/users.ts'));
      // The file is gone from disk: only the id can have answered.
      expect(cache.get('src/users.ts', { blob })?.references.map((r) => r.kind)).toEqual(['column', 'relation']);
      expect(cache.get('src/users.ts', { blob: '0'.repeat(40) })).toBeUndefined();
    });

    it('catches an edit that keeps the size and mtime, which git sees as a change', async () => {
      const stamp = new Date('2024-01-01T00:00:00Z');
      utimesSync(join(root, 'src/users.ts'), stamp, stamp);
      git('update-index', '--refresh');
      expect(relations(await extractProject({ root }))).toEqual(['src/orders.ts:4:55 orders', 'src/users.ts:3:54 users']);
      // git compares ctime in whole seconds: the edit must come in a later second than the index entry.
      await new Promise((done) => setTimeout(done, 1100));
      write('src/users.ts', "import { Pool } from 'pg';\nconst pool = new Pool();\nexport const list = () => pool.query('SELECT id FROM usors');\n");
      utimesSync(join(root, 'src/users.ts'), stamp, stamp);
      // Outside git, size and mtime vouch as in ESLint's cache; here git's index knows the change (its ctime).
      expect(git('diff-files', '--name-only')).toBe('src/users.ts\n');
      expect(relations(await extractProject({ root }))).toEqual(['src/orders.ts:4:55 orders', 'src/users.ts:3:54 usors']);
    });

    it('reads untracked files and staged-only content correctly', async () => {
      await extractProject({ root });
      write('src/new.ts', "import { Pool } from 'pg';\nconst pool = new Pool();\nexport const n = () => pool.query('SELECT id FROM audits');\n");
      write('src/users.ts', "import { Pool } from 'pg';\nconst pool = new Pool();\nexport const list = () => pool.query('SELECT id FROM members');\n");
      git('add', 'src/users.ts');
      expect(relations(await extractProject({ root }))).toEqual([
        'src/new.ts:3:51 audits',
        'src/orders.ts:4:55 orders',
        'src/users.ts:3:54 members',
      ]);
    });
  });
});
