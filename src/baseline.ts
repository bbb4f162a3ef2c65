import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ConfigError } from './errors.js';
import type { Finding } from './types.js';

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string | null;
  message: string;
}

/** `dbref-baseline.json`: the findings accepted for now, sorted so the file diffs cleanly. */
export interface Baseline {
  version: 1;
  findings: BaselineEntry[];
}

export function createBaseline(findings: readonly Finding[]): Baseline {
  const entries = findings.map((f) => ({
    fingerprint: f.fingerprint,
    ruleId: f.ruleId,
    file: f.location?.file ?? null,
    message: f.message,
  }));
  entries.sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') || a.ruleId.localeCompare(b.ruleId) ||
      a.message.localeCompare(b.message) || a.fingerprint.localeCompare(b.fingerprint),
  );
  return { version: 1, findings: entries };
}

export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

export function writeBaseline(path: string, findings: readonly Finding[]): Baseline {
  const baseline = createBaseline(findings);
  writeFileSync(path, serializeBaseline(baseline));
  return baseline;
}

/** Reads a baseline; a file that does not exist yet is an empty baseline (the first `--update-baseline`). */
export function readBaseline(path: string): Baseline {
  if (!existsSync(path)) return { version: 1, findings: [] };
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`Baseline ${path} is not valid JSON (${(error as Error).message})`);
  }
  return parseBaseline(data, path);
}

export function parseBaseline(data: unknown, path = 'baseline'): Baseline {
  const d = data as Partial<Baseline> | null;
  if (!d || typeof d !== 'object' || d.version !== 1 || !Array.isArray(d.findings)) {
    throw new ConfigError(`Baseline ${path} is not a dbref baseline (expected {"version": 1, "findings": [...]})`);
  }
  for (const e of d.findings) {
    if (!e || typeof e.fingerprint !== 'string' || typeof e.ruleId !== 'string') {
      throw new ConfigError(`Baseline ${path} has an entry without a fingerprint and ruleId`);
    }
  }
  return d as Baseline;
}

/** Splits findings into new ones and baselined ones; `stale` are baseline entries that no longer occur. */
export function applyBaseline(
  findings: readonly Finding[],
  baseline: Baseline,
): { newFindings: Finding[]; baselined: Finding[]; stale: BaselineEntry[] } {
  const known = new Set(baseline.findings.map((e) => e.fingerprint));
  const seen = new Set<string>();
  const newFindings: Finding[] = [];
  const baselined: Finding[] = [];
  for (const f of findings) {
    if (known.has(f.fingerprint)) {
      baselined.push(f);
      seen.add(f.fingerprint);
    } else newFindings.push(f);
  }
  return { newFindings, baselined, stale: baseline.findings.filter((e) => !seen.has(e.fingerprint)) };
}
