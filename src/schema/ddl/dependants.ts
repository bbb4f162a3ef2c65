import { relationKey } from '../diff.js';
import { isView, splitKey3, tableOf } from './context.js';
import { HAZARD } from './hazards.js';
import { mentions, P } from './order.js';
import type { MigrationBuild } from './plan.js';
import { qualify, quoteIdent } from './quote.js';
import { policySql } from './security.js';
import { createTrigger, dropTrigger } from './tables.js';
import { domainCheck, dropDomainCheck } from './types.js';

/** Drops what blocks the changes (triggers, defaults, domain checks, policies calling replaced objects) and recreates it later. */
export function rebuildDependants(ctx: MigrationBuild): void {
  const { diff, from, to, emit, fromRel, toRel, rebuildTriggers, typeChangedTables, droppedFunctionNames } = ctx;
  for (const key of rebuildTriggers) {
    const [schema, table, name] = splitKey3(key);
    const r = fromRel.get(`${schema}.${table}`)!;
    const t = r.triggers.find((x) => x.name === name)!;
    dropTrigger(ctx, r, t);
    createTrigger(ctx, toRel.get(`${schema}.${table}`)!, toRel.get(`${schema}.${table}`)!.triggers.find((x) => x.name === name)!);
  }
  const policyTables = new Set(typeChangedTables);
  for (const r of from.relations) {
    if (r.policies.some((p) => [...droppedFunctionNames].some((n) => mentions(p.using, n) || mentions(p.withCheck, n)))) policyTables.add(relationKey(r));
  }
  // Column defaults that call a dropped function: removed before, set again once the functions exist.
  for (const b of to.relations) {
    const a = fromRel.get(relationKey(b));
    if (!a || isView(b)) continue;
    for (const col of b.columns) {
      const old = a.columns.find((x) => x.name === col.name);
      if (!old || old.default === null || ![...droppedFunctionNames].some((n) => mentions(old.default, n))) continue;
      emit(P.dropTrigger, `ALTER TABLE ${qualify(b.schema, b.name)} ALTER COLUMN ${quoteIdent(col.name)} DROP DEFAULT`, { hazards: [HAZARD.dependents] });
      // A changed default is set by the column's own change.
      if (old.default === col.default) emit(P.checkAfterFunctions, `ALTER TABLE ${qualify(b.schema, b.name)} ALTER COLUMN ${quoteIdent(col.name)} SET DEFAULT ${col.default}`);
    }
  }
  // Domain checks that call a dropped function: removed before, added back after the functions.
  for (const d of from.domains) {
    const now = to.domains.find((x) => x.schema === d.schema && x.name === d.name);
    if (!now || now.type !== d.type) continue;
    for (const check of d.checks) {
      if (![...droppedFunctionNames].some((n) => mentions(check, n)) || !now.checks.includes(check)) continue;
      emit(P.dropTrigger, dropDomainCheck(qualify(d.schema, d.name), check), { hazards: [HAZARD.dependents] });
      emit(P.domainCheckRestore, `ALTER DOMAIN ${qualify(d.schema, d.name)} ADD ${domainCheck(check)}`, { hazards: [HAZARD.validation] });
    }
  }
  for (const key of policyTables) {
    const a = fromRel.get(key);
    const b = toRel.get(key);
    if (!a || !b) continue;
    for (const p of a.policies) {
      if (!b.policies.some((x) => x.name === p.name)) continue;
      if (diff.changes.some((c) => c.objectKind === 'policy' && tableOf(c) === key && c.name === p.name)) continue;
      emit(P.dropPolicy, `DROP POLICY ${quoteIdent(p.name)} ON ${qualify(a.schema, a.name)}`, { hazards: [HAZARD.dependents] });
      emit(P.policy, policySql(qualify(b.schema, b.name), b.policies.find((x) => x.name === p.name)!));
    }
  }
}
