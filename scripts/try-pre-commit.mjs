#!/usr/bin/env node
// Installs dbref the way the pre-commit framework installs a `language: node` hook from `repo: <url>`, then commits
// through it in a copy of samples/express-leads. pre-commit itself comes from PyPI, which this project's machines
// do not reach; these are the steps of its pre_commit/languages/node.py (install_environment, system node):
//   1. in a clone of the hook repository: npm install --dev --prod --ignore-prepublish --no-progress --no-save
//      (this runs dbref's `prepare`, which builds dist/ with tsc)
//   2. npm pack
//   3. npm install -g <the tarball>, with npm's prefix set to the hook environment
// then the hook runs `dbref hook` (the entry in .pre-commit-hooks.yaml) with PRE_COMMIT=1 from the repository root.
// Needs the npm registry. Usage: node scripts/try-pre-commit.mjs [--keep]
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'dbref-pre-commit-'));
const envDir = join(work, 'node_env');
const env = { ...process.env, NPM_CONFIG_PREFIX: envDir, npm_config_prefix: envDir, PATH: `${join(envDir, 'bin')}:${process.env.PATH}` };
const run = (cwd, command, args) => {
  const start = Date.now();
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd} (exit ${result.status})`);
  }
  console.log(`  ${`${command} ${args.join(' ')}`.padEnd(80)} ${((Date.now() - start) / 1000).toFixed(1)} s`);
  return result.stdout;
};

console.log(`pre-commit's install of dbref (HEAD of ${repo}) into ${envDir}:`);
const clone = join(work, 'repo');
execFileSync('git', ['clone', '-q', repo, clone]);
run(clone, 'npm', ['install', '--dev', '--prod', '--ignore-prepublish', '--no-progress', '--no-save']);
const tarball = run(clone, 'npm', ['pack']).trim().split('\n').pop();
run(clone, 'npm', ['install', '-g', join(clone, tarball)]);
rmSync(join(clone, 'node_modules'), { recursive: true, force: true });

const hook = readFileSync(join(repo, '.pre-commit-hooks.yaml'), 'utf8');
const entry = /^\s*entry:\s*(.+)$/m.exec(hook)[1].trim();
console.log(`\nthe hook's entry: ${entry}`);

const project = join(work, 'express-leads');
cpSync(join(repo, 'samples', 'express-leads'), project, { recursive: true, filter: (p) => !p.includes('.dbref-cache') });
const git = (...args) => spawnSync('git', args, { cwd: project, env: { ...env, NO_COLOR: '1' }, encoding: 'utf8' });
git('init', '-q', '-b', 'main');
git('config', 'user.email', 'dev@example.com');
git('config', 'user.name', 'dev');
git('add', '-A');
git('commit', '-q', '--no-verify', '-m', 'sample');
// What pre-commit's own .git/hooks/pre-commit ends up running for this hook.
writeFileSync(join(project, '.git', 'hooks', 'pre-commit'), `#!/bin/sh\nPRE_COMMIT=1 exec ${entry}\n`, { mode: 0o755 });

const commit = (label, file, text) => {
  appendFileSync(join(project, file), text);
  git('add', file);
  const start = Date.now();
  const result = git('commit', '-q', '-m', label);
  console.log(`\n$ git commit -m '${label}'   → exit ${result.status} in ${((Date.now() - start) / 1000).toFixed(2)} s`);
  console.log((result.stdout + result.stderr).trim().replace(/^/gm, '  '));
  return result.status;
};
const blocked = commit('query a table that does not exist', 'src/db/pool.js', "\nexport const invoices = (pool) => pool.query('SELECT id, total FROM invoices');\n");
git('reset', '-q', '--hard', 'HEAD');
const clean = commit('a comment', 'src/db/pool.js', '\n// connection pool\n');
const again = commit('another comment', 'src/db/pool.js', '\n// shared by the routes\n');

console.log(`\nblocked: ${blocked !== 0 ? 'yes' : 'NO'}; clean commits passed: ${clean === 0 && again === 0 ? 'yes' : 'NO'}`);
if (!process.argv.includes('--keep')) rmSync(work, { recursive: true, force: true });
else console.log(`kept ${work}`);
process.exitCode = blocked !== 0 && clean === 0 && again === 0 ? 0 : 1;
