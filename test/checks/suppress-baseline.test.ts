import { describe, expect, it } from 'vitest';
import { applyBaseline, createBaseline, parseBaseline, serializeBaseline } from '../../src/baseline.js';
import { applySuppressions, parseSuppressions } from '../../src/suppress.js';
import type { Finding } from '../../src/types.js';
import { at } from '../helpers/schema-builder.js';

const finding = (ruleId: string, where: string, fingerprint = `${ruleId}:${where}`): Finding => ({
  ruleId, messageId: 'm', message: `${ruleId} at ${where}.`, severity: 'error', location: at(where), fingerprint,
});

describe('suppressions', () => {
  it('parses JS, Python, SQL and block comments with rules and reasons', () => {
    const text = [
      '// dbref-ignore-next-line missing-column -- column added by a later migration',
      '  # dbref-ignore-next-line missing-relation, dbref/missing-column',
      'SELECT 1; -- dbref-ignore-next-line',
      '{/* dbref-ignore-file orphaned-table */}',
      'const s = "not a directive: dbref-ignore";',
    ].join('\n');
    expect(parseSuppressions('a.ts', text).map(({ kind, rules, reason, location }) => ({ kind, rules, reason, at: `${location.line}:${location.column}` }))).toEqual([
      { kind: 'next-line', rules: ['missing-column'], reason: 'column added by a later migration', at: '1:1' },
      { kind: 'next-line', rules: ['missing-relation', 'missing-column'], reason: undefined, at: '2:3' },
      { kind: 'next-line', rules: [], reason: undefined, at: '3:11' },
      { kind: 'file', rules: ['orphaned-table'], reason: undefined, at: '4:2' },
    ]);
  });

  it('drops suppressed findings and reports unused suppressions', () => {
    const files: Record<string, string> = {
      'src/a.ts': '// dbref-ignore-next-line missing-column, missing-relation -- legacy\nselect clinic_name from leads\nok\n',
      'db/q.sql': '-- dbref-ignore-next-line\nSELECT 1;\n',
      'app/m.py': '# dbref-ignore-file\n',
      'src/clean.ts': '// dbref-ignore-next-line missing-column\n',
    };
    const input = [finding('missing-column', 'src/a.ts:2:8'), finding('missing-column', 'src/a.ts:3:1'), finding('unused-model', 'app/m.py:5:1')];
    const { findings, unusedSuppressions } = applySuppressions(input, (f) => files[f], ['db/q.sql', 'src/clean.ts']);
    expect(findings.map((f) => f.location && `${f.location.file}:${f.location.line}`)).toEqual(['src/a.ts:3']);
    expect(unusedSuppressions.map((f) => [`${f.location!.file}:${f.location!.line}:${f.location!.column}`, f.ruleId, f.severity, f.message, f.help])).toEqual([
      ['db/q.sql:1:1', 'unused-suppression', 'warn', 'Suppression is unused: no such finding on the next line.', 'remove the comment'],
      ['src/a.ts:1:1', 'unused-suppression', 'warn', 'Suppression of "missing-relation" is unused: no such finding on the next line.', 'remove `missing-relation` from the comment, or the comment itself'],
      ['src/clean.ts:1:1', 'unused-suppression', 'warn', 'Suppression of "missing-column" is unused: no such finding on the next line.', 'remove `missing-column` from the comment, or the comment itself'],
    ]);
  });
});

describe('baseline', () => {
  const a = finding('missing-column', 'src/a.ts:2:8', 'aaaa');
  const b = finding('missing-relation', 'src/b.ts:1:1', 'bbbb');
  const c = finding('missing-relation', 'src/a.ts:9:1', 'cccc');

  it('writes entries sorted by file, rule and message', () => {
    expect(serializeBaseline(createBaseline([b, a, c]))).toBe(
      `${JSON.stringify({ version: 1, findings: [
        { fingerprint: 'aaaa', ruleId: 'missing-column', file: 'src/a.ts', message: 'missing-column at src/a.ts:2:8.' },
        { fingerprint: 'cccc', ruleId: 'missing-relation', file: 'src/a.ts', message: 'missing-relation at src/a.ts:9:1.' },
        { fingerprint: 'bbbb', ruleId: 'missing-relation', file: 'src/b.ts', message: 'missing-relation at src/b.ts:1:1.' },
      ] }, null, 2)}\n`,
    );
  });

  it('splits new from baselined findings and lists stale entries', () => {
    const baseline = createBaseline([a, b]);
    const { newFindings, baselined, stale } = applyBaseline([a, c], baseline);
    expect(newFindings).toEqual([c]);
    expect(baselined).toEqual([a]);
    expect(stale.map((e) => e.fingerprint)).toEqual(['bbbb']);
  });

  it('refuses a file that is not a baseline, naming it', () => {
    expect(() => parseBaseline({ findings: 3 }, 'dbref-baseline.json')).toThrow(
      'Baseline dbref-baseline.json is not a dbref baseline (expected {"version": 1, "findings": [...]})',
    );
  });
});
