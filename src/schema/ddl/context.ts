import type { FunctionInfo, Relation, SchemaSnapshot } from '../../types.js';
import { functionKey, relationKey, type Change, type DiffResult } from '../diff.js';
import type { Pending } from './order.js';

/** One migration statement (may hold several SQL commands that only make sense together). */
export interface MigrationStatement {
  sql: string;
  hazards: string[];
  destructive: boolean;
  /** Why the statement is destructive, shown in the warning. */
  reason?: string;
  /** False when the statement is destructive and `allowDestructive` was not given: it is commented out. */
  included: boolean;
}

export interface Migration {
  /** The whole script: statements in order, hazards as comments, excluded destructive statements commented out. */
  sql: string;
  statements: MigrationStatement[];
  destructiveCount: number;
  /** Destructive statements left out (commented) because `allowDestructive` was not given. */
  skippedCount: number;
}

export interface MigrationOptions {
  allowDestructive?: boolean;
  /** Turn `renamed?` hints into RENAME statements (default: drop + add, with the RENAME alternative as a comment). */
  applyRenames?: boolean;
}

export interface EmitOptions {
  hazards?: string[];
  destructive?: boolean;
  reason?: string;
}

export type Emit = (phase: number, sql: string, opts?: EmitOptions) => void;

/** The inputs of one migration, their lookups, and the statements emitted so far. */
export interface MigrationContext {
  diff: DiffResult;
  from: SchemaSnapshot;
  to: SchemaSnapshot;
  options: MigrationOptions;
  allowDestructive: boolean;
  emit: Emit;
  pending: Pending[];
  fromRel: Map<string, Relation>;
  toRel: Map<string, Relation>;
  fromFn: Map<string, FunctionInfo>;
  toFn: Map<string, FunctionInfo>;
}

export function createContext(diff: DiffResult, from: SchemaSnapshot, to: SchemaSnapshot, options: MigrationOptions): MigrationContext {
  const allowDestructive = options.allowDestructive ?? false;
  const pending: Pending[] = [];
  let order = 0;
  const emit: Emit = (phase, sql, opts = {}) => {
    const destructive = opts.destructive ?? false;
    pending.push({
      phase,
      order: order++,
      sql: withSemicolon(sql),
      hazards: opts.hazards ?? [],
      destructive,
      ...(opts.reason ? { reason: opts.reason } : {}),
      included: !destructive || allowDestructive,
    });
  };
  return {
    diff,
    from,
    to,
    options,
    allowDestructive,
    emit,
    pending,
    fromRel: new Map(from.relations.map((r) => [relationKey(r), r])),
    toRel: new Map(to.relations.map((r) => [relationKey(r), r])),
    fromFn: new Map(from.functions.map((f) => [functionKey(f), f])),
    toFn: new Map(to.functions.map((f) => [functionKey(f), f])),
  };
}

export const isView = (r: Relation) => r.kind === 'view' || r.kind === 'materialized-view';

export const tableOf = (c: Change) => `${c.schema}.${c.details.table as string}`;

export function withSemicolon(sql: string): string {
  const t = sql.trim();
  return t.endsWith(';') ? t : `${t};`;
}

export function splitKey3(key: string): [string, string, string] {
  const first = key.indexOf('.');
  const second = key.indexOf('.', first + 1);
  return [key.slice(0, first), key.slice(first + 1, second), key.slice(second + 1)];
}
