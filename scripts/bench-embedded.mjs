#!/usr/bin/env node
// Embedded replay of a generated Supabase project: N migration files (tables, indexes, foreign keys, functions,
// triggers, policies). Times three runs the way users meet them:
//   cold        no cache at all (first run on a machine: PGlite initdb + replay + introspection)
//   miss        the snapshot cache misses (a migration changed) but the template data directory exists
//   cached      nothing changed: the snapshot comes from .dbref-cache
// Usage: node scripts/bench-embedded.mjs [files=100] [--keep]
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const count = Number(args.find((a) => /^\d+$/.test(a)) ?? 100);
const keep = args.includes('--keep');

if (!existsSync(join(repo, 'dist', 'src', 'schema', 'source.js'))) {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: repo, stdio: 'inherit' });
}
const { resolveSchemaSource } = await import('../dist/src/schema/source.js');
const { embeddedStats } = await import('../dist/src/schema/embedded.js');

const root = mkdtempSync(join(tmpdir(), 'dbref-bench-embedded-'));
const dir = join(root, 'supabase', 'migrations');
mkdirSync(dir, { recursive: true });

let statements = 0;
const stamp = (i) => `2024${String(1 + Math.floor(i / 28) % 12).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i).padStart(6, '0')}`;
for (let i = 0; i < count; i++) {
  const t = `entity_${i}`;
  const parent = i > 0 ? `entity_${i - 1}` : undefined;
  const lines = [
    `create table public.${t} (`,
    `  id uuid primary key default gen_random_uuid(),`,
    `  owner_id uuid not null references auth.users (id) on delete cascade,`,
    parent ? `  parent_id uuid references public.${parent} (id) on delete set null,` : `  parent_id uuid,`,
    ...Array.from({ length: 12 }, (_, c) => `  field_${c} ${['text', 'integer', 'boolean', 'jsonb', 'timestamptz', 'numeric(12,2)'][c % 6]},`),
    `  status text not null default 'new' check (status in ('new', 'done')),`,
    `  created_at timestamptz not null default now(),`,
    `  updated_at timestamptz not null default now()`,
    `);`,
    `create index ${t}_owner_idx on public.${t} (owner_id);`,
    `create index ${t}_open_idx on public.${t} (created_at) where status = 'new';`,
    `alter table public.${t} enable row level security;`,
    `create policy "${t} owner" on public.${t} for all to authenticated using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id);`,
  ];
  statements += 6;
  if (i % 10 === 0) {
    lines.push(
      `create or replace function public.touch_${t}() returns trigger language plpgsql as $$`,
      `begin`,
      `  new.updated_at := now();`,
      `  return new;`,
      `end;`,
      `$$;`,
      `create trigger ${t}_touch before update on public.${t} for each row execute function public.touch_${t}();`,
      `create or replace function public.count_${t}(p_owner uuid) returns bigint language sql stable as $$ select count(*) from public.${t} where owner_id = p_owner $$;`,
    );
    statements += 3;
  }
  if (i > 0 && i % 7 === 0) {
    lines.push(`alter table public.entity_${i - 7} add column extra_${i} text;`);
    statements += 1;
  }
  writeFileSync(join(dir, `${stamp(i)}_entity_${i}.sql`), `${lines.join('\n')}\n`);
}

async function timed(label, options) {
  const starts = embeddedStats.starts;
  const t0 = performance.now();
  const snapshot = await resolveSchemaSource(undefined, { cwd: root, env: {}, ...options });
  const ms = performance.now() - t0;
  const failed = snapshot.problems.filter((p) => p.kind === 'failed').length;
  console.log(
    `${label.padEnd(8)} ${ms.toFixed(0).padStart(7)} ms   PGlite starts: ${embeddedStats.starts - starts}   relations: ${snapshot.relations.length}   functions: ${snapshot.functions.length}   failed: ${failed}`,
  );
  return ms;
}

console.log(`${count} migration files, ${statements} statements, in ${root}`);
try {
  await timed('cold', { noCache: true });
  await timed('first', {}); // cold again, and writes the template data directory and the snapshot cache
  appendFileSync(join(dir, `${stamp(count)}_change.sql`), 'alter table public.entity_0 add column late text;\n');
  await timed('miss', {});
  await timed('cached', {});
  await timed('cached', {});
} finally {
  if (!keep) rmSync(root, { recursive: true, force: true });
}
