import type { SchemaSnapshot } from '../../types.js';
import type { Change, DiffResult } from '../diff.js';
import { emitColumnChange } from './columns.js';
import { createContext, type Migration, type MigrationOptions } from './context.js';
import { rebuildDependants } from './dependants.js';
import { emitExtensionChange, emitSchemaChange } from './namespaces.js';
import { sortStatements } from './order.js';
import { planMigration, type MigrationBuild } from './plan.js';
import { renderMigration } from './render.js';
import { createFunctions, emitRoutineChange } from './routines.js';
import { emitPolicyChange, emitRlsChange } from './security.js';
import { createTables, dropTables, emitConstraintChange, emitIndexChange, emitTriggerChange, isInheritedPart, renameTables } from './tables.js';
import { emitCompositeTypeChange, emitDomainChange, emitEnumChange, emitSequenceChange } from './types.js';
import { createViews, dropViews } from './views.js';

export type { Migration, MigrationOptions, MigrationStatement } from './context.js';
export { HAZARD, isWideningTypeChange } from './hazards.js';
export { qualify, quoteIdent, quoteLiteral } from './quote.js';

/** The SQL that turns the `from` schema into the `to` schema, ordered by dependency, with hazards. */
export function generateMigration(diff: DiffResult, from: SchemaSnapshot, to: SchemaSnapshot, options: MigrationOptions = {}): Migration {
  const base = createContext(diff, from, to, options);
  const ctx: MigrationBuild = { ...base, ...planMigration(base) };

  // Dependants are dropped first; emission order matters within a phase.
  rebuildDependants(ctx);
  dropViews(ctx);
  createTables(ctx);
  createViews(ctx);
  dropTables(ctx);
  renameTables(ctx);
  for (const c of diff.changes) {
    if (isInheritedPart(ctx, c)) continue;
    emitChange(ctx, c);
  }
  createFunctions(ctx);

  const statements = sortStatements(ctx.pending);
  // Function bodies may refer to tables and functions created later in the script (as pg_dump does).
  if (statements.length > 0) statements.unshift({ sql: 'SET check_function_bodies = false;', hazards: [], destructive: false, included: true });
  const destructiveCount = statements.filter((s) => s.destructive).length;
  const skippedCount = statements.filter((s) => !s.included).length;
  return { sql: renderMigration(statements, destructiveCount, skippedCount, ctx.allowDestructive), statements, destructiveCount, skippedCount };
}

function emitChange(ctx: MigrationBuild, c: Change): void {
  switch (c.objectKind) {
    case 'extension':
      return emitExtensionChange(ctx, c);
    case 'schema':
      return emitSchemaChange(ctx, c);
    case 'enum':
      return emitEnumChange(ctx, c);
    case 'domain':
      return emitDomainChange(ctx, c);
    case 'composite-type':
      return emitCompositeTypeChange(ctx, c);
    case 'sequence':
      return emitSequenceChange(ctx, c);
    case 'column':
      return emitColumnChange(ctx, c);
    case 'constraint':
      return emitConstraintChange(ctx, c);
    case 'index':
      return emitIndexChange(ctx, c);
    case 'trigger':
      return emitTriggerChange(ctx, c);
    case 'rls':
      return emitRlsChange(ctx, c);
    case 'policy':
      return emitPolicyChange(ctx, c);
    case 'function':
    case 'procedure':
      return emitRoutineChange(ctx, c);
    default:
      return;
  }
}
