import { DOCS_BASE } from '../extractor.js';
import type { Finding, Severity } from '../types.js';
import type { CheckResult, CheckSummary, RuleInfo } from './types.js';
import type { AnyCheck } from '../check.js';
import type { Reference } from '../types.js';

/** Rules that are not checks but produce findings. */
const EXTRA_RULES: RuleInfo[] = [
  {
    id: 'unused-suppression',
    description: 'A dbref-ignore comment that silences no finding.',
    docsUrl: `${DOCS_BASE}/unused-suppression.md`,
    defaultSeverity: 'warn',
  },
];

/** Rule metadata for reporters from the checks that ran (pass `checks` from rules/index.ts). */
export function ruleInfos(checks: readonly AnyCheck[]): RuleInfo[] {
  return [
    ...checks.map((c) => ({
      id: c.meta.id,
      description: c.meta.description,
      docsUrl: c.meta.docsUrl,
      defaultSeverity: String(c.meta.defaultSeverity),
    })),
    ...EXTRA_RULES,
  ].sort((a, b) => a.id.localeCompare(b.id));
}

export function docsUrl(ruleId: string, rules: readonly RuleInfo[] = []): string {
  return rules.find((r) => r.id === ruleId)?.docsUrl ?? `${DOCS_BASE}/${ruleId}.md`;
}

/** The rules to describe: those given, else the ids the findings use. */
export function rulesFor(findings: readonly Finding[], rules: readonly RuleInfo[] | undefined): RuleInfo[] {
  const known = rules ?? [];
  const ids = new Set([...known.map((r) => r.id), ...findings.map((f) => f.ruleId)]);
  return [...ids].sort().map(
    (id) =>
      known.find((r) => r.id === id) ??
      EXTRA_RULES.find((r) => r.id === id) ?? { id, description: id, docsUrl: docsUrl(id), defaultSeverity: 'error' },
  );
}

/** Builds the CheckResult summary from findings and all references (dynamic ones count as unchecked). */
export function summarize(
  findings: readonly Finding[],
  references: readonly Reference[],
): CheckSummary {
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warn').length,
    infos: findings.filter((f) => f.severity === 'info').length,
    references: references.length,
    unchecked: references.filter((r) => r.confidence === 'dynamic').length,
    files: new Set(references.map((r) => r.location.file)).size,
  };
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export const SEVERITY_LABEL: Record<Severity, string> = { error: 'error', warn: 'warning', info: 'info' };

/** Findings grouped by file in order of appearance; schema-level findings (no location) under `null`. */
export function groupByFile(findings: readonly Finding[]): [string | null, Finding[]][] {
  const groups = new Map<string | null, Finding[]>();
  for (const f of findings) {
    const key = f.location?.file ?? null;
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  const entries = [...groups.entries()];
  return [...entries.filter(([k]) => k !== null), ...entries.filter(([k]) => k === null)];
}

export function totals(result: CheckResult): string {
  const s = result.summary;
  const problems = s.errors + s.warnings + s.infos;
  return `${plural(problems, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info', 'infos')})`;
}
