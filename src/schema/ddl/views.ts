import { relationKey } from '../diff.js';
import { HAZARD } from './hazards.js';
import { P, topoSort } from './order.js';
import type { MigrationBuild } from './plan.js';
import { qualify } from './quote.js';
import { createIndex, createTrigger } from './tables.js';

/** Drops removed and rebuilt views in reverse dependency order. */
export function dropViews(ctx: MigrationBuild): void {
  const { emit, fromViews, rebuild, removedRelations } = ctx;
  const viewsToDrop = topoSort(
    fromViews.filter((v) => rebuild.has(relationKey(v)) || removedRelations.includes(v)),
    true,
  );
  for (const v of viewsToDrop) {
    const removed = removedRelations.includes(v);
    emit(P.dropView, `DROP ${v.kind === 'materialized-view' ? 'MATERIALIZED VIEW' : 'VIEW'} ${qualify(v.schema, v.name)}`, {
      hazards: removed ? [] : [HAZARD.dependents],
      destructive: removed && v.kind === 'materialized-view',
      ...(removed && v.kind === 'materialized-view' ? { reason: `drops materialized view ${relationKey(v)}` } : {}),
    });
  }
}

export function createViews(ctx: MigrationBuild): void {
  const { emit, viewsToCreate } = ctx;
  for (const v of viewsToCreate) {
    const isMat = v.kind === 'materialized-view';
    emit(P.view, `CREATE ${isMat ? 'MATERIALIZED VIEW' : 'VIEW'} ${qualify(v.schema, v.name)} AS\n${(v.definition ?? '').trim().replace(/;$/, '')}`);
    for (const i of v.indexes) createIndex(ctx, i, true);
    for (const t of v.triggers) createTrigger(ctx, v, t);
  }
}
