import { distance } from 'fastest-levenshtein';
import type {
  Column,
  CompositeType,
  Constraint,
  DomainType,
  EnumType,
  Extension,
  FunctionInfo,
  Index,
  Policy,
  Relation,
  SchemaSnapshot,
  Sequence,
  Trigger,
} from '../types.js';

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

/** Object kinds a `SchemaSnapshot` does not hold. */
export const NOT_COMPARED_KINDS = [
  'privileges (GRANT/REVOKE, default privileges)',
  'owners',
  'roles and memberships',
  'comments',
  'security labels',
  'publications and subscriptions',
  'event triggers',
  'rules',
  'collations',
  'casts',
  'operators and operator classes',
  'text search configurations',
  'foreign data wrappers, servers and user mappings',
  'column storage, statistics, compression and replica identity',
  'table inheritance (non-partition)',
  'table and index storage parameters, tablespaces',
  'view options (security_barrier, security_invoker, check option)',
  'materialized view data (populated or not)',
  'range and base types',
];

const RELATION_KIND: Record<Relation['kind'], ObjectKind> = {
  table: 'table',
  'partitioned-table': 'partitioned-table',
  'foreign-table': 'foreign-table',
  view: 'view',
  'materialized-view': 'materialized-view',
};

export function relationObjectKind(relation: Relation): ObjectKind {
  return RELATION_KIND[relation.kind];
}

/** Collapses whitespace runs and trims, so formatting-only differences vanish. */
export function normalizeWhitespace(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').replace(/\s*([(),;])\s*/g, '$1').trim();
}

export const relationKey = (r: { schema: string; name: string }) => `${r.schema}.${r.name}`;
/** The identity argument types of a function, without argument names: `uuid, integer`. */
export function argumentTypes(f: Pick<FunctionInfo, 'args' | 'argNames'>): string {
  if (!f.args.trim()) return '';
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of f.args) {
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  parts.push(current.trim());
  const names = new Set(f.argNames.filter(Boolean));
  return parts
    .map((part) => {
      const m = /^((?:IN|OUT|INOUT|VARIADIC)\s+)?("(?:[^"]|"")+"|[^\s"]+)\s+(.+)$/.exec(part);
      if (!m) return part;
      const name = m[2]!.startsWith('"') ? m[2]!.slice(1, -1).replace(/""/g, '"') : m[2]!;
      return names.has(name) ? `${m[1] ?? ''}${m[3]}` : part;
    })
    .join(', ');
}

export const functionKey = (f: FunctionInfo) => `${f.schema}.${f.name}(${argumentTypes(f)})`;

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

function fieldChanges(pairs: Record<string, [unknown, unknown]>): Record<string, FieldChange> | undefined {
  const fields: Record<string, FieldChange> = {};
  for (const [field, [from, to]] of Object.entries(pairs)) {
    if (JSON.stringify(from) !== JSON.stringify(to)) fields[field] = { from, to };
  }
  return Object.keys(fields).length > 0 ? fields : undefined;
}

/** Compares two keyed lists: calls `added`, `removed`, `both` in key order. */
function compareLists<T>(
  from: readonly T[],
  to: readonly T[],
  key: (item: T) => string,
  on: { added(item: T): void; removed(item: T): void; both(a: T, b: T): void },
): void {
  const a = byKey(from, key);
  const b = byKey(to, key);
  for (const k of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(k);
    const y = b.get(k);
    if (x && y) on.both(x, y);
    else if (x) on.removed(x);
    else if (y) on.added(y);
  }
}

function columnFields(a: Column, b: Column): Record<string, FieldChange> | undefined {
  return fieldChanges({
    type: [a.type, b.type],
    nullable: [a.nullable, b.nullable],
    default: [a.default, b.default],
    identity: [a.identity, b.identity],
    generated: [normalizeWhitespace(a.generated) || null, normalizeWhitespace(b.generated) || null],
  });
}

function columnFacts(c: Column): Record<string, unknown> {
  return { type: c.type, nullable: c.nullable, default: c.default, identity: c.identity, generated: c.generated };
}

/** Strips the body from a `pg_get_functiondef()` text so the rest (attributes, SET, STRICT...) can be compared. */
export function functionHeader(f: FunctionInfo): string {
  const definition = f.definition ?? '';
  return normalizeWhitespace(f.body ? definition.split(f.body).join('') : definition);
}

function functionFields(a: FunctionInfo, b: FunctionInfo): Record<string, FieldChange> | undefined {
  return fieldChanges({
    kind: [a.kind, b.kind],
    returns: [a.returns, b.returns],
    language: [a.language, b.language],
    args: [a.args, b.args],
    argsWithDefaults: [a.argsWithDefaults, b.argsWithDefaults],
    volatility: [a.volatility, b.volatility],
    securityDefiner: [a.securityDefiner, b.securityDefiner],
    body: [a.bodyHash, b.bodyHash],
    attributes: [functionHeader(a), functionHeader(b)],
  });
}

function sameColumnShape(a: Relation, b: Relation): boolean {
  const shape = (r: Relation) => r.columns.map((c) => `${c.name}:${c.type}`).sort().join(',');
  return a.kind === b.kind && a.columns.length > 0 && shape(a) === shape(b);
}

/** Pairs removed and added items that share a signature, closest names first; each item is used once. */
function pairRenames<T extends { name: string }>(removed: T[], added: T[], signature: (item: T) => string): [T, T][] {
  const candidates: { from: T; to: T; cost: number }[] = [];
  for (const from of removed) {
    for (const to of added) {
      if (signature(from) !== signature(to)) continue;
      candidates.push({ from, to, cost: distance(from.name, to.name) / Math.max(from.name.length, to.name.length) });
    }
  }
  candidates.sort((x, y) => x.cost - y.cost || x.from.name.localeCompare(y.from.name) || x.to.name.localeCompare(y.to.name));
  const used = new Set<T>();
  const pairs: [T, T][] = [];
  for (const { from, to } of candidates) {
    if (used.has(from) || used.has(to)) continue;
    used.add(from);
    used.add(to);
    pairs.push([from, to]);
  }
  return pairs;
}

function diffRelationParts(a: Relation, b: Relation, push: (c: Change) => void, renames: boolean): void {
  const table = b.name;
  const schema = b.schema;
  const removedColumns: Column[] = [];
  const addedColumns: Column[] = [];
  compareLists(a.columns, b.columns, (c) => c.name, {
    added: (c) => addedColumns.push(c),
    removed: (c) => removedColumns.push(c),
    both: (x, y) => {
      const fields = columnFields(x, y);
      if (fields) push({ objectKind: 'column', schema, name: y.name, change: 'changed', details: { table, fields } });
    },
  });
  const pairs = renames && a.kind !== 'view' && a.kind !== 'materialized-view' ? pairRenames(removedColumns, addedColumns, (c) => c.type) : [];
  const paired = new Set(pairs.flat());
  for (const [from, to] of pairs) {
    const fields = columnFields(from, to);
    push({
      objectKind: 'column',
      schema,
      name: to.name,
      change: 'renamed?',
      details: { table, from: from.name, ...columnFacts(to), ...(fields ? { fields } : {}) },
    });
  }
  for (const c of removedColumns) {
    if (!paired.has(c)) push({ objectKind: 'column', schema, name: c.name, change: 'removed', details: { table, ...columnFacts(c) } });
  }
  for (const c of addedColumns) {
    if (!paired.has(c)) push({ objectKind: 'column', schema, name: c.name, change: 'added', details: { table, ...columnFacts(c) } });
  }

  compareLists<Constraint>(a.constraints, b.constraints, (c) => c.name, {
    added: (c) => push({ objectKind: 'constraint', schema, name: c.name, change: 'added', details: { table, type: c.type, definition: c.definition } }),
    removed: (c) => push({ objectKind: 'constraint', schema, name: c.name, change: 'removed', details: { table, type: c.type, definition: c.definition } }),
    both: (x, y) => {
      const fields = fieldChanges({ type: [x.type, y.type], definition: [normalizeWhitespace(x.definition), normalizeWhitespace(y.definition)] });
      if (fields) push({ objectKind: 'constraint', schema, name: y.name, change: 'changed', details: { table, type: y.type, fields } });
    },
  });

  const plainIndexes = (r: Relation) => r.indexes.filter((i) => !i.constraint);
  compareLists<Index>(plainIndexes(a), plainIndexes(b), (i) => i.name, {
    added: (i) => push({ objectKind: 'index', schema, name: i.name, change: 'added', details: { table, definition: i.definition } }),
    removed: (i) => push({ objectKind: 'index', schema, name: i.name, change: 'removed', details: { table, definition: i.definition } }),
    both: (x, y) => {
      const fields = fieldChanges({ definition: [normalizeWhitespace(x.definition), normalizeWhitespace(y.definition)] });
      if (fields) push({ objectKind: 'index', schema, name: y.name, change: 'changed', details: { table, fields } });
    },
  });

  compareLists<Trigger>(a.triggers, b.triggers, (t) => t.name, {
    added: (t) => push({ objectKind: 'trigger', schema, name: t.name, change: 'added', details: { table, definition: t.definition } }),
    removed: (t) => push({ objectKind: 'trigger', schema, name: t.name, change: 'removed', details: { table, definition: t.definition } }),
    both: (x, y) => {
      const fields = fieldChanges({ definition: [normalizeWhitespace(x.definition), normalizeWhitespace(y.definition)], enabled: [x.enabled, y.enabled] });
      if (fields) push({ objectKind: 'trigger', schema, name: y.name, change: 'changed', details: { table, fields } });
    },
  });

  const rls = fieldChanges({ enabled: [a.rlsEnabled, b.rlsEnabled], forced: [a.rlsForced, b.rlsForced] });
  if (rls) push({ objectKind: 'rls', schema, name: table, change: 'changed', details: { table, fields: rls } });

  const policyFacts = (p: Policy) => ({ command: p.command, permissive: p.permissive, roles: [...p.roles].sort(), using: p.using, withCheck: p.withCheck });
  compareLists<Policy>(a.policies, b.policies, (p) => p.name, {
    added: (p) => push({ objectKind: 'policy', schema, name: p.name, change: 'added', details: { table, ...policyFacts(p) } }),
    removed: (p) => push({ objectKind: 'policy', schema, name: p.name, change: 'removed', details: { table, ...policyFacts(p) } }),
    both: (x, y) => {
      const fx = policyFacts(x);
      const fy = policyFacts(y);
      const fields = fieldChanges({
        command: [fx.command, fy.command],
        permissive: [fx.permissive, fy.permissive],
        roles: [fx.roles, fy.roles],
        using: [normalizeWhitespace(fx.using) || null, normalizeWhitespace(fy.using) || null],
        withCheck: [normalizeWhitespace(fx.withCheck) || null, normalizeWhitespace(fy.withCheck) || null],
      });
      if (fields) push({ objectKind: 'policy', schema, name: y.name, change: 'changed', details: { table, fields } });
    },
  });
}

function relationFacts(r: Relation): Record<string, unknown> {
  return {
    kind: r.kind,
    columns: r.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
    ...(r.rows !== undefined ? { rows: r.rows } : {}),
  };
}

function diffRelations(from: Relation[], to: Relation[], push: (c: Change) => void, renames: boolean): void {
  const removed: Relation[] = [];
  const added: Relation[] = [];
  compareLists(from, to, relationKey, {
    added: (r) => added.push(r),
    removed: (r) => removed.push(r),
    both: (a, b) => {
      const kind = relationObjectKind(b);
      if (a.kind !== b.kind) {
        // A table that became a view (or similar) is a different object: report it as removed and added.
        removed.push(a);
        added.push(b);
        return;
      }
      const fields = fieldChanges({
        definition: [normalizeWhitespace(a.definition) || null, normalizeWhitespace(b.definition) || null],
        partitionOf: [a.partitionOf ?? null, b.partitionOf ?? null],
        partitionKey: [a.partitionKey ?? null, b.partitionKey ?? null],
      });
      if (fields) push({ objectKind: kind, schema: b.schema, name: b.name, change: 'changed', details: { fields } });
      diffRelationParts(a, b, push, renames);
    },
  });
  const pairs = renames
    ? pairRenames(removed, added, (r) => `${r.schema}|${r.kind}|${r.columns.map((c) => `${c.name}:${c.type}`).sort().join(',')}`).filter(([a, b]) => sameColumnShape(a, b))
    : [];
  const paired = new Set(pairs.flat());
  for (const [a, b] of pairs) {
    push({ objectKind: relationObjectKind(b), schema: b.schema, name: b.name, change: 'renamed?', details: { from: a.name, ...relationFacts(b) } });
  }
  for (const r of removed) if (!paired.has(r)) push({ objectKind: relationObjectKind(r), schema: r.schema, name: r.name, change: 'removed', details: relationFacts(r) });
  for (const r of added) if (!paired.has(r)) push({ objectKind: relationObjectKind(r), schema: r.schema, name: r.name, change: 'added', details: relationFacts(r) });
}

function summarize(changes: Change[], from: SchemaSnapshot, to: SchemaSnapshot): DiffSummary {
  const summary: DiffSummary = { identical: changes.length === 0, added: 0, removed: 0, changed: 0, renamed: 0, byKind: {} };
  for (const c of changes) {
    const counts = (summary.byKind[c.objectKind] ??= { added: 0, removed: 0, changed: 0, renamed: 0 });
    const field = c.change === 'renamed?' ? 'renamed' : c.change;
    counts[field]++;
    summary[field]++;
  }
  const rows: Record<string, [number | null, number | null]> = {};
  for (const r of from.relations) if (r.rows !== undefined) rows[relationKey(r)] = [r.rows, null];
  for (const r of to.relations) if (r.rows !== undefined) rows[relationKey(r)] = [rows[relationKey(r)]?.[0] ?? null, r.rows];
  if (Object.keys(rows).length > 0) summary.rows = Object.fromEntries(Object.entries(rows).sort(([a], [b]) => a.localeCompare(b)));
  return summary;
}

function restrict(snapshot: SchemaSnapshot, schemas: string[] | undefined): SchemaSnapshot {
  if (!schemas) return snapshot;
  const keep = new Set(schemas);
  const inSchema = <T extends { schema: string }>(items: T[]) => items.filter((i) => keep.has(i.schema));
  return {
    ...snapshot,
    schemas: snapshot.schemas.filter((s) => keep.has(s)),
    relations: inSchema(snapshot.relations),
    enums: inSchema(snapshot.enums),
    domains: inSchema(snapshot.domains),
    compositeTypes: inSchema(snapshot.compositeTypes),
    functions: inSchema(snapshot.functions),
    sequences: inSchema(snapshot.sequences),
  };
}

const KIND_ORDER = new Map(OBJECT_KINDS.map((k, i) => [k, i]));
const CHANGE_ORDER: Record<ChangeType, number> = { removed: 0, 'renamed?': 1, changed: 2, added: 3 };

/** Compares two snapshots: every difference in the object kinds the snapshot holds, sorted, plus what was not compared. */
export function diffSnapshots(fromSnapshot: SchemaSnapshot, toSnapshot: SchemaSnapshot, options: DiffOptions = {}): DiffResult {
  const from = restrict(fromSnapshot, options.schemas);
  const to = restrict(toSnapshot, options.schemas);
  const renames = options.renames ?? true;
  const changes: Change[] = [];
  const push = (c: Change) => changes.push(c);

  compareLists<Extension>(from.extensions, to.extensions, (e) => e.name, {
    added: (e) => push({ objectKind: 'extension', schema: e.schema, name: e.name, change: 'added', details: { version: e.version } }),
    removed: (e) => push({ objectKind: 'extension', schema: e.schema, name: e.name, change: 'removed', details: { version: e.version } }),
    both: (a, b) => {
      const fields = fieldChanges({ version: [a.version, b.version], schema: [a.schema, b.schema] });
      if (fields) push({ objectKind: 'extension', schema: b.schema, name: b.name, change: 'changed', details: { fields } });
    },
  });

  compareLists<string>(from.schemas, to.schemas, (s) => s, {
    added: (s) => push({ objectKind: 'schema', schema: s, name: s, change: 'added', details: {} }),
    removed: (s) => push({ objectKind: 'schema', schema: s, name: s, change: 'removed', details: {} }),
    both: () => {},
  });

  compareLists<EnumType>(from.enums, to.enums, relationKey, {
    added: (e) => push({ objectKind: 'enum', schema: e.schema, name: e.name, change: 'added', details: { values: e.values } }),
    removed: (e) => push({ objectKind: 'enum', schema: e.schema, name: e.name, change: 'removed', details: { values: e.values } }),
    both: (a, b) => {
      if (JSON.stringify(a.values) === JSON.stringify(b.values)) return;
      const addedValues = b.values.filter((v) => !a.values.includes(v));
      const removedValues = a.values.filter((v) => !b.values.includes(v));
      const common = (vs: string[], other: string[]) => vs.filter((v) => other.includes(v));
      const reordered = JSON.stringify(common(a.values, b.values)) !== JSON.stringify(common(b.values, a.values));
      push({
        objectKind: 'enum',
        schema: b.schema,
        name: b.name,
        change: 'changed',
        details: { fields: { values: { from: a.values, to: b.values } }, addedValues, removedValues, reordered },
      });
    },
  });

  compareLists<DomainType>(from.domains, to.domains, relationKey, {
    added: (d) => push({ objectKind: 'domain', schema: d.schema, name: d.name, change: 'added', details: { type: d.type } }),
    removed: (d) => push({ objectKind: 'domain', schema: d.schema, name: d.name, change: 'removed', details: { type: d.type } }),
    both: (a, b) => {
      const fields = fieldChanges({
        type: [a.type, b.type],
        nullable: [a.nullable, b.nullable],
        default: [a.default, b.default],
        checks: [a.checks.map(normalizeWhitespace).sort(), b.checks.map(normalizeWhitespace).sort()],
      });
      if (fields) push({ objectKind: 'domain', schema: b.schema, name: b.name, change: 'changed', details: { fields } });
    },
  });

  compareLists<CompositeType>(from.compositeTypes, to.compositeTypes, relationKey, {
    added: (t) => push({ objectKind: 'composite-type', schema: t.schema, name: t.name, change: 'added', details: { attributes: t.attributes } }),
    removed: (t) => push({ objectKind: 'composite-type', schema: t.schema, name: t.name, change: 'removed', details: { attributes: t.attributes } }),
    both: (a, b) => {
      const fields = fieldChanges({ attributes: [a.attributes, b.attributes] });
      if (fields) push({ objectKind: 'composite-type', schema: b.schema, name: b.name, change: 'changed', details: { fields } });
    },
  });

  compareLists<Sequence>(from.sequences, to.sequences, relationKey, {
    added: (s) => push({ objectKind: 'sequence', schema: s.schema, name: s.name, change: 'added', details: { type: s.type, ownedBy: s.ownedBy } }),
    removed: (s) => push({ objectKind: 'sequence', schema: s.schema, name: s.name, change: 'removed', details: { type: s.type, ownedBy: s.ownedBy } }),
    both: (a, b) => {
      const fields = fieldChanges({
        type: [a.type, b.type],
        start: [a.start, b.start],
        increment: [a.increment, b.increment],
        min: [a.min, b.min],
        max: [a.max, b.max],
        cycle: [a.cycle, b.cycle],
        ownedBy: [a.ownedBy, b.ownedBy],
      });
      if (fields) push({ objectKind: 'sequence', schema: b.schema, name: b.name, change: 'changed', details: { fields } });
    },
  });

  const managed = (s: SchemaSnapshot) => s.relations.filter((r) => r.kind !== 'foreign-table');
  diffRelations(managed(from), managed(to), push, renames);

  // Internal-language functions are made by CREATE TYPE ... AS RANGE (constructors), which the snapshot does not hold.
  const routines = (s: SchemaSnapshot) => s.functions.filter((f) => f.kind !== 'aggregate' && f.language !== 'internal');
  const fnKind = (f: FunctionInfo): ObjectKind => (f.kind === 'procedure' ? 'procedure' : 'function');
  const fnName = (f: FunctionInfo) => `${f.name}(${argumentTypes(f)})`;
  compareLists<FunctionInfo>(routines(from), routines(to), functionKey, {
    added: (f) => push({ objectKind: fnKind(f), schema: f.schema, name: fnName(f), change: 'added', details: { args: f.args, returns: f.returns, language: f.language } }),
    removed: (f) => push({ objectKind: fnKind(f), schema: f.schema, name: fnName(f), change: 'removed', details: { args: f.args, returns: f.returns, language: f.language } }),
    both: (a, b) => {
      const fields = functionFields(a, b);
      if (fields) push({ objectKind: fnKind(b), schema: b.schema, name: fnName(b), change: 'changed', details: { fields } });
    },
  });

  const tableOrder = (c: Change) => (c.details.table ? `${c.details.table}\u0000` : `${c.name}\u0000`);
  changes.sort(
    (x, y) =>
      x.schema.localeCompare(y.schema) ||
      (KIND_ORDER.get(x.objectKind)! - KIND_ORDER.get(y.objectKind)!) ||
      tableOrder(x).localeCompare(tableOrder(y)) ||
      CHANGE_ORDER[x.change] - CHANGE_ORDER[y.change] ||
      x.name.localeCompare(y.name),
  );

  const notCompared = [...NOT_COMPARED_KINDS];
  const aggregates = [...from.functions, ...to.functions].filter((f) => f.kind === 'aggregate').map((f) => `aggregate ${f.schema}.${f.name}(${f.args})`);
  notCompared.push(...[...new Set(aggregates)].sort());
  const internal = [...from.functions, ...to.functions].filter((f) => f.kind !== 'aggregate' && f.language === 'internal').map((f) => `internal function ${f.schema}.${f.name}(${f.args}) (range type constructor)`);
  notCompared.push(...[...new Set(internal)].sort());
  const foreign = [...from.relations, ...to.relations].filter((r) => r.kind === 'foreign-table').map((r) => `foreign table ${relationKey(r)}`);
  notCompared.push(...[...new Set(foreign)].sort());
  for (const [side, snapshot] of [['from', from], ['to', to]] as const) {
    if (snapshot.incomplete) notCompared.push(`objects the ${side} source could not build (${snapshot.problems.length} problem${snapshot.problems.length === 1 ? '' : 's'})`);
  }
  return { changes, summary: summarize(changes, from, to), notCompared };
}
