#!/usr/bin/env node
// Generates a 10,000-file project (about 3 % of files touch the database, in mixed styles; the rest is ordinary React
// and utility code) and prints files/s, wall time and peak memory of `dbref refs` and `dbref check` on it.
// Usage: npm run bench [-- --files 10000 --keep]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const count = Number(args[args.indexOf('--files') + 1]) || 10_000;
const root = join(tmpdir(), `dbref-bench-${count}`);
const bin = join(repo, 'bin', 'dbref.js');

if (!existsSync(join(repo, 'dist', 'src', 'cli.js'))) execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' });

// A deterministic generator: the same project every run, so figures compare across commits.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = (list) => list[Math.floor(rand() * list.length)];
const tables = Array.from({ length: 60 }, (_, i) => `table_${i}`);

const dbStyles = [
  (i) => `import { createClient } from '@supabase/supabase-js';
const supabase = createClient(process.env.URL!, process.env.KEY!);
export async function load${i}(id: string) {
  const { data } = await supabase.from('${pick(tables)}').select('id, name, created_at').eq('owner_id', id).order('created_at');
  await supabase.from('${pick(tables)}').insert({ name: 'x', owner_id: id });
  return data;
}
`,
  (i) => `import { Pool } from 'pg';
const pool = new Pool();
export async function query${i}(id: number) {
  const { rows } = await pool.query('SELECT t.id, t.name, u.email FROM ${pick(tables)} t JOIN ${pick(tables)} u ON u.id = t.owner_id WHERE t.id = $1', [id]);
  await pool.query('UPDATE ${pick(tables)} SET name = $1 WHERE id = $2', ['n', id]);
  return rows;
}
`,
  (i) => `import knex from 'knex';
const db = knex({ client: 'pg' });
export const list${i} = (id: number) => db('${pick(tables)} as t').select('t.id', 't.name').where('t.owner_id', id);
export const add${i} = (name: string) => db('${pick(tables)}').insert({ name, owner_id: 1 });
`,
  (i) => `import postgres from 'postgres';
const sql = postgres();
export async function find${i}(id: number) {
  return sql\`SELECT id, name FROM ${pick(tables)} WHERE owner_id = \${id} ORDER BY created_at DESC\`;
}
`,
];

const plain = [
  (i) => `import React, { useState } from 'react';
export function Widget${i}({ items }: { items: string[] }) {
  const [selected, setSelected] = useState<string | null>(null);
  const visible = items.filter((item) => item.toLowerCase().includes('a')).slice(0, 20);
  return (
    <ul className="widget-${i}">
      {visible.map((item) => (
        <li key={item} onClick={() => setSelected(item)} aria-selected={selected === item}>{item}</li>
      ))}
    </ul>
  );
}
`,
  (i) => `export function format${i}(value: number, currency = 'USD'): string {
  const parts = Array.from(String(Math.abs(value))).reverse();
  const grouped: string[] = [];
  for (let k = 0; k < parts.length; k++) { if (k && k % 3 === 0) grouped.push(','); grouped.push(parts[k]!); }
  return (value < 0 ? '-' : '') + grouped.reverse().join('') + ' ' + currency;
}
export const selectOptions${i} = (list: { id: string; label: string }[]) => list.map((o) => ({ value: o.id, text: o.label }));
`,
  (i) => `import { useEffect } from 'react';
export function useTitle${i}(title: string) {
  useEffect(() => { const previous = document.title; document.title = title; return () => { document.title = previous; }; }, [title]);
}
export const from${i} = (xs: Iterable<number>) => Array.from(xs).map((x) => x * 2);
`,
];

console.log(`generating ${count} files in ${root} …`);
rmSync(root, { recursive: true, force: true });
mkdirSync(root, { recursive: true });
writeFileSync(
  join(root, 'package.json'),
  JSON.stringify({ name: 'bench', dependencies: { '@supabase/supabase-js': '2', pg: '8', knex: '3', postgres: '3', react: '18' } }),
);
writeFileSync(
  join(root, 'schema.sql'),
  tables.map((t) => `create table ${t} (id serial primary key, name text, owner_id int, email text, created_at timestamptz default now());`).join('\n'),
);
let dbFiles = 0;
for (let i = 0; i < count; i++) {
  const dir = join(root, 'src', `module${i % 200}`);
  mkdirSync(dir, { recursive: true });
  const touchesDb = rand() < 0.03;
  if (touchesDb) dbFiles++;
  const style = touchesDb ? pick(dbStyles) : pick(plain);
  const ext = style === plain[0] ? 'tsx' : 'ts';
  writeFileSync(join(dir, `file${i}.${ext}`), style(i));
}
console.log(`${count} files, ${dbFiles} touch the database (${((dbFiles / count) * 100).toFixed(1)} %)`);

function measure(label, commandArgs) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, bin, ...commandArgs], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  const lines = result.stderr.trim().split('\n');
  const [wall, maxKb] = lines.at(-1).split(' ').map(Number);
  const refs = (() => {
    try {
      return JSON.parse(result.stdout).references?.length;
    } catch {
      return undefined;
    }
  })();
  console.log(
    `${label.padEnd(28)} wall ${wall.toFixed(2)} s   peak ${(maxKb / 1024).toFixed(0)} MB   ${(count / wall).toFixed(0)} files/s` +
      (refs !== undefined ? `   ${refs} references` : '') +
      `   exit ${result.status}`,
  );
  if (result.status === 2) console.log(lines.slice(0, -1).join('\n'));
}

if (!args.includes('--generate-only')) {
  const clearCaches = () => rmSync(join(root, '.dbref-cache'), { recursive: true, force: true });
  clearCaches();
  measure('dbref refs (cold)', ['refs', '--format', 'json']);
  measure('dbref refs (warm file cache)', ['refs', '--format', 'json']);
  clearCaches();
  measure('dbref check (cold: replay + parse)', ['check', '--format', 'json']);
  measure('dbref check (warm caches)', ['check', '--format', 'json']);
}
if (!args.includes('--keep')) rmSync(root, { recursive: true, force: true });
