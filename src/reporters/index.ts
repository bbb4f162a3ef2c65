import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';
import type { Reporter } from './types.js';

export type { CheckResult, CheckSummary, Reporter, ReporterOptions, RuleInfo } from './types.js';
export { ruleInfos, summarize } from './shared.js';

/** Reporters by `--format` name. */
export const reporters = {
  github: formatGithub,
  json: formatJson,
  markdown: formatMarkdown,
  sarif: formatSarif,
  text: formatText,
} satisfies Record<string, Reporter>;

export type Format = keyof typeof reporters;

export function isFormat(name: string): name is Format {
  return Object.hasOwn(reporters, name);
}
