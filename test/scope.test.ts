import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

// Paths narrow what is reported, not what is known: the whole project is still extracted, so models declared in
// other files resolve and orphan checks are not fooled.
const samples = join(import.meta.dirname, '..', 'samples');

describe('paths given to refs and check', () => {
  it('refs on one Python file resolves models declared in another', async () => {
    const run = await runCli(['refs', 'app/routes.py', '--format', 'json'], join(samples, 'fastapi-video'));
    const json = JSON.parse(run.stdout) as { references: { extractor: string; relation: { name: string }; column?: string; location: { file: string; line: number; column: number } }[]; declarations: unknown[] };
    expect(new Set(json.references.map((r) => r.location.file))).toEqual(new Set(['app/routes.py']));
    expect(json.declarations).toEqual([]);
    expect(json.references.filter((r) => r.extractor === 'sqlalchemy').map((r) => `${r.location.line}:${r.location.column} ${r.relation.name}${r.column ? `.${r.column}` : ''}`)).toEqual([
      '13:19 videos',
      '13:32 videos.user_id',
      '13:67 videos.created_at',
      '19:15 video_ingest_requests',
      '19:34 video_ingest_requests.video_id',
      '19:53 video_ingest_requests.source_url',
      '27:26 cloud_connections',
      '27:50 cloud_connections.user_id',
      '36:80 users',
    ]);
  });

  it('check on one folder reports only that folder, and no schema-level findings', async () => {
    const run = await runCli(['check', 'app/api/contacts', '--schema', 'schema.snapshot.json', '--format', 'json'], join(samples, 'nextjs-supabase-collab'));
    const json = JSON.parse(run.stdout) as { findings: { ruleId: string; location: { file: string; line: number; column: number } | null }[] };
    expect(json.findings.map((f) => `${f.ruleId} ${f.location?.file}:${f.location?.line}:${f.location?.column}`)).toEqual([
      'invalid-enum-value app/api/contacts/route.ts:11:19',
      'not-null-without-value app/api/contacts/route.ts:21:12',
      'missing-column app/api/contacts/route.ts:22:102',
    ]);
    expect(run.code).toBe(1);
  });

  it('a path that does not exist is named, and nothing else is reported', async () => {
    const run = await runCli(['refs', 'app/nowhere', '--format', 'json'], join(samples, 'nextjs-supabase-collab'));
    const json = JSON.parse(run.stdout) as { references: unknown[]; skipped: unknown[] };
    expect(json.references).toEqual([]);
    expect(json.skipped).toEqual([{ file: 'app/nowhere', reason: 'no such file or directory' }]);
  });
});
