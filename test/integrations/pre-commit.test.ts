import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt } from './build.js';

// A real repository with a real git hook: `dbref init --hook` installs it, `git commit` runs it.
let root: string;
const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', PRE_COMMIT: '' } });
const write = (file: string, text: string) => {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
};
const query = (name: string, sql: string) =>
  `import { Pool } from 'pg';\nconst pool = new Pool();\nexport const ${name} = () => pool.query('${sql}');\n`;
const head = () => git('rev-parse', 'HEAD').stdout.trim();

beforeAll(() => {
  ensureBuilt();
  root = mkdtempSync(join(tmpdir(), 'dbref-hook-'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'dev@example.com');
  git('config', 'user.name', 'dev');
  write('package.json', JSON.stringify({ name: 'shop', dependencies: { pg: '8' } }));
  write('migrations/0001_users.sql', 'create table users (id serial primary key, email text not null);\n');
  write('src/users.ts', query('users', 'SELECT id, email FROM users'));
}, 300_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the pre-commit hook in a real repository', () => {
  it('is installed by dbref init --hook as .git/hooks/pre-commit', () => {
    const init = spawnSync(process.execPath, [BIN, 'init', '--hook'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(init.status).toBe(0);
    expect(init.stdout).toContain('created .git/hooks/pre-commit (pre-commit hook (git))');
    expect(readFileSync(join(root, '.git/hooks/pre-commit'), 'utf8')).toBe(
      `#!/bin/sh\n# dbref: check the staged code against the schema (written by \`dbref init --hook\`)\nnode ${JSON.stringify(BIN)} hook || exit 1\n`,
    );
  });

  it('lets a clean commit through', () => {
    git('add', '-A');
    const commit = git('commit', '-m', 'users');
    expect(commit.status).toBe(0);
    // git sends a hook's output to stderr.
    expect(commit.stderr).toBe('✔ No problems\n  3 references checked in 1 file\n  schema: migrations/0001_users.sql\n');
    // The first run built the schema snapshot and the extraction cache; neither is committed.
    expect(existsSync(join(root, '.dbref-cache', 'snapshots'))).toBe(true);
    expect(git('status', '--porcelain').stdout).toBe('');
  }, 120_000);

  it('blocks a commit that queries a missing table, printing the finding and how to skip', () => {
    const before = head();
    write('src/orders.ts', query('orders', 'SELECT id, total FROM orders'));
    git('add', 'src/orders.ts');
    const commit = git('commit', '-m', 'orders');
    expect(commit.status).toBe(1);
    expect(commit.stderr).toBe(
      [
        'src/orders.ts',
        '  3:63  error  Relation "public.orders" does not exist.  missing-relation',
        '',
        '✖ 1 problem (1 error, 0 warnings, 0 infos)',
        '  6 references checked in 2 files',
        '  schema: migrations/0001_users.sql',
        'dbref: commit blocked. Fix the errors above, or skip the hooks once: git commit --no-verify',
        '',
      ].join('\n'),
    );
    expect(head()).toBe(before);
  }, 120_000);

  it('lets the same commit through once it adds the migration that creates the table', () => {
    write('migrations/0002_orders.sql', 'create table orders (id serial primary key, total numeric not null);\n');
    git('add', 'migrations/0002_orders.sql');
    const commit = git('commit', '-m', 'orders with migration');
    expect(commit.stderr).toBe('✔ No problems\n  6 references checked in 2 files\n  schema: migrations\n');
    expect(commit.status).toBe(0);
    expect(git('show', '--name-only', '--format=', 'HEAD').stdout.trim().split('\n').sort()).toEqual(['migrations/0002_orders.sql', 'src/orders.ts']);
  }, 120_000);

  it('judges the staged content, not the working tree', () => {
    write('src/users.ts', query('users', 'SELECT id, email FROM userz'));
    git('add', 'src/users.ts');
    write('src/users.ts', query('users', 'SELECT id, email FROM users')); // fixed on disk, not staged
    const commit = git('commit', '-m', 'typo');
    expect(commit.status).toBe(1);
    expect(commit.stderr).toBe(
      [
        'src/users.ts',
        '  3:62  error  Relation "public.userz" does not exist.  missing-relation',
        '               help: did you mean `users`?',
        '',
        '✖ 1 problem (1 error, 0 warnings, 0 infos)',
        '  6 references checked in 2 files',
        '  schema: migrations',
        'dbref: commit blocked. Fix the errors above, or skip the hooks once: git commit --no-verify',
        '',
      ].join('\n'),
    );
    git('add', 'src/users.ts');
    expect(git('commit', '-m', 'no change').status).toBe(1); // nothing left to commit: git's own refusal
    expect(git('diff', '--cached', '--name-only').stdout).toBe('');
  }, 120_000);
});
