import { fingerprint } from './fingerprint.js';
import type { Finding, Location } from './types.js';

/** One `dbref-ignore-next-line` / `dbref-ignore-file` comment. */
export interface Suppression {
  kind: 'next-line' | 'file';
  /** Rule ids it names; empty means every rule. */
  rules: string[];
  reason?: string;
  location: Location;
  text: string;
}

// `// x`, `# x`, `-- x`, `/* x */` (also inside JSX `{/* x */}`); the directive must start the comment.
const DIRECTIVE = /(?:\/\/|#|--|\/\*)\s*dbref-ignore-(next-line|file)\b(.*)$/;

/** The suppression comments of a file, in order. */
export function parseSuppressions(file: string, text: string): Suppression[] {
  const result: Suppression[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const m = DIRECTIVE.exec(line);
    if (!m) return;
    let rest = m[2]!.replace(/\*\/.*$/, '').trim();
    let reason: string | undefined;
    const sep = rest.search(/(?:^|\s)--(?:\s|$)/);
    if (sep >= 0) {
      reason = rest.slice(sep).replace(/^\s*--\s*/, '').trim() || undefined;
      rest = rest.slice(0, sep).trim();
    }
    const rules = rest.split(/[\s,]+/).filter(Boolean).map((r) => r.replace(/^dbref\//, ''));
    const column = m.index + 1;
    result.push({
      kind: m[1] === 'file' ? 'file' : 'next-line',
      rules,
      ...(reason ? { reason } : {}),
      location: { file, line: i + 1, column, endLine: i + 1, endColumn: line.length + 1 },
      text: line.trim(),
    });
  });
  return result;
}

/**
 * Drops findings silenced by suppression comments and reports each suppression (or each rule a suppression names)
 * that silenced nothing, as a warning of rule `unused-suppression`. `files` are the files whose comments count;
 * by default the files that have findings. `readFile` returns undefined for unreadable files.
 */
export function applySuppressions(
  findings: Finding[],
  readFile: (file: string) => string | undefined,
  files?: Iterable<string>,
): { findings: Finding[]; unusedSuppressions: Finding[] } {
  const byFile = new Map<string, Suppression[]>();
  const wanted = new Set(files ?? []);
  for (const f of findings) if (f.location) wanted.add(f.location.file);
  for (const file of [...wanted].sort()) {
    const text = readFile(file);
    if (text !== undefined && text.includes('dbref-ignore')) byFile.set(file, parseSuppressions(file, text));
  }

  const used = new Map<Suppression, Set<string>>();
  const kept = findings.filter((f) => {
    if (!f.location) return true;
    const s = byFile.get(f.location.file)?.find(
      (s) => (s.kind === 'file' || s.location.line + 1 === f.location!.line) && (s.rules.length === 0 || s.rules.includes(f.ruleId)),
    );
    if (!s) return true;
    const rules = used.get(s) ?? new Set<string>();
    rules.add(f.ruleId);
    used.set(s, rules);
    return false;
  });

  const unusedSuppressions: Finding[] = [];
  for (const list of byFile.values()) {
    for (const s of list) {
      const hit = used.get(s);
      const unusedRules = s.rules.length === 0 ? (hit ? [] : ['']) : s.rules.filter((r) => !hit?.has(r));
      for (const rule of unusedRules) {
        const what = rule ? `of "${rule}" ` : '';
        const where = s.kind === 'file' ? 'in this file' : 'on the next line';
        unusedSuppressions.push({
          ruleId: 'unused-suppression',
          messageId: 'unusedSuppression',
          message: `Suppression ${what}is unused: no such finding ${where}.`,
          help: rule ? `remove \`${rule}\` from the comment, or the comment itself` : 'remove the comment',
          severity: 'warn',
          location: s.location,
          fingerprint: fingerprint({ ruleId: 'unused-suppression', file: s.location.file, column: rule, text: s.text }),
        });
      }
    }
  }
  return { findings: kept, unusedSuppressions };
}
