import type { SchemaSnapshot } from '../types.js';
import { OBJECT_KINDS, type Change, type ChangeType, type DiffOptions, type DiffResult } from './diff/model.js';
import { diffExtensions, diffSchemas } from './diff/namespaces.js';
import { notComparedObjects } from './diff/not-compared.js';
import { diffRelations } from './diff/relations.js';
import { diffRoutines } from './diff/routines.js';
import { summarize } from './diff/summary.js';
import { diffCompositeTypes, diffDomains, diffEnums, diffSequences } from './diff/types.js';
import { narrowSnapshot } from './source.js';

export { normalizeWhitespace } from './diff/compare.js';
export { argumentTypes, functionKey, relationKey, relationObjectKind } from './diff/keys.js';
export {
  OBJECT_KINDS,
  type Change,
  type ChangeDetails,
  type ChangeType,
  type DiffOptions,
  type DiffResult,
  type DiffSummary,
  type FieldChange,
  type ObjectKind,
} from './diff/model.js';
export { NOT_COMPARED_KINDS } from './diff/not-compared.js';
export { functionHeader } from './diff/routines.js';

const KIND_ORDER = new Map(OBJECT_KINDS.map((k, i) => [k, i]));
const CHANGE_ORDER: Record<ChangeType, number> = { removed: 0, 'renamed?': 1, changed: 2, added: 3 };

function sortChanges(changes: Change[]): void {
  const tableOrder = (c: Change) => (c.details.table ? `${c.details.table}\u0000` : `${c.name}\u0000`);
  changes.sort(
    (x, y) =>
      x.schema.localeCompare(y.schema) ||
      (KIND_ORDER.get(x.objectKind)! - KIND_ORDER.get(y.objectKind)!) ||
      tableOrder(x).localeCompare(tableOrder(y)) ||
      CHANGE_ORDER[x.change] - CHANGE_ORDER[y.change] ||
      x.name.localeCompare(y.name),
  );
}

/** Compares two snapshots: every difference in the object kinds the snapshot holds, sorted, plus what was not compared. */
export function diffSnapshots(fromSnapshot: SchemaSnapshot, toSnapshot: SchemaSnapshot, options: DiffOptions = {}): DiffResult {
  const from = options.schemas ? narrowSnapshot(fromSnapshot, options.schemas) : fromSnapshot;
  const to = options.schemas ? narrowSnapshot(toSnapshot, options.schemas) : toSnapshot;
  const renames = options.renames ?? true;
  const changes: Change[] = [];
  const push = (c: Change) => changes.push(c);

  diffExtensions(from, to, push);
  diffSchemas(from, to, push);
  diffEnums(from, to, push);
  diffDomains(from, to, push);
  diffCompositeTypes(from, to, push);
  diffSequences(from, to, push);
  diffRelations(from, to, push, renames);
  diffRoutines(from, to, push);
  sortChanges(changes);

  return { changes, summary: summarize(changes, from, to), notCompared: notComparedObjects(from, to) };
}
