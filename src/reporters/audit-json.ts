import { renderScaffoldSql } from '../scaffold/sql.js';
import { summaryCounts, type AuditReport } from './audit-shared.js';

/** Machine-readable audit: the items, per-log counts, and the proposed migration. */
export function formatAuditJson(report: AuditReport): string {
  const { missing, fixed } = summaryCounts(report.result);
  return `${JSON.stringify(
    {
      version: 1,
      schema: report.result.schema,
      logs: report.result.logs,
      summary: { missing, fixed },
      items: report.result.items,
      ...(report.plan ? { scaffold: { plan: report.plan, sql: renderScaffoldSql(report.plan) } } : {}),
    },
    null,
    2,
  )}\n`;
}
