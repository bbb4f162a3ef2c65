import { expect } from 'vitest';
import { runChecks, type AnyCheck, type RunChecksOptions } from '../../src/check.js';
import type { Declaration, Finding, Reference, SchemaSnapshot } from '../../src/types.js';

/** A finding as tests write it: location as `file:line:column` (or null for schema-level findings). */
export interface ExpectedFinding {
  messageId: string;
  message: string;
  help?: string;
  at: string | null;
  severity?: Finding['severity'];
  relation?: string;
  column?: string;
}

export interface CheckInput extends Partial<Omit<RunChecksOptions, 'snapshot' | 'references' | 'declarations'>> {
  schema: SchemaSnapshot;
  references?: Reference[];
  declarations?: Declaration[];
}

export function run(check: AnyCheck, input: CheckInput): Finding[] {
  const { schema, references = [], declarations = [], ...rest } = input;
  return runChecks([check], { ...rest, snapshot: schema, references, declarations });
}

export function compactFinding(f: Finding, withSeverity = false): ExpectedFinding {
  return {
    messageId: f.messageId,
    message: f.message,
    ...(f.help !== undefined ? { help: f.help } : {}),
    at: f.location ? `${f.location.file}:${f.location.line}:${f.location.column}` : null,
    ...(withSeverity ? { severity: f.severity } : {}),
    ...(f.relation ? { relation: `${f.relation.schema ?? ''}.${f.relation.name}` } : {}),
    ...(f.column !== undefined ? { column: f.column } : {}),
  };
}

/** Asserts the exact findings (message, help, location, relation, column). Refuses an empty expectation. */
export function expectFindings(check: AnyCheck, input: CheckInput, expected: ExpectedFinding[]): Finding[] {
  if (expected.length === 0) {
    throw new Error('expectFindings() was given no expected findings: use expectNoFindings() for the valid case.');
  }
  const findings = run(check, input);
  const withSeverity = expected.some((e) => e.severity !== undefined);
  expect(findings.map((f) => compactFinding(f, withSeverity))).toEqual(
    expected.map((e) => (withSeverity ? e : (({ severity: _s, ...rest }) => rest)(e))),
  );
  for (const f of findings) {
    expect(f.ruleId).toBe(check.meta.id);
    expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  }
  return findings;
}

/** Asserts that the check finds nothing; when it does, lists the findings and says to use expectFindings(). */
export function expectNoFindings(check: AnyCheck, input: CheckInput): void {
  const findings = run(check, input);
  if (findings.length > 0) {
    const list = findings.map((f) => `  ${compactFinding(f).at ?? '(schema)'}  ${f.message}`).join('\n');
    throw new Error(
      `expectNoFindings() got ${findings.length} finding(s) from "${check.meta.id}":\n${list}\n` +
        'If these are expected, use expectFindings() with the exact findings.',
    );
  }
}
