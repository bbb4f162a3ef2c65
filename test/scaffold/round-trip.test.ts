import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectMigrations, readMigrationText } from '../../src/schema/migrations.js';
import { planShims, shimSql } from '../../src/schema/shims.js';
import { runCli } from '../audit/helpers.js';
import { createFreshDatabase, itWithServer } from '../helpers/pg.js';

const SAMPLE = 'samples/nextjs-supabase-collab';

interface JsonFinding {
  ruleId: string;
  message: string;
  location: { file: string; line: number; column: number } | null;
}

/** The findings a `check --format json` run reports, as `ruleId file:line message`. */
async function checkFindings(cwd: string, extra: string[] = []): Promise<{ findings: string[]; incomplete: boolean; stderr: string }> {
  const { stdout, stderr } = await runCli(['check', '--format', 'json', '--no-cache', ...extra], cwd);
  const report = JSON.parse(stdout) as { findings: JsonFinding[]; schema: { incomplete: boolean } };
  return {
    findings: report.findings.map((f) => `${f.ruleId} ${f.location ? `${f.location.file}:${f.location.line}` : '-'} ${f.message}`),
    incomplete: report.schema.incomplete,
    stderr,
  };
}

/** What remains after the scaffold: the sample's deliberate problems that no new table can fix. */
const REMAINING = [
  'missing-function app/api/billing/subscription/route.ts:15 Function "public.billing_usage_summary" does not exist.',
  'invalid-enum-value app/api/contacts/route.ts:11 Value "prospect" is not a member of enum "public.contact_status" (column "status" of "public.contacts").',
  'not-null-without-value app/api/contacts/route.ts:21 Insert into "public.contacts" omits NOT NULL column "company", which has no default.',
  'orphaned-table - Table "public.contact_import_jobs" is not used by any code or model.',
];

const BEFORE_MISSING = [
  'missing-relation app/api/billing/subscription/route.ts:8 Relation "public.subscriptions" does not exist.',
  'missing-relation app/api/billing/subscription/route.ts:9 Relation "public.subscription_plans" does not exist.',
  'missing-relation app/api/collaboration/channels/route.ts:8 Relation "public.collaboration_channels" does not exist.',
  'missing-relation app/api/collaboration/channels/route.ts:9 Relation "public.collaboration_messages" does not exist.',
  'missing-relation app/api/collaboration/channels/route.ts:22 Relation "public.collaboration_channels" does not exist.',
  'missing-relation app/api/collaboration/messages/route.ts:8 Relation "public.collaboration_messages" does not exist.',
  'missing-relation app/api/collaboration/messages/route.ts:23 Relation "public.collaboration_messages" does not exist.',
  'missing-relation app/api/collaboration/messages/route.ts:28 Relation "public.collaboration_channels" does not exist.',
  'missing-relation app/api/collaboration/schedule-meeting/route.ts:9 Relation "public.collaboration_meetings" does not exist.',
  'missing-relation app/api/collaboration/start-call/route.ts:8 Relation "public.collaboration_channels" does not exist.',
  'missing-relation app/api/collaboration/start-call/route.ts:11 Relation "public.collaboration_calls" does not exist.',
  'missing-column app/api/contacts/route.ts:22 Column "phone" does not exist on relation "public.contacts".',
  'missing-relation app/api/workflowtriggers/route.ts:8 Relation "public.workflow_triggers" does not exist.',
  'missing-relation app/api/workflowtriggers/route.ts:20 Relation "public.workflow_triggers" does not exist.',
];

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function copySample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dbref-scaffold-'));
  dirs.push(dir);
  cpSync(SAMPLE, dir, { recursive: true, filter: (src) => !src.includes('.dbref-cache') });
  return dir;
}

describe('scaffold round trip on samples/nextjs-supabase-collab', () => {
  it('embedded: the written Supabase migration leaves no missing relation or column, and no new NOT NULL gap', async () => {
    const dir = copySample();
    const before = await checkFindings(dir);
    expect(before.findings.filter((f) => f.startsWith('missing-relation') || f.startsWith('missing-column'))).toEqual(BEFORE_MISSING);

    const { code, stderr } = await runCli(['scaffold'], dir);
    expect(code).toBe(0);
    const written = readdirSync(join(dir, 'supabase/migrations')).filter((f) => f.endsWith('_dbref_scaffold.sql'));
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^\d{14}_dbref_scaffold\.sql$/);
    expect(stderr).toBe(`dbref: wrote supabase/migrations/${written[0]} (7 tables, 1 column); review it, then apply it with your migration tool\n`);

    const after = await checkFindings(dir);
    expect(after.incomplete).toBe(false);
    expect(after.findings).toEqual(REMAINING);
  }, 180_000);

  itWithServer('real server: sample migrations + scaffold applied after the Supabase shims; check against the URL', async () => {
    const { stdout: sql, code } = await runCli(['scaffold', '--dry-run'], SAMPLE);
    expect(code).toBe(0);
    const set = detectMigrations(SAMPLE)!;
    const texts = set.files.map((f) => readMigrationText(set, f));
    const plan = planShims(set.layout, texts);
    const db = await createFreshDatabase('dbref_scaffold');
    try {
      // Roles are cluster-wide: another test may have created them already.
      for (const role of plan.roles) {
        await db.exec(`DO $$ BEGIN CREATE ROLE "${role}" NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;`);
      }
      await db.exec(shimSql({ ...plan, roles: [] }));
      await db.exec(`ALTER DATABASE "${db.name}" SET search_path = "$user", public, extensions`);
      for (const text of texts) await db.exec(`SET search_path = "$user", public, extensions;\n${text}`);
      await db.exec(sql);
      const dir = copySample();
      const after = await checkFindings(dir, ['--schema', db.url]);
      expect(after.findings).toEqual(REMAINING);
    } finally {
      await db.drop();
    }
  }, 180_000);
});
