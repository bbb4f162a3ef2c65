import type { Finding } from '../types.js';
import { docsUrl, groupByFile, plural, SEVERITY_LABEL } from './shared.js';
import type { CheckResult, ReporterOptions } from './types.js';

/** GitHub's limit on the body of an issue or PR comment. */
export const COMMENT_LIMIT = 65_536;
/** Bots find and update their earlier comment by this marker. */
export const COMMENT_MARKER = '<!-- dbref-report -->';

const ICON = { error: '🔴', warn: '🟡', info: '🔵' } as const;

/** A pull-request comment: a summary table, then findings per file in collapsible sections, within the size limit. */
export function formatMarkdown(result: CheckResult, options: ReporterOptions = {}): string {
  const limit = options.maxLength ?? COMMENT_LIMIT;
  const s = result.summary;
  const problems = s.errors + s.warnings + s.infos;
  const head: string[] = [
    COMMENT_MARKER,
    `## dbref: ${problems === 0 ? 'no problems found' : `${plural(problems, 'problem')} found`}`,
    '',
    '| | Count |',
    '| --- | ---: |',
    `| ${ICON.error} Errors | ${s.errors} |`,
    `| ${ICON.warn} Warnings | ${s.warnings} |`,
    `| ${ICON.info} Infos | ${s.infos} |`,
    `| References checked | ${s.references - s.unchecked} |`,
    `| Not checked (dynamic names) | ${s.unchecked} |`,
    `| Files with references | ${s.files} |`,
    '',
    `Schema: \`${cell(result.schema.source)}\`${result.schema.incomplete ? ' (⚠️ incomplete: some statements failed, findings on the affected tables may be wrong)' : ''}`,
    '',
  ];

  let body = `${head.join('\n')}\n`;
  const total = result.findings.length;
  let shown = 0;
  // Whole rows only, and always room left for the notice, so the comment stays within the limit.
  for (const [file, findings] of groupByFile(result.findings)) {
    const { open, rows, close } = section(file, findings, options);
    let text = open;
    let taken = 0;
    for (const row of rows) {
      const notice = truncationNotice(total - shown - taken);
      if (body.length + text.length + row.length + 1 + close.length + notice.length > limit) break;
      text += `${row}\n`;
      taken++;
    }
    if (taken > 0) {
      body += text + close;
      shown += taken;
    }
    if (taken < rows.length) return body + truncationNotice(total - shown);
  }
  return body;
}

function section(file: string | null, findings: Finding[], options: ReporterOptions) {
  const title = file === null ? 'Schema' : `<code>${html(file)}</code>`;
  const rows = findings.map((f) => {
    const where = f.location ? `${f.location.line}:${f.location.column}` : '';
    const rule = `[${f.ruleId}](${docsUrl(f.ruleId, options.rules)})`;
    const help = f.help ? `<br>💡 ${cell(f.help)}` : '';
    return `| ${where} | ${ICON[f.severity]} ${SEVERITY_LABEL[f.severity]} | ${cell(f.message)}${help} | ${rule} |`;
  });
  const open = [
    '<details>',
    `<summary>${title}: ${plural(findings.length, 'finding')}</summary>`,
    '',
    file === null ? '| | Severity | Problem | Rule |' : '| Line | Severity | Problem | Rule |',
    '| ---: | --- | --- | --- |',
    '',
  ].join('\n');
  return { open, rows, close: '\n</details>\n\n' };
}

function truncationNotice(hidden: number): string {
  return `\n> [!NOTE]\n> ${plural(hidden, 'more finding is', 'more findings are')} not shown: this comment reached GitHub's size limit. Run \`npx dbref check\` for the full list.\n`;
}

/** Text safe inside a table cell: no pipes or newlines, no HTML. */
function cell(text: string): string {
  return html(text).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
