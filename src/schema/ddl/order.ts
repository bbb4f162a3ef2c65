import type { FunctionInfo, Relation } from '../../types.js';
import { relationKey } from '../diff.js';
import type { MigrationStatement } from './context.js';
import type { CreatedFunction } from './plan.js';

// Phases: statements run in phase order, and in emission order within a phase.
export const P = {
  dropTrigger: 10,
  dropPolicy: 11,
  dropView: 20,
  dropForeignKey: 30,
  dropIndex: 31,
  dropConstraint: 32,
  schema: 40,
  extension: 41,
  enum: 50,
  domain: 51,
  composite: 52,
  sequence: 53,
  dropFunctionForReplace: 59,
  function: 60,
  domainAfterFunctions: 61,
  dropBeforeCreate: 69,
  table: 70,
  column: 71,
  functionAfterTables: 72,
  enumRecreate: 73,
  sequenceOwner: 75,
  constraint: 80,
  foreignKey: 91,
  view: 85,
  lateFunction: 86,
  domainCheckRestore: 87,
  checkAfterFunctions: 88,
  index: 90,
  trigger: 95,
  rls: 96,
  policy: 97,
  dropTable: 100,
  dropFunction: 101,
  dropSequence: 102,
  dropComposite: 103,
  dropDomain: 104,
  dropType: 105,
  dropSchema: 106,
  dropExtension: 107,
} as const;

export interface Pending extends MigrationStatement {
  phase: number;
  order: number;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether SQL text mentions a relation or function name as a whole word (quoted or not). */
export function mentions(text: string | null | undefined, name: string): boolean {
  if (!text) return false;
  return new RegExp(`(^|[^a-zA-Z0-9_$])"?${escapeRegExp(name)}"?($|[^a-zA-Z0-9_$])`).test(text);
}

/** Orders relations so that each comes after those its definition mentions (views on views); ties by name. */
export function topoSort(relations: Relation[], reverse = false): Relation[] {
  const sorted = [...relations].sort((a, b) => relationKey(a).localeCompare(relationKey(b)));
  const deps = new Map<Relation, Relation[]>(sorted.map((r) => [r, sorted.filter((o) => o !== r && mentions(r.definition, o.name))]));
  const done = new Set<Relation>();
  const out: Relation[] = [];
  const visiting = new Set<Relation>();
  const visit = (r: Relation) => {
    if (done.has(r) || visiting.has(r)) return;
    visiting.add(r);
    for (const d of deps.get(r) ?? []) visit(d);
    visiting.delete(r);
    done.add(r);
    out.push(r);
  };
  for (const r of sorted) visit(r);
  return reverse ? out.reverse() : out;
}

/** Functions in dependency order among themselves (SQL-standard bodies are checked at creation), ties by name. */
export function orderFunctions(createdFunctions: CreatedFunction[]): CreatedFunction[] {
  const done = new Set<FunctionInfo>();
  const visiting = new Set<FunctionInfo>();
  const ordered: CreatedFunction[] = [];
  const visit = (item: CreatedFunction) => {
    if (done.has(item.f) || visiting.has(item.f)) return;
    visiting.add(item.f);
    for (const other of createdFunctions) if (other.f !== item.f && other.f.name !== item.f.name && mentions(item.f.definition, other.f.name)) visit(other);
    visiting.delete(item.f);
    done.add(item.f);
    ordered.push(item);
  };
  for (const item of createdFunctions) visit(item);
  return ordered;
}

export function sortStatements(pending: Pending[]): MigrationStatement[] {
  const sorted = pending.sort((x, y) => x.phase - y.phase || x.order - y.order);
  return sorted.map(({ phase: _p, order: _o, ...s }) => s);
}
