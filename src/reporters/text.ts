import { createColors } from 'picocolors';
import type { Finding } from '../types.js';
import { groupByFile, plural, SEVERITY_LABEL, totals } from './shared.js';
import type { CheckResult, ReporterOptions } from './types.js';

/** ESLint "stylish": findings grouped by file, aligned columns, help indented below, a summary line. */
export function formatText(result: CheckResult, options: ReporterOptions = {}): string {
  const c = createColors(options.color ?? false);
  const out: string[] = [];
  const paint = (f: Finding, text: string) =>
    f.severity === 'error' ? c.red(text) : f.severity === 'warn' ? c.yellow(text) : c.blue(text);

  for (const [file, findings] of groupByFile(result.findings)) {
    const rows = findings.map((f) => ({
      f,
      pos: f.location ? `${f.location.line}:${f.location.column}` : '',
      sev: SEVERITY_LABEL[f.severity],
    }));
    const posWidth = Math.max(...rows.map((r) => r.pos.length));
    const sevWidth = Math.max(...rows.map((r) => r.sev.length));
    out.push(c.underline(file ?? 'schema'));
    for (const { f, pos, sev } of rows) {
      const lead = `  ${pos.padStart(posWidth)}  `;
      out.push(`${lead}${paint(f, sev.padEnd(sevWidth))}  ${f.message}  ${c.dim(f.ruleId)}`);
      if (f.help) out.push(`${' '.repeat(lead.length + sevWidth + 2)}${c.dim('help:')} ${f.help}`);
    }
    out.push('');
  }

  if (result.unchecked?.length) {
    out.push(c.underline('not checked (names computed at run time)'));
    for (const r of result.unchecked) {
      const where = `${r.location.file}:${r.location.line}:${r.location.column}`;
      out.push(`  ${where}  ${r.written}${r.note ? c.dim(`  (${r.note})`) : ''}`);
    }
    out.push('');
  }

  const s = result.summary;
  const problems = s.errors + s.warnings + s.infos;
  const paintTotals = s.errors > 0 ? c.red : s.warnings > 0 ? c.yellow : c.blue;
  const head = problems === 0 ? c.green('✔ No problems') : paintTotals(`✖ ${totals(result)}`);
  out.push(c.bold(head));
  const checked = s.references - s.unchecked;
  const detail = `  ${plural(checked, 'reference')} checked in ${plural(s.files, 'file')}`;
  out.push(s.unchecked > 0 ? `${detail}, ${s.unchecked} not checked (dynamic)${result.unchecked ? '' : ': --show-unchecked lists them'}` : detail);
  out.push(`  schema: ${result.schema.source}${result.schema.incomplete ? c.yellow(' (incomplete: some statements failed, see --debug)') : ''}`);
  return `${out.join('\n')}\n`;
}
