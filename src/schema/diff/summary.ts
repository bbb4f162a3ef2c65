import type { SchemaSnapshot } from '../../types.js';
import { relationKey } from './keys.js';
import type { Change, DiffSummary } from './model.js';

export function summarize(changes: Change[], from: SchemaSnapshot, to: SchemaSnapshot): DiffSummary {
  const summary: DiffSummary = { identical: changes.length === 0, added: 0, removed: 0, changed: 0, renamed: 0, byKind: {} };
  for (const c of changes) {
    const counts = (summary.byKind[c.objectKind] ??= { added: 0, removed: 0, changed: 0, renamed: 0 });
    const field = c.change === 'renamed?' ? 'renamed' : c.change;
    counts[field]++;
    summary[field]++;
  }
  const rows: Record<string, [number | null, number | null]> = {};
  for (const r of from.relations) if (r.rows !== undefined) rows[relationKey(r)] = [r.rows, null];
  for (const r of to.relations) if (r.rows !== undefined) rows[relationKey(r)] = [rows[relationKey(r)]?.[0] ?? null, r.rows];
  if (Object.keys(rows).length > 0) summary.rows = Object.fromEntries(Object.entries(rows).sort(([a], [b]) => a.localeCompare(b)));
  return summary;
}
