import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { reporters } from '../../src/reporters/index.js';
import { COMMENT_LIMIT } from '../../src/reporters/markdown.js';
import { escapeData, escapeProperty } from '../../src/reporters/github.js';
import type { Finding } from '../../src/types.js';
import { findings, result, rules } from './fixture.js';

const expectedDir = fileURLToPath(new URL('./expected/', import.meta.url));
const options = { rules, version: '0.1.0', color: false };

/** Compares with the committed file; `UPDATE_EXPECTED=1` rewrites it (review the diff). */
function expectFile(name: string, actual: string): void {
  const path = `${expectedDir}${name}`;
  if (process.env.UPDATE_EXPECTED || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('reporters: one fixed list of findings → committed expected files', () => {
  it.each([
    ['text', 'report.txt'],
    ['json', 'report.json'],
    ['sarif', 'report.sarif.json'],
    ['markdown', 'report.md'],
    ['github', 'report.github.txt'],
  ] as const)('%s → expected/%s', (format, file) => {
    expectFile(file, reporters[format](result, options));
  });
});

describe('text', () => {
  it('colours only when asked, and the colours are the only difference', () => {
    const coloured = reporters.text(result, { ...options, color: true });
    expect(coloured).toContain('\u001b[31merror');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(reporters.text(result, options));
  });

  it('says there are no problems and how much was checked', () => {
    const clean = { ...result, findings: [], summary: { ...result.summary, errors: 0, warnings: 0, infos: 0, unchecked: 0 } };
    expect(reporters.text(clean, options)).toBe('✔ No problems\n  57 references checked in 9 files\n  schema: supabase/migrations\n');
  });

  it('lists unchecked references under --show-unchecked', () => {
    const unchecked = [{
      extractor: 'supabase-js', kind: 'relation' as const, relation: { schema: null, name: '' }, access: 'read' as const,
      written: '`${prefix}_events`', quoted: true, confidence: 'dynamic' as const, note: 'template with an expression',
      location: { file: 'src/a.ts', line: 3, column: 20, endLine: 3, endColumn: 40 },
    }];
    const text = reporters.text({ ...result, findings: [], unchecked }, options);
    expect(text).toContain('not checked (names computed at run time)\n  src/a.ts:3:20  `${prefix}_events`  (template with an expression)\n');
  });
});

describe('sarif', () => {
  it('validates against the official SARIF 2.1.0 JSON schema', () => {
    // test/fixtures/sarif-schema-2.1.0.json: OASIS sarif-spec (github.com/oasis-tcs/sarif-spec), file
    // sarif-2.1/schema/sarif-schema-2.1.0.json at commit e0583813964ec43cea53b6b531b402866095ed1f, unchanged.
    const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const sarif = JSON.parse(reporters.sarif({ ...result, schema: { ...result.schema, incomplete: true } }, { ...options, rootUri: 'file:///home/dev/app/' }));
    const ok = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
  });

  it('uses dbref/<id> rule ids, helpUri and the findings\' fingerprints', () => {
    const sarif = JSON.parse(reporters.sarif(result, options));
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
      'dbref/invalid-enum-value', 'dbref/missing-column', 'dbref/missing-relation', 'dbref/orphaned-table', 'dbref/unused-model',
      'dbref/unused-suppression',
    ]);
    expect(run.tool.driver.rules[1].helpUri).toBe('https://github.com/dbref/dbref/blob/main/docs/rules/missing-column.md');
    expect(run.results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['dbref/v1'])).toEqual(
      findings.map((f) => f.fingerprint),
    );
    expect(run.results[1].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'app/models%20with%20space.py', uriBaseId: '%SRCROOT%' });
  });
});

describe('markdown', () => {
  it('stays within the limit with a truncation notice', () => {
    const base = findings.find((f) => f.ruleId === 'missing-column')!;
    const many: Finding[] = Array.from({ length: 2000 }, (_, i) => ({
      ...base,
      location: { ...base.location!, file: `src/file${Math.floor(i / 100)}.js`, line: i + 1 },
      fingerprint: String(i).padStart(32, '0'),
    }));
    const md = reporters.markdown({ ...result, findings: many, summary: { ...result.summary, errors: 2000, warnings: 0, infos: 0 } }, options);
    expect(md.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    const shown = md.split('\n').filter((l) => l.startsWith('| ') && l.includes('missing-column')).length;
    expect(md).toContain(`> ${2000 - shown} more findings are not shown: this comment reached GitHub's size limit.`);
    expect(shown).toBeGreaterThan(100);
    expect(md.trimEnd().endsWith('for the full list.')).toBe(true);
    // Every <details> that was opened is closed.
    expect(md.split('<details>').length).toBe(md.split('</details>').length);
  });
});

describe('github', () => {
  it('escapes messages and properties as the workflow-command parser expects', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
  });
});

// ajv-draft-04 and ajv-formats are CommonJS modules that also set `exports.default`.
const Ajv = AjvDraft04.default;
const addFormats = ajvFormats.default;
