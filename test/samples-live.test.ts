import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { detectMigrations, readMigrationText } from '../src/schema/migrations.js';
import { planShims, shimSql } from '../src/schema/shims.js';
import { runCli } from './helpers/cli.js';
import { ADMIN_URL, createFreshDatabase, itWithServer } from './helpers/pg.js';

// The same findings whether a sample's schema comes from its committed (embedded) snapshot or from the real server
// with the sample's DDL applied: the live introspection path and the migrations path agree on what the code lacks.
const samplesDir = join(import.meta.dirname, '..', 'samples');
const samples = readdirSync(samplesDir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(samplesDir, e.name, 'schema.snapshot.json')))
  .filter((e) => ['package.json', 'requirements.txt'].some((m) => existsSync(join(samplesDir, e.name, m))))
  .map((e) => e.name)
  .sort();

/** Roles are global to a cluster: create the shims' roles once, idempotently, instead of per database. */
async function ensureRoles(roles: string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    for (const role of roles) {
      await admin.query(`DO $$ BEGIN CREATE ROLE "${role}" NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
    }
  } finally {
    await admin.end();
  }
}

async function sampleDdl(dir: string): Promise<string> {
  const set = detectMigrations(dir)!;
  const texts = set.files.map((file) => readMigrationText(set, file));
  const plan = planShims(set.layout, texts);
  await ensureRoles(plan.roles);
  const shims = shimSql({ ...plan, roles: [] });
  return [shims, ...texts].join('\n;\n');
}

const essentials = (json: string) =>
  (JSON.parse(json) as { findings: { ruleId: string; message: string; help: string | null; location: unknown }[] }).findings.map(
    ({ ruleId, message, help, location }) => ({ ruleId, message, help, location }),
  );

describe.each(samples)('samples/%s against the real server', (name) => {
  const dir = join(samplesDir, name);
  itWithServer(
    'gives the same findings live as from its snapshot',
    async () => {
      const db = await createFreshDatabase(`dbref_sample_${name.replace(/-/g, '_')}`);
      try {
        await db.exec(await sampleDdl(dir));
        const live = await runCli(['check', '--schema', db.url, '--format', 'json'], dir);
        const offline = await runCli(['check', '--schema', 'schema.snapshot.json', '--format', 'json'], dir);
        expect(live.stderr).toBe('');
        expect(essentials(live.stdout)).toEqual(essentials(offline.stdout));
        expect(live.code).toBe(offline.code);
      } finally {
        await db.drop();
      }
    },
    120_000,
  );
});

it('covers the samples that reproduce the seed reports', () => {
  expect(samples).toEqual(expect.arrayContaining(['express-leads', 'fastapi-video', 'nextjs-supabase-collab', 'prisma-crm']));
});
