#!/usr/bin/env node
// The pre-commit hook's wall time: a 10,000-file git repository (about 3 % of files touch the database), a warm
// cache (one earlier run), then a commit that stages 5 edited files and runs `dbref hook`, as the installed pre-commit hook does
// (`dbref check --staged` behind a parser that skips loading yargs).
// Prints the wall time of each step. Usage: node scripts/bench-hook.mjs [--files 10000] [--runs 5] [--keep]
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const count = option('--files', 10_000);
const runs = option('--runs', 5);
const root = join(tmpdir(), `dbref-bench-hook-${count}`);
const bin = join(repo, 'bin', 'dbref.js');

if (!existsSync(join(repo, 'dist', 'src', 'cli.js'))) execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' });

let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = (list) => list[Math.floor(rand() * list.length)];
const tables = Array.from({ length: 60 }, (_, i) => `table_${i}`);

const dbFile = (i) => {
  switch (i % 3) {
    case 0:
      return `import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function q${i}(id: number) {\n  const { rows } = await pool.query('SELECT id, name FROM ${pick(tables)} WHERE owner_id = $1', [id]);\n  return rows;\n}\n`;
    case 1:
      return `import { createClient } from '@supabase/supabase-js';\nconst supabase = createClient('u', 'k');\nexport const s${i} = (id: string) => supabase.from('${pick(tables)}').select('id, name').eq('owner_id', id);\n`;
    default:
      return `import knex from 'knex';\nconst db = knex({ client: 'pg' });\nexport const k${i} = (id: number) => db('${pick(tables)}').select('id', 'email').where('owner_id', id);\n`;
  }
};
const plainFile = (i) =>
  `export function format${i}(value: number): string {\n  const parts = Array.from(String(Math.abs(value))).reverse();\n  return (value < 0 ? '-' : '') + parts.reverse().join('');\n}\nexport const twice${i} = (xs: number[]) => xs.map((x) => x * 2);\n`;

const git = (...a) => execFileSync('git', a, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
console.log(`generating ${count} files in ${root} …`);
rmSync(root, { recursive: true, force: true });
mkdirSync(join(root, 'migrations'), { recursive: true });
writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'bench-hook', dependencies: { '@supabase/supabase-js': '2', pg: '8', knex: '3' } }));
writeFileSync(
  join(root, 'migrations', '0001_init.sql'),
  tables.map((t) => `create table ${t} (id serial primary key, name text, owner_id int, email text);`).join('\n') + '\n',
);
const dbFiles = [];
for (let i = 0; i < count; i++) {
  const dir = join(root, 'src', `module${i % 200}`);
  mkdirSync(dir, { recursive: true });
  const touchesDb = rand() < 0.03;
  const file = join(dir, `file${i}.ts`);
  writeFileSync(file, touchesDb ? dbFile(i) : plainFile(i));
  if (touchesDb) dbFiles.push(file);
}
git('init', '-q', '-b', 'main');
git('config', 'user.email', 'bench@example.com');
git('config', 'user.name', 'bench');
git('add', '-A');
git('commit', '-q', '-m', 'init');

function time(label, commandArgs) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [bin, ...commandArgs], { cwd: root, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${label.padEnd(44)} ${seconds.toFixed(3)} s   exit ${result.status}`);
  if (result.status === 2) console.log(result.stderr);
  return seconds;
}

time('cold (replays migrations, fills both caches)', ['hook']);
const walls = [];
for (let run = 0; run < runs; run++) {
  // A 5-file commit: 3 database files and 2 plain files edited and staged.
  const edited = [...dbFiles.slice(run * 3, run * 3 + 3), join(root, 'src', 'module1', `file${201 + run}.ts`), join(root, 'src', 'module2', `file${402 + run}.ts`)];
  for (const file of edited) appendFileSync(file, `export const edited${run} = ${run};\n`);
  git('add', ...edited);
  walls.push(time(`warm: 5 staged files (run ${run + 1})`, ['hook']));
  git('commit', '-q', '-m', `edit ${run}`);
}
walls.sort((a, b) => a - b);
console.log(`median hook wall time, ${count} files, 5 staged: ${walls[Math.floor(walls.length / 2)].toFixed(3)} s (target ≤ 0.4 s)`);
if (!args.includes('--keep')) rmSync(root, { recursive: true, force: true });
