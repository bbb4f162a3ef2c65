import type { AuditItem, AuditResult } from '../audit/map.js';
import type { ScaffoldPlan } from '../scaffold/infer.js';
import { addColumnSql, createTableSql } from '../scaffold/sql.js';

/** What an audit reporter formats: the audit, and the DDL proposed for what is still missing. */
export interface AuditReport {
  result: AuditResult;
  plan?: ScaffoldPlan;
}

export const KIND_LABEL: Record<AuditItem['kind'], string> = {
  relation: 'relation',
  column: 'column',
  function: 'function',
  'not-null': 'NOT NULL violation',
};

export function statusLabel(item: AuditItem): string {
  if (item.kind === 'not-null') return item.status === 'missing' ? 'still failing' : 'fixed since';
  return item.status === 'missing' ? 'still missing' : 'exists now (fixed since)';
}

export function times(n: number): string {
  return n === 1 ? 'once' : `${n} times`;
}

/** The DDL the scaffold proposes for an item, when it proposes any. */
export function proposalFor(item: AuditItem, plan: ScaffoldPlan | undefined): string | undefined {
  if (!plan || !item.object) return undefined;
  const { schema, name } = item.object;
  if (item.kind === 'relation') {
    const table = plan.tables.find((t) => t.schema === schema && t.name === name);
    if (!table) return undefined;
    const deferred = new Set(plan.deferredForeignKeys.map((fk) => `${fk.table.schema}.${fk.table.name}.${fk.column}`));
    const sql = createTableSql(table, deferred).split('\n').slice(1).join('\n');
    const fks = plan.deferredForeignKeys
      .filter((fk) => fk.table.schema === schema && fk.table.name === name)
      .map((fk) => `ALTER TABLE ${fk.table.schema}.${fk.table.name} ADD FOREIGN KEY (${fk.column}) REFERENCES ${fk.references.schema}.${fk.references.name} (${fk.references.column});`);
    return [sql, ...fks].join('\n');
  }
  if (item.kind === 'column') {
    const column = plan.columns.find((c) => c.relation.schema === schema && c.relation.name === name && c.column.name === item.column);
    return column ? addColumnSql(column).split('\n').slice(1).join('\n') : undefined;
  }
  return undefined;
}

export function summaryCounts(result: AuditResult): { missing: number; fixed: number } {
  const missing = result.items.filter((i) => i.status === 'missing').length;
  return { missing, fixed: result.items.length - missing };
}
