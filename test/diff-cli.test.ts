import { join } from 'node:path';
import pg from 'pg';
import { describe, expect } from 'vitest';
import { detectMigrations, readMigrationText } from '../src/schema/migrations.js';
import { runCli } from './helpers/cli.js';
import { ADMIN_URL, createFreshDatabase, itWithServer } from './helpers/pg.js';

// `dbref diff <migrations> <live database>` as a Supabase user runs it: the embedded side has stand-ins for the
// platform's auth and storage schemas, the live side has the platform's real ones.
const sample = join(import.meta.dirname, '..', 'samples', 'nextjs-supabase-collab');

const PLATFORM_AUTH = `
create schema auth;
create table auth.users (
  id uuid primary key, instance_id uuid, aud varchar(255), role varchar(255), email varchar(255),
  encrypted_password varchar(255), email_confirmed_at timestamptz, raw_user_meta_data jsonb, created_at timestamptz,
  updated_at timestamptz, phone text unique, is_sso_user boolean not null default false, deleted_at timestamptz
);
create table auth.sessions (id uuid primary key, user_id uuid not null references auth.users (id) on delete cascade);
create function auth.uid() returns uuid language sql stable as $$ select nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;
create schema extensions;
create extension if not exists pgcrypto with schema extensions;
`;

async function ensureRoles(): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    for (const role of ['anon', 'authenticated', 'service_role']) {
      await admin.query(`DO $$ BEGIN CREATE ROLE "${role}" NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
    }
  } finally {
    await admin.end();
  }
}

describe('dbref diff between Supabase migrations and a live Supabase-like database', () => {
  itWithServer(
    'compares the application schema, not the platform stand-ins, and names what it left out',
    async () => {
      await ensureRoles();
      const db = await createFreshDatabase('dbref_diff_supabase');
      try {
        const set = detectMigrations(sample)!;
        const migrations = set.files.map((f) => readMigrationText(set, f));
        // Production got the first migration only: the contacts migration never ran there.
        await db.exec([PLATFORM_AUTH, migrations[0]!].join('\n;\n'));
        const run = await runCli(['diff', 'supabase/migrations', db.url, '--format', 'json'], sample);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(1);
        const report = JSON.parse(run.stdout) as { changes: { objectKind: string; schema: string; name: string; change: string }[]; notCompared: string[] };
        expect(report.changes.map((c) => `${c.change} ${c.objectKind} ${c.schema}.${c.name}`)).toEqual([
          'removed enum public.contact_status',
          'removed sequence public.contact_import_jobs_id_seq',
          'removed table public.contact_import_jobs',
          'removed table public.contacts',
          'removed function public.member_count(uuid)',
        ]);
        expect(report.notCompared).toEqual(
          expect.arrayContaining([
            'Supabase platform schemas auth and storage (stand-ins when replayed embedded)',
            "extension versions (a schema replayed from migrations has the embedded server's)",
          ]),
        );
      } finally {
        await db.drop();
      }
    },
    120_000,
  );
});
