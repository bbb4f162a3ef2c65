import type { DiffResult } from '../schema/diff.js';

/** The JSON contract of `dbref diff --format json`: `{ changes, summary, notCompared }`. */
export function diffJson(diff: DiffResult): { changes: DiffResult['changes']; summary: DiffResult['summary']; notCompared: string[] } {
  return { changes: diff.changes, summary: diff.summary, notCompared: diff.notCompared };
}

export function formatDiffJson(diff: DiffResult): string {
  return `${JSON.stringify(diffJson(diff), null, 2)}\n`;
}
