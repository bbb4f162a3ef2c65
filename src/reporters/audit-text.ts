import pc from 'picocolors';
import { formatLocations } from '../scaffold/sql.js';
import { KIND_LABEL, statusLabel, summaryCounts, times, type AuditReport } from './audit-shared.js';

const MAX_STATEMENT = 200;

/** The terminal report of `dbref audit`: one block per missing object, still-missing first. */
export function formatAuditText(report: AuditReport, options: { color?: boolean } = {}): string {
  const c = pc.createColors(options.color ?? false);
  const { result } = report;
  const out: string[] = [];
  for (const log of result.logs) {
    out.push(
      c.dim(`${log.file}: ${log.lines} lines, ${log.entries} errors about missing objects${log.unrecognized ? `, ${log.unrecognized} lines not understood` : ''}`),
    );
  }
  const ordered = [...result.items].sort((a, b) => Number(a.status !== 'missing') - Number(b.status !== 'missing'));
  for (const item of ordered) {
    const missing = item.status === 'missing';
    out.push('');
    out.push(`${missing ? c.red('✖') : c.green('✔')} ${KIND_LABEL[item.kind]} ${c.bold(item.name)}  ${missing ? c.red(statusLabel(item)) : c.green(statusLabel(item))}`);
    const span = item.firstSeen ? (item.firstSeen === item.lastSeen ? `, at ${item.firstSeen}` : `, ${item.firstSeen} … ${item.lastSeen}`) : '';
    out.push(`    seen ${times(item.occurrences)}${span}${item.codes.length ? ` (${item.codes.join(', ')})` : ''}`);
    for (const s of item.statements) {
      const oneLine = s.replace(/\s+/g, ' ');
      out.push(`    statement: ${oneLine.length > MAX_STATEMENT ? `${oneLine.slice(0, MAX_STATEMENT - 1)}…` : oneLine}`);
    }
    if (item.references.length === 0) out.push(c.dim('    not referenced by the analysed code'));
    else {
      out.push(`    ${item.kind === 'not-null' ? 'inserts that omit it' : 'referenced in'}:`);
      for (const l of item.references) out.push(`      ${l.file}:${l.line}:${l.column}`);
    }
  }
  const { missing, fixed } = summaryCounts(result);
  out.push('');
  if (result.items.length === 0) out.push(c.green('No errors about missing objects in the logs.'));
  else out.push(`${missing > 0 ? c.red(`${missing} still missing`) : c.green('0 still missing')}, ${fixed} fixed since (schema: ${result.schema.source}${result.schema.incomplete ? ', incomplete' : ''}).`);
  if (missing > 0 && report.plan && (report.plan.tables.length > 0 || report.plan.columns.length > 0)) {
    out.push(c.dim(`Run \`dbref scaffold --from-audit <log>\` for the migration (${formatCount(report.plan.tables.length, 'table')}, ${formatCount(report.plan.columns.length, 'column')}).`));
  }
  return `${out.join('\n')}\n`;
}

function formatCount(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export { formatLocations };
