import type { Constraint, Index, Relation, Trigger } from '../../types.js';
import { relationKey, type Change } from '../diff.js';
import { columnDefinition } from './columns.js';
import { isView, tableOf } from './context.js';
import { HAZARD } from './hazards.js';
import { mentions, P } from './order.js';
import type { MigrationBuild } from './plan.js';
import { qualify, quoteIdent } from './quote.js';
import { policySql } from './security.js';

export function dropTrigger(ctx: MigrationBuild, r: Relation, t: Trigger): void {
  ctx.emit(P.dropTrigger, `DROP TRIGGER ${quoteIdent(t.name)} ON ${qualify(r.schema, r.name)}`);
}

export function createTrigger(ctx: MigrationBuild, r: Relation, t: Trigger): void {
  ctx.emit(P.trigger, t.definition, { hazards: [HAZARD.accessExclusive] });
  if (!t.enabled) ctx.emit(P.trigger, `ALTER TABLE ${qualify(r.schema, r.name)} DISABLE TRIGGER ${quoteIdent(t.name)}`);
}

const fkDependants = (ctx: MigrationBuild, table: Relation, columns: string[]) =>
  ctx.from.relations.flatMap((r) =>
    r.constraints
      .filter((c) => c.type === 'foreign-key' && c.references && c.references.schema === table.schema && c.references.name === table.name && c.references.columns.join() === columns.join())
      .map((c) => ({ r, c })),
  );

function addConstraint(ctx: MigrationBuild, r: Relation, c: Constraint): void {
  const fk = c.type === 'foreign-key';
  // A table created in this migration is empty: building or validating its constraints costs nothing.
  const isNew = ctx.addedRelationKeys.has(relationKey(r));
  const hazards: string[] = isNew ? [] : c.type === 'check' || fk ? [HAZARD.validation, HAZARD.mayFail] : [HAZARD.accessExclusive, HAZARD.indexBuild, HAZARD.mayFail];
  // A check that calls a function created here waits until every function exists.
  const callsNew = c.type === 'check' && ctx.newFunctionNames.some((n) => mentions(c.definition, n));
  ctx.emit(fk ? P.foreignKey : callsNew ? P.checkAfterFunctions : P.constraint, `ALTER TABLE ${qualify(r.schema, r.name)} ADD CONSTRAINT ${quoteIdent(c.name)} ${c.definition}`, { hazards });
}

function dropConstraint(ctx: MigrationBuild, r: Relation, c: Constraint): void {
  const { diff, emit, toRel, rebuiltFks } = ctx;
  emit(c.type === 'foreign-key' ? P.dropForeignKey : P.dropConstraint, `ALTER TABLE ${qualify(r.schema, r.name)} DROP CONSTRAINT ${quoteIdent(c.name)}`, {
    hazards: [HAZARD.accessExclusive],
  });
  if (c.type === 'primary-key' || c.type === 'unique') {
    for (const { r: other, c: fk } of fkDependants(ctx, r, c.columns)) {
      const key = `${relationKey(other)}.${fk.name}`;
      const stays = toRel.get(relationKey(other))?.constraints.find((x) => x.name === fk.name);
      if (rebuiltFks.has(key) || !stays || diff.changes.some((x) => x.objectKind === 'constraint' && tableOf(x) === relationKey(other) && x.name === fk.name)) continue;
      rebuiltFks.add(key);
      emit(P.dropForeignKey, `ALTER TABLE ${qualify(other.schema, other.name)} DROP CONSTRAINT ${quoteIdent(fk.name)}`, { hazards: [HAZARD.dependents] });
      addConstraint(ctx, toRel.get(relationKey(other))!, stays);
    }
  }
}

// `ON ONLY` (how pg_get_indexdef shows a partitioned table's index) would leave the partitions without it.
export function createIndex(ctx: MigrationBuild, i: Index, newRelation: boolean): void {
  ctx.emit(P.index, i.definition.replace(/ ON ONLY /, ' ON '), { hazards: newRelation ? [] : [HAZARD.indexBuild] });
}

function createRelationParts(ctx: MigrationBuild, r: Relation): void {
  const { emit, toRel } = ctx;
  const parent = r.partitionOf ? toRel.get(`${r.partitionOf.schema}.${r.partitionOf.name}`) : undefined;
  const inherited = (c: Constraint) => !!parent && (parent.constraints.some((p) => p.name === c.name) || c.type === 'primary-key' || c.type === 'unique' || c.type === 'foreign-key');
  const seen = new Set<string>();
  for (const c of r.constraints) {
    if (inherited(c) || seen.has(c.name)) continue;
    seen.add(c.name);
    addConstraint(ctx, r, c);
  }
  for (const i of r.indexes) {
    if (i.constraint) continue;
    if (parent && parent.indexes.some((p) => p.columns.join() === i.columns.join())) continue;
    createIndex(ctx, i, true);
  }
  for (const t of r.triggers) if (!parent || !parent.triggers.some((p) => p.name === t.name)) createTrigger(ctx, r, t);
  if (r.rlsEnabled) emit(P.rls, `ALTER TABLE ${qualify(r.schema, r.name)} ENABLE ROW LEVEL SECURITY`);
  if (r.rlsForced) emit(P.rls, `ALTER TABLE ${qualify(r.schema, r.name)} FORCE ROW LEVEL SECURITY`);
  for (const p of r.policies) emit(P.policy, policySql(qualify(r.schema, r.name), p));
}

function createTable(ctx: MigrationBuild, r: Relation): void {
  const { emit } = ctx;
  const name = qualify(r.schema, r.name);
  if (r.kind === 'foreign-table') {
    emit(P.table, `-- foreign table ${name} not created: foreign servers are not compared`);
    return;
  }
  if (r.partitionOf) {
    emit(P.table, `CREATE TABLE ${name} PARTITION OF ${qualify(r.partitionOf.schema, r.partitionOf.name)} ${r.partitionOf.bound}${r.partitionKey ? ` PARTITION BY ${r.partitionKey}` : ''}`);
  } else {
    const columns = r.columns.map((c) => `  ${columnDefinition(c)}`).join(',\n');
    const partition = r.partitionKey ? ` PARTITION BY ${r.partitionKey}` : '';
    emit(P.table, `CREATE TABLE ${name} (\n${columns}\n)${partition}`);
  }
  createRelationParts(ctx, r);
}

export function createTables(ctx: MigrationBuild): void {
  const { toRel, addedRelations } = ctx;
  // Partition parents before partitions.
  const depth = (r: Relation): number => {
    let d = 0;
    for (let p = r.partitionOf; p && d < 16; p = toRel.get(`${p.schema}.${p.name}`)?.partitionOf) d++;
    return d;
  };
  const tablesToCreate = addedRelations.filter((r) => !isView(r)).sort((a, b) => depth(a) - depth(b) || relationKey(a).localeCompare(relationKey(b)));
  for (const r of tablesToCreate) createTable(ctx, r);
}

export function dropTables(ctx: MigrationBuild): void {
  const { emit, removedRelations, addedRelationKeys } = ctx;
  for (const r of removedRelations) {
    if (isView(r)) continue;
    for (const p of r.policies) {
      emit(P.dropPolicy, `DROP POLICY ${quoteIdent(p.name)} ON ${qualify(r.schema, r.name)}`, { destructive: true, reason: `drops policy ${p.name} of table ${relationKey(r)}, which is dropped below` });
    }
    for (const c of r.constraints.filter((x) => x.type === 'foreign-key')) {
      emit(P.dropForeignKey, `ALTER TABLE ${qualify(r.schema, r.name)} DROP CONSTRAINT ${quoteIdent(c.name)}`, {
        destructive: true,
        hazards: [HAZARD.accessExclusive],
        reason: `drops foreign key ${c.name} of table ${relationKey(r)}, which is dropped below`,
      });
    }
  }
  for (const r of removedRelations) {
    if (isView(r)) continue;
    // A table rebuilt under the same name is dropped before it is created again.
    emit(addedRelationKeys.has(relationKey(r)) ? P.dropBeforeCreate : P.dropTable, `DROP ${r.kind === 'foreign-table' ? 'FOREIGN TABLE' : 'TABLE'} ${qualify(r.schema, r.name)}`, {
      hazards: [HAZARD.dataLoss, HAZARD.accessExclusive],
      destructive: true,
      reason: `drops table ${relationKey(r)}${r.rows !== undefined ? ` (${r.rows} rows)` : ''}`,
    });
  }
}

export function renameTables(ctx: MigrationBuild): void {
  for (const { from: a, to: b } of ctx.renamedTables) {
    ctx.emit(P.table, `ALTER TABLE ${qualify(a.schema, a.name)} RENAME TO ${quoteIdent(b.name)}`, { hazards: [HAZARD.accessExclusive] });
  }
}

// Partitions inherit columns, constraints, indexes and row triggers from their parent: changes there follow the parent's.
export function isInheritedPart(ctx: MigrationBuild, c: Change): boolean {
  const { fromRel, toRel } = ctx;
  const parentsOf = (tkey: string) =>
    [toRel.get(tkey), fromRel.get(tkey)].flatMap((r) => {
      if (!r?.partitionOf) return [];
      const pkey = `${r.partitionOf.schema}.${r.partitionOf.name}`;
      return [toRel.get(pkey), fromRel.get(pkey)].filter((x): x is Relation => !!x);
    });
  const parents = parentsOf(tableOf(c));
  if (parents.length === 0) return false;
  switch (c.objectKind) {
    case 'column':
      return parents.some((p) => p.columns.some((x) => x.name === c.name || x.name === c.details.from));
    case 'constraint':
      return parents.some((p) => p.constraints.some((x) => x.name === c.name)) || c.details.type !== 'check';
    case 'index': {
      const cols = [toRel.get(tableOf(c)), fromRel.get(tableOf(c))].flatMap((r) => r?.indexes.filter((i) => i.name === c.name).map((i) => i.columns.join()) ?? []);
      return parents.some((p) => p.indexes.some((i) => cols.includes(i.columns.join())));
    }
    case 'trigger':
      return parents.some((p) => p.triggers.some((x) => x.name === c.name));
    default:
      return false;
  }
}

export function emitConstraintChange(ctx: MigrationBuild, c: Change): void {
  const { fromRel, toRel } = ctx;
  const tkey = tableOf(c);
  if (c.change === 'removed' || c.change === 'changed') {
    const r = fromRel.get(tkey)!;
    dropConstraint(ctx, r, r.constraints.find((x) => x.name === c.name)!);
  }
  if (c.change === 'added' || c.change === 'changed') {
    const r = toRel.get(tkey)!;
    addConstraint(ctx, r, r.constraints.find((x) => x.name === c.name)!);
  }
}

export function emitIndexChange(ctx: MigrationBuild, c: Change): void {
  const { emit, toRel, rebuiltRelations, addedRelationKeys } = ctx;
  const tkey = tableOf(c);
  if (rebuiltRelations.has(tkey)) return; // recreated with the materialized view
  if (c.change === 'removed' || c.change === 'changed') emit(P.dropIndex, `DROP INDEX ${qualify(c.schema, c.name)}`, { hazards: [HAZARD.accessExclusive] });
  if (c.change === 'added' || c.change === 'changed') createIndex(ctx, toRel.get(tkey)!.indexes.find((x) => x.name === c.name)!, addedRelationKeys.has(tkey));
}

export function emitTriggerChange(ctx: MigrationBuild, c: Change): void {
  const { emit, fromRel, toRel, rebuiltRelations, rebuildTriggers } = ctx;
  const tkey = tableOf(c);
  if (rebuiltRelations.has(tkey) || rebuildTriggers.has(`${tkey}.${c.name}`)) return;
  const a = fromRel.get(tkey)?.triggers.find((x) => x.name === c.name);
  const b = toRel.get(tkey)?.triggers.find((x) => x.name === c.name);
  const f = c.details.fields ?? {};
  if (c.change === 'changed' && !f.definition && a && b) {
    emit(P.trigger, `ALTER TABLE ${qualify(c.schema, c.details.table as string)} ${b.enabled ? 'ENABLE' : 'DISABLE'} TRIGGER ${quoteIdent(b.name)}`);
    return;
  }
  if (a) dropTrigger(ctx, fromRel.get(tkey)!, a);
  if (b) createTrigger(ctx, toRel.get(tkey)!, b);
}
