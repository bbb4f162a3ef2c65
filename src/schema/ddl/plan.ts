import type { FunctionInfo, Relation } from '../../types.js';
import { relationKey } from '../diff.js';
import { isView, tableOf, type MigrationContext } from './context.js';
import { HAZARD } from './hazards.js';
import { mentions, P, topoSort } from './order.js';
import { qualify } from './quote.js';
import { enumUsers } from './types.js';

export interface CreatedFunction {
  f: FunctionInfo;
  late: boolean;
  needsViews: boolean;
}

/** What the diff implies beyond its own changes: objects rebuilt because something they depend on changes. */
export interface MigrationPlan {
  addedRelations: Relation[];
  removedRelations: Relation[];
  renamedTables: { from: Relation; to: Relation }[];
  addedRelationKeys: Set<string>;
  /** Functions replaced by DROP + CREATE, by `schema.name(args)`. */
  replacedFunctions: Set<string>;
  droppedFunctionNames: Set<string>;
  newFunctionNames: string[];
  /** Added domains whose checks call a function created here. */
  deferredDomains: string[];
  fromViews: Relation[];
  /** Views dropped and created again. */
  rebuild: Set<string>;
  /** Triggers (`schema.table.trigger`) rebuilt because their function is replaced. */
  rebuildTriggers: Set<string>;
  typeChangedTables: Set<string>;
  viewsToCreate: Relation[];
  rebuiltRelations: Set<string>;
  /** Foreign keys dropped and added again so far (filled while emitting). */
  rebuiltFks: Set<string>;
  /** Functions to create, collected while emitting and created last in dependency order. */
  createdFunctions: CreatedFunction[];
}

export type MigrationBuild = MigrationContext & MigrationPlan;

export function planMigration(ctx: MigrationContext): MigrationPlan {
  const { diff, from, to, options, emit, fromRel, toRel } = ctx;

  const relationChanges = new Set(['table', 'partitioned-table', 'foreign-table', 'view', 'materialized-view']);
  const addedRelations: Relation[] = [];
  const removedRelations: Relation[] = [];
  const changedViews = new Set<string>();
  const renamedTables: { from: Relation; to: Relation }[] = [];
  for (const c of diff.changes) {
    if (!relationChanges.has(c.objectKind)) continue;
    const key = `${c.schema}.${c.name}`;
    if (c.change === 'added') addedRelations.push(toRel.get(key)!);
    else if (c.change === 'removed') removedRelations.push(fromRel.get(key)!);
    else if (c.change === 'renamed?') {
      const old = fromRel.get(`${c.schema}.${c.details.from as string}`)!;
      const now = toRel.get(key)!;
      if (options.applyRenames) renamedTables.push({ from: old, to: now });
      else {
        addedRelations.push(now);
        removedRelations.push(old);
      }
    } else if (c.change === 'changed' && (c.objectKind === 'view' || c.objectKind === 'materialized-view')) changedViews.add(key);
    else if (c.change === 'changed') {
      const a = fromRel.get(key)!;
      const b = toRel.get(key)!;
      if (c.details.fields?.partitionKey) {
        // Another partition key: the table is rebuilt.
        addedRelations.push(b);
        removedRelations.push(a);
      } else {
        const name = qualify(b.schema, b.name);
        if (a.partitionOf) emit(P.dropConstraint, `ALTER TABLE ${qualify(a.partitionOf.schema, a.partitionOf.name)} DETACH PARTITION ${name}`, { hazards: [HAZARD.accessExclusive] });
        if (b.partitionOf) emit(P.sequenceOwner, `ALTER TABLE ${qualify(b.partitionOf.schema, b.partitionOf.name)} ATTACH PARTITION ${name} ${b.partitionOf.bound}`, { hazards: [HAZARD.validation, HAZARD.mayFail] });
      }
    }
  }
  const addedRelationKeys = new Set(addedRelations.map(relationKey));

  // Views to rebuild: changed views, views on tables whose columns change type or disappear, and their dependants.
  const columnChanges = diff.changes.filter((c) => c.objectKind === 'column');
  const blockedTables = new Set(
    columnChanges
      .filter((c) => c.change === 'removed' || c.change === 'renamed?' || (c.change === 'changed' && (c.details.fields?.type || c.details.fields?.generated)))
      .map(tableOf),
  );
  // Enums recreated (values removed or reordered) change the type of the columns using them, as a type change would.
  for (const c of diff.changes) {
    if (c.objectKind !== 'enum' || c.change !== 'changed') continue;
    if ((c.details.removedValues as string[]).length === 0 && !c.details.reordered) continue;
    const e = from.enums.find((x) => x.schema === c.schema && x.name === c.name);
    if (e) for (const { r } of enumUsers(from, e)) blockedTables.add(relationKey(r));
  }
  // Functions replaced by DROP + CREATE (return type, kind or argument list changed): rebuild triggers that call them.
  const replacedFunctions = new Set<string>();
  for (const c of diff.changes) {
    if ((c.objectKind === 'function' || c.objectKind === 'procedure') && c.change === 'changed') {
      const f = c.details.fields ?? {};
      if (f.returns || f.kind || f.args || f.argsWithDefaults) replacedFunctions.add(`${c.schema}.${c.name}`);
    }
  }
  // Functions dropped (removed, or replaced by DROP + CREATE): views and policies that call them go first and come back.
  const droppedFunctionNames = new Set([
    ...[...replacedFunctions].map((k) => k.slice(k.indexOf('.') + 1, k.indexOf('('))),
    ...diff.changes.filter((c) => (c.objectKind === 'function' || c.objectKind === 'procedure') && c.change === 'removed').map((c) => c.name.slice(0, c.name.indexOf('('))),
  ]);
  const newFunctionNames = diff.changes.filter((c) => (c.objectKind === 'function' || c.objectKind === 'procedure') && c.change !== 'removed').map((c) => c.name.slice(0, c.name.indexOf('(')));
  const deferredDomains = to.domains
    .filter((d) => !from.domains.some((x) => relationKey(x) === relationKey(d)) && d.checks.some((check) => newFunctionNames.some((n) => mentions(check, n))))
    .map((d) => d.name);
  const fromViews = from.relations.filter(isView);
  const rebuild = new Set<string>();
  for (const v of fromViews) if ([...droppedFunctionNames].some((n) => mentions(v.definition, n))) rebuild.add(relationKey(v));
  for (const key of changedViews) rebuild.add(key);
  for (const v of fromViews) {
    for (const t of blockedTables) {
      const name = t.slice(t.indexOf('.') + 1);
      if (mentions(v.definition, name)) rebuild.add(relationKey(v));
    }
  }
  const droppedNames = new Set(removedRelations.map((r) => r.name));
  let grew = true;
  while (grew) {
    grew = false;
    for (const v of fromViews) {
      const key = relationKey(v);
      if (rebuild.has(key) || !toRel.has(key)) continue;
      if ([...rebuild].some((k) => mentions(v.definition, k.slice(k.indexOf('.') + 1)))) {
        rebuild.add(key);
        grew = true;
      }
    }
  }
  // Views that stay but depend on a relation that is dropped and recreated must be rebuilt too.
  for (const v of fromViews) {
    const key = relationKey(v);
    if (!rebuild.has(key) && toRel.has(key) && [...droppedNames].some((n) => addedRelationKeys.has(`${v.schema}.${n}`) && mentions(v.definition, n))) rebuild.add(key);
  }

  const replacedFunctionNames = new Set([...replacedFunctions].map((k) => k.slice(0, k.indexOf('('))));
  const rebuildTriggers = new Set<string>();
  for (const r of from.relations) {
    for (const t of r.triggers) {
      if (replacedFunctionNames.has(`${t.function.schema ?? r.schema}.${t.function.name}`) && toRel.get(relationKey(r))?.triggers.some((x) => x.name === t.name)) {
        rebuildTriggers.add(`${relationKey(r)}.${t.name}`);
      }
    }
  }

  // Policies on tables whose columns change type block the change: drop and recreate them.
  const typeChangedTables = new Set(columnChanges.filter((c) => c.change === 'changed' && c.details.fields?.type).map(tableOf));

  const viewsToCreate = topoSort([
    ...addedRelations.filter(isView),
    ...[...rebuild].filter((k) => toRel.has(k) && !addedRelationKeys.has(k)).map((k) => toRel.get(k)!),
  ]);
  const rebuiltRelations = new Set(viewsToCreate.map(relationKey));

  return {
    addedRelations,
    removedRelations,
    renamedTables,
    addedRelationKeys,
    replacedFunctions,
    droppedFunctionNames,
    newFunctionNames,
    deferredDomains,
    fromViews,
    rebuild,
    rebuildTriggers,
    typeChangedTables,
    viewsToCreate,
    rebuiltRelations,
    rebuiltFks: new Set<string>(),
    createdFunctions: [],
  };
}
