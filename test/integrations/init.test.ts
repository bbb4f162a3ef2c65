import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectProject } from '../../src/init/detect.js';
import { runCli } from '../helpers/cli.js';

let root: string;
const write = (file: string, text: string) => {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
};
/** Every file under root (but .git/objects and the like) with its content and mode: to prove a rerun changes nothing. */
function tree(dir = root, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const rel = prefix + name;
    if (/^\.git\/(objects|refs|logs)|^\.git\/index$/.test(rel)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(out, tree(path, `${rel}/`));
    else out[rel] = `${(statSync(path).mode & 0o777).toString(8)} ${readFileSync(path, 'utf8')}`;
  }
  return out;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'dbref-init-'));
  spawnSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
  write('package.json', JSON.stringify({ name: 'crm', dependencies: { '@prisma/client': '5', pg: '8' }, devDependencies: { prisma: '5' } }));
  write('package-lock.json', '{}');
  write('prisma/schema.prisma', 'model User {\n  id Int @id\n}\n');
  write('prisma/migrations/20240101000000_init/migration.sql', 'create table "User" (id int primary key);\n');
  write('prisma/migrations/20240201000000_email/migration.sql', 'alter table "User" add column email text;\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('dbref init', () => {
  it('detects the stack, migrations, package manager and hook managers', async () => {
    write('.husky/pre-commit', 'npx lint-staged\n');
    write('.github/workflows/ci.yml', 'name: ci\n');
    expect(await detectProject(root)).toEqual({
      stack: ['Prisma', 'node-postgres'],
      migrations: { layout: 'prisma', path: 'prisma/migrations', files: 2 },
      packageManager: 'npm',
      hasPackageJson: true,
      dependsOnDbref: false,
      husky: true,
      preCommit: false,
      lintStaged: false,
      gitHook: false,
      isGitRepo: true,
      workflows: ['.github/workflows/ci.yml'],
    });
  });

  it('writes config, git hook and workflow without asking when stdin is not a terminal, then changes nothing on a rerun', async () => {
    const first = await runCli(['init', '--yes'], root);
    expect(first.code).toBe(0);
    expect(first.stdout.split('\n')).toEqual([
      'dbref: found Prisma, node-postgres; prisma migrations in prisma/migrations; package manager npm',
      '  created dbref.config.mjs (config)',
      '  created .git/hooks/pre-commit (pre-commit hook (git))',
      '  created .github/workflows/dbref.yml (GitHub workflow)',
      'Next: add dbref to devDependencies, then run `npx dbref check`',
      '',
    ]);
    const config = readFileSync(join(root, 'dbref.config.mjs'), 'utf8');
    expect(config).toContain("// Written by `dbref init`. Found: Prisma, node-postgres; prisma migrations in prisma/migrations (2 files).\n");
    expect(config).toContain("  schema: 'prisma/migrations',\n");
    expect(((await import(`${join(root, 'dbref.config.mjs')}?v=1`)) as { default: unknown }).default).toEqual({ schema: 'prisma/migrations', rules: {} });
    expect(statSync(join(root, '.git/hooks/pre-commit')).mode & 0o111).toBe(0o111);
    expect(readFileSync(join(root, '.github/workflows/dbref.yml'), 'utf8')).toContain('      - uses: dbref/dbref@main\n        with:\n          fail-on: error\n');

    const before = tree();
    const second = await runCli(['init', '--yes'], root);
    expect(tree()).toEqual(before);
    expect(second.stdout.split('\n')).toEqual([
      'dbref: found Prisma, node-postgres; prisma migrations in prisma/migrations; package manager npm; 1 GitHub workflow',
      '  kept dbref.config.mjs (config: exists)',
      '  kept .git/hooks/pre-commit (pre-commit hook (git): already runs dbref)',
      '  kept .github/workflows/dbref.yml (GitHub workflow: already uses the dbref action)',
      'dbref: nothing to change.',
      'Next: add dbref to devDependencies, then run `npx dbref check`',
      '',
    ]);
  });

  it('only writes the config without --hook/--workflow/--yes when not interactive', async () => {
    await runCli(['init'], root);
    expect(Object.keys(tree()).filter((f) => !f.startsWith('.git/'))).toEqual([
      'dbref.config.mjs',
      'package-lock.json',
      'package.json',
      'prisma/migrations/20240101000000_init/migration.sql',
      'prisma/migrations/20240201000000_email/migration.sql',
      'prisma/schema.prisma',
    ]);
  });

  it('adds one line to an existing husky hook, once', async () => {
    write('package.json', JSON.stringify({ name: 'crm', devDependencies: { dbref: '0.1.0', prisma: '5' } }));
    write('.husky/pre-commit', 'npx lint-staged');
    await runCli(['init', '--hook'], root);
    await runCli(['init', '--hook'], root);
    expect(readFileSync(join(root, '.husky/pre-commit'), 'utf8')).toBe(
      'npx lint-staged\n# dbref: check the staged code against the schema (written by `dbref init --hook`)\ndbref hook || exit 1\n',
    );
  });

  it('adds the dbref repo to an existing .pre-commit-config.yaml, once', async () => {
    write('.pre-commit-config.yaml', 'repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v4.6.0\n    hooks:\n      - id: trailing-whitespace\n');
    await runCli(['init', '--hook'], root);
    const second = await runCli(['init', '--hook'], root);
    expect(second.stdout).toContain('  kept .pre-commit-config.yaml (pre-commit hook (pre-commit framework): already has the dbref hook)\n');
    expect(readFileSync(join(root, '.pre-commit-config.yaml'), 'utf8')).toBe(
      'repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v4.6.0\n    hooks:\n      - id: trailing-whitespace\n' +
        '  # dbref: check the staged code against the schema (written by `dbref init --hook`)\n  - repo: https://github.com/dbref/dbref\n    rev: main\n    hooks:\n      - id: dbref\n',
    );
  });

  it('points the config at DATABASE_URL when there are no migrations, and prints a dry run without writing', async () => {
    rmSync(join(root, 'prisma'), { recursive: true });
    const dry = await runCli(['init', '--dry-run', '--workflow'], root);
    expect(dry.stdout).toContain('  would create dbref.config.mjs (config)\n  would create .github/workflows/dbref.yml (GitHub workflow)\n');
    expect(Object.keys(tree()).filter((f) => !f.startsWith('.git/'))).toEqual(['package-lock.json', 'package.json']);
    await runCli(['init', '--workflow'], root);
    expect(readFileSync(join(root, 'dbref.config.mjs'), 'utf8')).toContain("  schema: 'env:DATABASE_URL',\n");
    expect(readFileSync(join(root, '.github/workflows/dbref.yml'), 'utf8')).toContain('          schema: ${{ secrets.DATABASE_URL }}\n');
  });

  it("points the config at a workspace package's migrations in a monorepo", async () => {
    rmSync(join(root, 'prisma'), { recursive: true });
    write('packages/db/prisma/migrations/20240101000000_init/migration.sql', 'CREATE TABLE "User" ("id" SERIAL PRIMARY KEY);\n');
    await runCli(['init'], root);
    expect(readFileSync(join(root, 'dbref.config.mjs'), 'utf8')).toContain("  schema: 'packages/db/prisma/migrations',\n");
  });
});
