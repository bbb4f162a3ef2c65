import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractors } from '../rules/index.js';
import { extractProject } from '../src/run.js';
import { snapshotCacheKey } from '../src/schema/cache.js';
import { detectMigrations } from '../src/schema/migrations.js';
import type { SchemaSnapshot } from '../src/types.js';
import { runCli } from './helpers/cli.js';

// Each sample is checked offline against its committed schema.snapshot.json and must print exactly expected.txt.
// UPDATE_EXPECTED=1 rewrites expected.txt; review the diff before committing.
const samplesDir = join(import.meta.dirname, '..', 'samples');
// Code samples (those with a manifest); schema-only samples such as liveconvo-drift are tested by their own suites.
const samples = readdirSync(samplesDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .filter((e) => ['package.json', 'requirements.txt', 'pyproject.toml'].some((m) => existsSync(join(samplesDir, e.name, m))))
  .map((e) => e.name)
  .sort();
const update = process.env.UPDATE_EXPECTED === '1';

describe.each(samples)('samples/%s', (name) => {
  const dir = join(samplesDir, name);

  it('has a schema snapshot and an expected report', () => {
    expect(existsSync(join(dir, 'schema.snapshot.json')), `run: dbref snapshot --out schema.snapshot.json in samples/${name}`).toBe(true);
    expect(existsSync(join(dir, 'expected.txt')), `run UPDATE_EXPECTED=1 npx vitest run test/samples.test.ts`).toBe(true);
  });

  it('has a snapshot built from its current schema files (same inputs hash)', () => {
    const snapshot = JSON.parse(readFileSync(join(dir, 'schema.snapshot.json'), 'utf8')) as SchemaSnapshot;
    const set = detectMigrations(dir);
    expect(set, `samples/${name} has no schema.sql or migrations`).toBeDefined();
    expect(snapshot.source.inputsHash, `schema.snapshot.json is stale: cd samples/${name} && dbref snapshot --out schema.snapshot.json`).toBe(
      snapshotCacheKey(set!),
    );
  });

  it('prints exactly expected.txt offline, from its snapshot', async () => {
    const run = await runCli(['check', '--schema', 'schema.snapshot.json'], dir);
    expect(run.stderr).toBe('');
    const expectedPath = join(dir, 'expected.txt');
    if (update) writeFileSync(expectedPath, run.stdout);
    expect(run.stdout).toBe(readFileSync(expectedPath, 'utf8'));
    const hasErrors = /✖ .*\d+ errors?/.test(run.stdout);
    expect(run.code).toBe(hasErrors ? 1 : 0);
  });
});

describe('sample coverage', () => {
  it('every extractor finds references or declarations in at least one sample', async () => {
    const seen = new Set<string>();
    for (const name of samples) {
      const result = await extractProject({ root: join(samplesDir, name) });
      for (const r of result.references) seen.add(r.extractor);
      for (const d of result.declarations) seen.add(d.extractor);
    }
    expect(extractors.map((e) => e.id).filter((id) => !seen.has(id))).toEqual([]);
  });
});
