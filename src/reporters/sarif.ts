import type { Finding, Severity } from '../types.js';
import { rulesFor } from './shared.js';
import type { CheckResult, ReporterOptions } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warn: 'warning', info: 'note' };
const BASE_ID = '%SRCROOT%';

/** SARIF 2.1.0 for code scanning: rules in tool.driver.rules, relative artifact URIs, stable partialFingerprints. */
export function formatSarif(result: CheckResult, options: ReporterOptions = {}): string {
  const rules = rulesFor(result.findings, options.rules);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dbref',
            ...(options.version ? { version: options.version } : {}),
            informationUri: 'https://github.com/dbref/dbref',
            rules: rules.map((r) => ({
              id: `dbref/${r.id}`,
              name: pascal(r.id),
              shortDescription: { text: r.description },
              helpUri: r.docsUrl,
              help: { text: `${r.description} See ${r.docsUrl}` },
              defaultConfiguration: { level: r.defaultSeverity === 'off' ? 'none' : LEVEL[r.defaultSeverity as Severity] ?? 'warning' },
            })),
          },
        },
        ...(options.rootUri ? { originalUriBaseIds: { [BASE_ID]: { uri: options.rootUri } } } : {}),
        results: result.findings.map((f) => toResult(f, index.get(f.ruleId)!)),
        ...(result.schema.incomplete
          ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: [{ level: 'warning', message: { text: `The schema from ${result.schema.source} is incomplete: some statements failed.` } }] }] }
          : {}),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function toResult(f: Finding, ruleIndex: number) {
  const text = f.help ? `${f.message}\nHelp: ${f.help}` : f.message;
  const relationName = f.relation ? `${f.relation.schema ?? ''}${f.relation.schema ? '.' : ''}${f.relation.name}` : undefined;
  return {
    ruleId: `dbref/${f.ruleId}`,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text },
    ...(f.location
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodePath(f.location.file), uriBaseId: BASE_ID },
                region: {
                  startLine: f.location.line,
                  startColumn: f.location.column,
                  endLine: f.location.endLine,
                  endColumn: f.location.endColumn,
                },
              },
            },
          ],
        }
      : relationName
        ? { locations: [{ logicalLocations: [{ fullyQualifiedName: f.column ? `${relationName}.${f.column}` : relationName, kind: f.column ? 'member' : 'type' }] }] }
        : {}),
    ...(f.related?.length
      ? {
          relatedLocations: f.related.map((l, id) => ({
            id,
            physicalLocation: { artifactLocation: { uri: encodePath(l.file), uriBaseId: BASE_ID }, region: { startLine: l.line, startColumn: l.column } },
          })),
        }
      : {}),
    partialFingerprints: { 'dbref/v1': f.fingerprint },
  };
}

function encodePath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function pascal(id: string): string {
  return id.replace(/(^|-)(\w)/g, (_m, _d, ch: string) => ch.toUpperCase());
}
