import type { Finding, Reference } from '../types.js';

export interface CheckSummary {
  errors: number;
  warnings: number;
  infos: number;
  /** References found in code (checked and unchecked). */
  references: number;
  /** Dynamic references that were not checked. */
  unchecked: number;
  /** Files with at least one reference. */
  files: number;
}

/** What `dbref check` hands to a reporter. */
export interface CheckResult {
  findings: Finding[];
  summary: CheckSummary;
  schema: { source: string; incomplete: boolean };
  /** The dynamic references, when `--show-unchecked` asks for them. */
  unchecked?: Reference[];
}

/** Rule metadata a reporter may show (SARIF `tool.driver.rules`). */
export interface RuleInfo {
  id: string;
  description: string;
  docsUrl: string;
  defaultSeverity: string;
}

export interface ReporterOptions {
  /** Colour output (text only): true only on a TTY and without NO_COLOR; the CLI decides. */
  color?: boolean;
  /** Rule metadata; defaults to the registered checks. */
  rules?: RuleInfo[];
  /** Tool version for SARIF. */
  version?: string;
  /** Absolute project root as a `file://` URI ending in `/`, for SARIF `originalUriBaseIds`. */
  rootUri?: string;
  /** Markdown: the size limit of a PR comment. */
  maxLength?: number;
}

export type Reporter = (result: CheckResult, options?: ReporterOptions) => string;
