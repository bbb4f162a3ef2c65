import { describe, expect, it } from 'vitest';
import { defineCheck, fillTemplate, runChecks } from '../../src/check.js';
import { checks } from '../../rules/index.js';
import { expectFindings, expectNoFindings } from '../helpers/findings.js';
import { buildSchema, col, ref } from '../helpers/schema-builder.js';
import missingColumn from '../../rules/checks/missing-column.js';
import missingRelation from '../../rules/checks/missing-relation.js';

const schema = buildSchema({ tables: { 'public.users': ['id serial', 'email text'] } });

describe('defineCheck', () => {
  it('types messageId from meta.messages', () => {
    const c = defineCheck({
      meta: { id: 'x', description: 'x', defaultSeverity: 'warn', messages: { hello: 'Hello "{{who}}".' } },
      check({ report }) {
        report({ messageId: 'hello', data: { who: 'world' }, location: { file: 'a', line: 1, column: 1, endLine: 1, endColumn: 2 } });
        // @ts-expect-error a messageId that meta.messages lacks fails tsc
        if (Math.random() > 2) report({ messageId: 'helo' });
      },
    });
    expect(c.meta.docsUrl).toBe('https://github.com/dbref/dbref/blob/main/docs/rules/x.md');
    const [f] = runChecks([c], { references: [], declarations: [], snapshot: schema });
    expect(f).toMatchObject({ ruleId: 'x', messageId: 'hello', message: 'Hello "world".', severity: 'warn' });
  });

  it('leaves a placeholder without data visible', () => {
    expect(fillTemplate('Column "{{column}}" on "{{relation}}".', { column: 'a' })).toBe('Column "a" on "{{relation}}".');
  });
});

describe('runChecks', () => {
  const references = [
    ref('ghosts', { at: 'src/b.ts:3:1' }),
    col('users.nope', { at: 'src/a.ts:9:5', written: 'nope' }),
    col('users.nope', { at: 'src/a.ts:2:5', written: 'nope' }),
    ref('ghosts', { at: 'src/a.ts:2:1', confidence: 'dynamic' }),
  ];

  it('sorts by file, line, column, rule and honours severities', () => {
    const findings = runChecks(checks, { references, declarations: [], snapshot: schema, severities: { 'missing-column': 'warn', 'orphaned-table': 'off' } });
    expect(findings.map((f) => `${f.location?.file}:${f.location?.line}:${f.location?.column} ${f.severity} ${f.ruleId}`)).toEqual([
      'src/a.ts:2:5 warn missing-column',
      'src/a.ts:9:5 warn missing-column',
      'src/b.ts:3:1 error missing-relation',
    ]);
  });

  it('gives stable fingerprints that do not depend on the line, and distinct ones for repeats', () => {
    const a = runChecks([missingColumn], { references, declarations: [], snapshot: schema });
    const moved = references.map((r) => ({ ...r, location: { ...r.location, line: r.location.line + 10 } }));
    const b = runChecks([missingColumn], { references: moved, declarations: [], snapshot: schema });
    expect(b.map((f) => f.fingerprint)).toEqual(a.map((f) => f.fingerprint));
    expect(new Set(a.map((f) => f.fingerprint)).size).toBe(2);
  });

  it('skips relations matched by ignoreRelations / ignoreSchemas globs', () => {
    expectNoFindings(missingRelation, {
      schema,
      references: [ref('audit_2024'), ref('archive.orders'), ref('tmp.x')],
      ignoreRelations: ['audit_*', 'archive.*'],
      ignoreSchemas: ['tmp'],
    });
  });
});

describe('guard helpers', () => {
  it('expectFindings refuses an empty expectation', () => {
    expect(() => expectFindings(missingRelation, { schema, references: [] }, [])).toThrow(/use expectNoFindings\(\)/);
  });

  it('expectNoFindings lists what it found and points to expectFindings', () => {
    expect(() => expectNoFindings(missingRelation, { schema, references: [ref('ghosts', { at: 'src/x.ts:4:2' })] })).toThrow(
      'expectNoFindings() got 1 finding(s) from "missing-relation":\n  src/x.ts:4:2  Relation "public.ghosts" does not exist.\nIf these are expected, use expectFindings() with the exact findings.',
    );
  });
});
