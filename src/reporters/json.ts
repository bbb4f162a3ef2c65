import type { CheckResult, ReporterOptions } from './types.js';

/** The JSON contract of `dbref check --format json`. */
export function formatJson(result: CheckResult, _options: ReporterOptions = {}): string {
  const findings = result.findings.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    help: f.help ?? null,
    location: f.location ? { file: f.location.file, line: f.location.line, column: f.location.column } : null,
    relation: f.relation ? { schema: f.relation.schema, name: f.relation.name } : null,
    column: f.column ?? null,
    fingerprint: f.fingerprint,
  }));
  const s = result.summary;
  const output: Record<string, unknown> = {
    findings,
    summary: { errors: s.errors, warnings: s.warnings, infos: s.infos, references: s.references, unchecked: s.unchecked, files: s.files },
    schema: { source: result.schema.source, incomplete: result.schema.incomplete },
  };
  if (result.unchecked) {
    output.unchecked = result.unchecked.map((r) => ({
      kind: r.kind,
      written: r.written,
      note: r.note ?? null,
      location: { file: r.location.file, line: r.location.line, column: r.location.column },
    }));
  }
  return `${JSON.stringify(output, null, 2)}\n`;
}
