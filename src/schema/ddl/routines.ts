import type { FunctionInfo } from '../../types.js';
import { functionKey, type Change } from '../diff.js';
import { HAZARD } from './hazards.js';
import { mentions, orderFunctions, P } from './order.js';
import type { MigrationBuild } from './plan.js';
import { qualify } from './quote.js';

/** Drops removed or replaced functions and procedures; collects the ones to create for `createFunctions`. */
export function emitRoutineChange(ctx: MigrationBuild, c: Change): void {
  const { to, emit, fromFn, toFn, removedRelations, addedRelationKeys, deferredDomains, viewsToCreate, replacedFunctions, createdFunctions } = ctx;
  const key = `${c.schema}.${c.name}`;
  const word = c.objectKind === 'procedure' ? 'PROCEDURE' : 'FUNCTION';
  const a = fromFn.get(key);
  const b = toFn.get(key);
  if (c.change === 'removed' && a) {
    // An overload that replaces it (same name, other arguments) would make calls ambiguous: drop the old one first.
    const overloaded =
      to.functions.some((f) => f.schema === a.schema && f.name === a.name && !fromFn.has(functionKey(f))) ||
      removedRelations.some((r) => mentions(a.returns, r.name) || mentions(a.args, r.name));
    emit(overloaded ? P.dropFunctionForReplace : P.dropFunction, `DROP ${a.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${qualify(a.schema, a.name)}(${a.args})`, {
      destructive: true,
      reason: `drops ${a.kind} ${key}`,
    });
    return;
  }
  if (!b) return;
  if (b.definition === null) {
    emit(P.function, `-- ${word.toLowerCase()} ${key} has no definition to recreate it from`);
    return;
  }
  const late = b.body.trim() === '' || [...addedRelationKeys].some((k) => {
    const name = k.slice(k.indexOf('.') + 1);
    return mentions(b.returns, name) || mentions(b.args, name);
  });
  const usesDeferredDomain = deferredDomains.some((d) => mentions(b.args, d) || mentions(b.returns, d));
  const needsViews = late && viewsToCreate.some((v) => mentions(b.returns, v.name) || mentions(b.args, v.name) || (b.body.trim() === '' && mentions(b.definition, v.name)));
  if (c.change === 'changed' && replacedFunctions.has(key) && a) {
    emit(P.dropFunctionForReplace, `DROP ${a.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${qualify(a.schema, a.name)}(${a.args})`, {
      hazards: [HAZARD.dependents],
    });
  }
  createdFunctions.push({ f: b, late: late || usesDeferredDomain, needsViews });
}

/** Creates the collected functions in dependency order, each in the earliest phase its signature allows. */
export function createFunctions(ctx: MigrationBuild): void {
  const ordered = orderFunctions(ctx.createdFunctions);
  const anyLate = ordered.some((x) => x.late);
  const waitsForViews = new Set<FunctionInfo>();
  const waitsForTables = new Set<FunctionInfo>();
  for (const { f, late, needsViews } of ordered) {
    // Once one function must wait for tables (or views), the ones that call it wait too.
    const callees = ordered.filter((x) => x.f !== f && mentions(f.definition, x.f.name)).map((x) => x.f);
    if (needsViews || callees.some((x) => waitsForViews.has(x))) waitsForViews.add(f);
    else if (late || (anyLate && callees.some((x) => waitsForTables.has(x)))) waitsForTables.add(f);
    ctx.emit(waitsForViews.has(f) ? P.lateFunction : waitsForTables.has(f) ? P.functionAfterTables : P.function, f.definition!);
  }
}
