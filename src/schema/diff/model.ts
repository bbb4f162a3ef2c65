/** The kinds of object a diff reports, in dependency order (used to sort changes). */
export const OBJECT_KINDS = [
  'extension',
  'schema',
  'enum',
  'domain',
  'composite-type',
  'sequence',
  'table',
  'partitioned-table',
  'foreign-table',
  'column',
  'constraint',
  'index',
  'view',
  'materialized-view',
  'function',
  'procedure',
  'trigger',
  'rls',
  'policy',
] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

export type ChangeType = 'added' | 'removed' | 'changed' | 'renamed?';

/** One field that differs between two versions of an object. */
export interface FieldChange {
  from: unknown;
  to: unknown;
}

/**
 * One difference between two snapshots. `name` is the object's own name; objects that live on a relation
 * (columns, constraints, indexes, triggers, policies, RLS) carry the relation in `details.table`.
 * Functions are named with their identity arguments: `f(a integer)`.
 */
export interface Change {
  objectKind: ObjectKind;
  schema: string;
  name: string;
  change: ChangeType;
  details: ChangeDetails;
}

export interface ChangeDetails {
  /** The relation of a column, constraint, index, trigger, policy or RLS change. */
  table?: string;
  /** `changed`: the fields that differ. */
  fields?: Record<string, FieldChange>;
  /** `renamed?`: the name on the `from` side (the new name is `name`). */
  from?: string;
  /** Free-form facts shown by reporters (type of an added column, kind of a relation, values of an enum...). */
  [key: string]: unknown;
}

export interface DiffSummary {
  identical: boolean;
  added: number;
  removed: number;
  changed: number;
  renamed: number;
  byKind: Partial<Record<ObjectKind, { added: number; removed: number; changed: number; renamed: number }>>;
  /** Row counts side by side when both snapshots carry them: `schema.table` → [from, to]. */
  rows?: Record<string, [number | null, number | null]>;
}

export interface DiffResult {
  changes: Change[];
  summary: DiffSummary;
  /** Object kinds the snapshots do not hold, so they were not compared (never silently equal). */
  notCompared: string[];
}

export interface DiffOptions {
  /** Look for possible renames (default true). */
  renames?: boolean;
  /** Only compare these schemas (default: all). */
  schemas?: string[];
}

export type PushChange = (c: Change) => void;
