import type { AuditItem } from '../audit/map.js';
import { KIND_LABEL, proposalFor, statusLabel, summaryCounts, times, type AuditReport } from './audit-shared.js';

const fence = (lang: string, text: string) => `\`\`\`${lang}\n${text}\n\`\`\``;

/** References grouped by file: `` `a.ts` (lines 8, 22) ``. */
function referencedIn(item: AuditItem): string {
  if (item.references.length === 0) return '_not referenced by the analysed code_';
  const byFile = new Map<string, number[]>();
  for (const l of item.references) {
    const lines = byFile.get(l.file) ?? [];
    if (!lines.includes(l.line)) lines.push(l.line);
    byFile.set(l.file, lines);
  }
  return [...byFile].map(([file, lines]) => `\`${file}\` (line${lines.length > 1 ? 's' : ''} ${lines.join(', ')})`).join(', ');
}

function section(item: AuditItem, report: AuditReport): string {
  const lines = [`### \`${item.name}\``, ''];
  const seen = item.firstSeen
    ? item.firstSeen === item.lastSeen
      ? `, at ${item.firstSeen}`
      : `, first ${item.firstSeen}, last ${item.lastSeen}`
    : '';
  lines.push(`**${KIND_LABEL[item.kind]}** · seen ${times(item.occurrences)}${seen}${item.codes.length ? ` · ${item.codes.map((c) => `\`${c}\``).join(', ')}` : ''} · ${statusLabel(item)}`, '');
  lines.push(`**${item.kind === 'not-null' ? 'Inserts that omit it' : 'Referenced in'}:** ${referencedIn(item)}`);
  for (const statement of item.statements) lines.push('', 'Logged statement:', '', fence('sql', statement));
  if (item.status === 'missing') {
    const proposal = proposalFor(item, report.plan);
    if (proposal) lines.push('', 'Proposed (inferred from the code; review before applying):', '', fence('sql', proposal));
    else if (item.kind === 'function') lines.push('', 'No DDL proposed: a function body cannot be inferred from its calls.');
    else if (item.kind === 'not-null' && item.object) {
      lines.push('', `Fix: provide \`${item.column}\` in the inserts above, or give the column a default (\`ALTER TABLE ${item.object.schema}.${item.object.name} ALTER COLUMN ${item.column} SET DEFAULT ...\`).`);
    }
  }
  return lines.join('\n');
}

/** A report like a hand-written missing-tables audit (seed 004), generated from the logs and the code. */
export function formatAuditMarkdown(report: AuditReport): string {
  const { result } = report;
  const { missing, fixed } = summaryCounts(result);
  const out: string[] = ['# Missing database objects', ''];
  const logs = result.logs.map((l) => `\`${l.file}\` (${l.lines} lines, ${l.entries} errors about missing objects${l.unrecognized ? `, ${l.unrecognized} not understood` : ''})`);
  out.push(`Audit of ${logs.join(', ')} against the schema from \`${result.schema.source}\`${result.schema.incomplete ? ' (incomplete)' : ''}: **${missing} still missing**, ${fixed} fixed since.`);
  if (result.items.length > 0) {
    out.push('', '| Object | Kind | Seen | First seen | Last seen | State |', '| --- | --- | ---: | --- | --- | --- |');
    for (const item of result.items) {
      out.push(`| \`${item.name}\` | ${KIND_LABEL[item.kind]} | ${item.occurrences} | ${item.firstSeen ?? ''} | ${item.lastSeen ?? ''} | ${statusLabel(item)} |`);
    }
  }
  const still = result.items.filter((i) => i.status === 'missing');
  const done = result.items.filter((i) => i.status !== 'missing');
  if (still.length > 0) out.push('', '## Still missing', '', still.map((i) => section(i, report)).join('\n\n'));
  if (done.length > 0) out.push('', '## Fixed since', '', done.map((i) => section(i, report)).join('\n\n'));
  const functions = report.plan?.functions ?? [];
  if (report.plan && (report.plan.tables.length > 0 || report.plan.columns.length > 0 || functions.length > 0)) {
    out.push('', '## Migration', '', 'Write it with `dbref scaffold --from-audit <log>`; tables are ordered so foreign keys resolve.');
  }
  return `${out.join('\n')}\n`;
}
