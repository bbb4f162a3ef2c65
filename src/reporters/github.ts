import type { Severity } from '../types.js';
import type { CheckResult, ReporterOptions } from './types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warn: 'warning', info: 'notice' };

/** GitHub Actions workflow commands: one `::error file=…,line=…,col=…,title=…::message` per finding. */
export function formatGithub(result: CheckResult, _options: ReporterOptions = {}): string {
  const lines = result.findings.map((f) => {
    const props: string[] = [];
    if (f.location) {
      const l = f.location;
      props.push(`file=${escapeProperty(l.file)}`, `line=${l.line}`, `col=${l.column}`);
      if (l.endLine !== l.line) props.push(`endLine=${l.endLine}`);
      else if (l.endColumn > l.column) props.push(`endColumn=${l.endColumn}`);
    }
    props.push(`title=${escapeProperty(`dbref/${f.ruleId}`)}`);
    const text = f.help ? `${f.message}\nhelp: ${f.help}` : f.message;
    return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(text)}`;
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Escaping of a workflow command's message (as @actions/core does). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a workflow command's property value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
