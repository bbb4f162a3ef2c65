import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const SAMPLE = 'samples/nextjs-supabase-collab';
const EXPECTED_MD = 'test/fixtures/logs/nextjs-supabase-collab.audit.md';

interface JsonItem {
  kind: string;
  name: string;
  occurrences: number;
  firstSeen?: string;
  lastSeen?: string;
  codes: string[];
  status: string;
  references: { file: string; line: number; column: number }[];
}

describe('dbref audit on samples/nextjs-supabase-collab', () => {
  it('maps every missing object in the production log to its route files and lines', async () => {
    const { code, stdout, stderr } = await runCli(['audit', 'logs/production.log', '--format', 'json'], SAMPLE);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { items: JsonItem[]; logs: unknown[]; summary: unknown };
    expect(report.logs).toEqual([{ file: 'logs/production.log', lines: 20, entries: 10, unrecognized: 0 }]);
    expect(report.summary).toEqual({ missing: 9, fixed: 0 });
    const at = (item: JsonItem) => item.references.map((r) => `${r.file}:${r.line}:${r.column}`);
    expect(
      report.items.map((i) => ({ kind: i.kind, name: i.name, n: i.occurrences, first: i.firstSeen, last: i.lastSeen, codes: i.codes, status: i.status, at: at(i) })),
    ).toEqual([
      { kind: 'relation', name: 'public.collaboration_calls', n: 1, first: undefined, last: undefined, codes: ['42P01'], status: 'missing', at: ['app/api/collaboration/start-call/route.ts:11:12'] },
      {
        kind: 'relation', name: 'public.collaboration_channels', n: 2, first: '2025-10-02T14:03:11.482Z', last: '2025-10-02T16:41:09.004Z', codes: ['42P01'], status: 'missing',
        at: ['app/api/collaboration/channels/route.ts:8:12', 'app/api/collaboration/channels/route.ts:22:12', 'app/api/collaboration/messages/route.ts:28:24', 'app/api/collaboration/start-call/route.ts:8:50'],
      },
      { kind: 'relation', name: 'public.collaboration_meetings', n: 1, first: '2025-10-02T14:11:27.903Z', last: '2025-10-02T14:11:27.903Z', codes: ['42P01'], status: 'missing', at: ['app/api/collaboration/schedule-meeting/route.ts:9:12'] },
      {
        kind: 'relation', name: 'public.collaboration_messages', n: 1, first: '2025-10-02T14:05:40.118Z', last: '2025-10-02T14:05:40.118Z', codes: ['42P01'], status: 'missing',
        at: ['app/api/collaboration/channels/route.ts:9:82', 'app/api/collaboration/messages/route.ts:8:12', 'app/api/collaboration/messages/route.ts:23:12'],
      },
      { kind: 'relation', name: 'public.subscriptions', n: 1, first: '2025-10-02T14:20:15.640Z', last: '2025-10-02T14:20:15.640Z', codes: ['PGRST205'], status: 'missing', at: ['app/api/billing/subscription/route.ts:8:12'] },
      {
        kind: 'relation', name: 'public.workflow_triggers', n: 1, first: '2025-10-02T14:06:02.377Z', last: '2025-10-02T14:06:02.377Z', codes: ['PGRST205'], status: 'missing',
        at: ['app/api/workflowtriggers/route.ts:8:12', 'app/api/workflowtriggers/route.ts:20:12'],
      },
      { kind: 'column', name: 'public.contacts.phone', n: 1, first: '2025-10-02T15:02:44.117Z', last: '2025-10-02T15:02:44.117Z', codes: ['42703'], status: 'missing', at: ['app/api/contacts/route.ts:22:102'] },
      { kind: 'function', name: 'public.billing_usage_summary(org_id)', n: 1, first: '2025-10-02T14:20:15.702Z', last: '2025-10-02T14:20:15.702Z', codes: ['PGRST202'], status: 'missing', at: ['app/api/billing/subscription/route.ts:15:47'] },
      { kind: 'not-null', name: 'public.contacts.company', n: 1, first: '2025-10-02T15:09:03.552Z', last: '2025-10-02T15:09:03.552Z', codes: ['23502'], status: 'missing', at: ['app/api/contacts/route.ts:21:12'] },
    ]);
  });

  it('writes the markdown report committed beside the tests (UPDATE_EXPECTED=1 rewrites it)', async () => {
    const { code, stdout } = await runCli(['audit', 'logs/production.log', '--format', 'markdown'], SAMPLE);
    expect(code).toBe(1);
    if (process.env.UPDATE_EXPECTED || !existsSync(EXPECTED_MD)) writeFileSync(EXPECTED_MD, stdout);
    expect(stdout).toBe(readFileSync(EXPECTED_MD, 'utf8'));
  });

  it('says "fixed since" for objects the schema has now, and exits 0 when nothing is still missing', async () => {
    const fixed = await runCli(['audit', '../../test/fixtures/logs/fixed-since.log'], SAMPLE);
    expect(fixed.stdout).toBe(
      [
        `${process.cwd()}/test/fixtures/logs/fixed-since.log: 2 lines, 2 errors about missing objects`,
        '',
        '✔ relation public.organizations  exists now (fixed since)',
        '    seen once, at 2025-09-30T08:00:00.000Z (42P01)',
        '    referenced in:',
        '      app/api/contacts/route.ts:9:78',
        '',
        '✔ column public.contacts.last_name  exists now (fixed since)',
        '    seen once, at 2025-09-30T08:00:01.000Z (42703)',
        '    referenced in:',
        '      app/api/contacts/route.ts:9:30',
        '',
        '0 still missing, 2 fixed since (schema: supabase/migrations).',
        '',
      ].join('\n'),
    );
    expect(fixed.code).toBe(0);
  });

  it('reports an unreadable log on one line and exits 2 when no log could be read', async () => {
    const { code, stderr } = await runCli(['audit', 'logs/nope.log'], SAMPLE);
    expect(stderr).toBe(`dbref: Cannot read log ${process.cwd()}/${SAMPLE}/logs/nope.log (ENOENT)\n`);
    expect(code).toBe(2);
  });
});
