import pluralize from 'pluralize';
import { SchemaIndex } from '../schema/index.js';
import { SHIM_SCHEMAS } from '../schema/shims.js';
import type { Location, QualifiedName, Reference, Relation, SchemaSnapshot, ValueHint } from '../types.js';
import { expressionType, objectValues, type ScaffoldType } from './expression.js';

/** A relation (and optionally a column on an existing one) that the schema lacks. */
export interface ScaffoldTargets {
  relations: { schema: string; name: string }[];
  columns: { relation: { schema: string; name: string }; column: string }[];
  functions?: { schema: string; name: string }[];
}

export interface InferredColumn {
  name: string;
  type: ScaffoldType;
  primaryKey?: 'uuid' | 'identity';
  notNull?: boolean;
  default?: string;
  references?: { schema: string; name: string; column: string };
  /** What the choice was inferred from, with file:line. */
  reason: string;
  /** True when nothing told the type (`text` with a TODO). */
  todo?: boolean;
}

export interface TableProposal {
  schema: string;
  name: string;
  columns: InferredColumn[];
  usedAt: Location[];
}

export interface ColumnProposal {
  relation: { schema: string; name: string };
  column: InferredColumn;
  usedAt: Location[];
}

export interface ForeignKeyProposal {
  table: { schema: string; name: string };
  column: string;
  references: { schema: string; name: string; column: string };
}

export interface ScaffoldPlan {
  /** New tables, ordered so that foreign keys resolve. */
  tables: TableProposal[];
  columns: ColumnProposal[];
  /** Foreign keys between new tables that reference each other in a cycle: added after every table exists. */
  deferredForeignKeys: ForeignKeyProposal[];
  /** Missing functions: named in the migration, never invented. */
  functions: { schema: string; name: string; usedAt: Location[] }[];
}

export interface InferOptions {
  references: Reference[];
  snapshot: SchemaSnapshot;
  targets: ScaffoldTargets;
  /** Source text of a project file, for reading the values inserts write. */
  readSource?: (file: string) => string | undefined;
  searchPath?: string[];
}

const HINT_TYPE: Partial<Record<ValueHint['kind'], ScaffoldType>> = {
  string: 'text',
  integer: 'integer',
  decimal: 'numeric',
  boolean: 'boolean',
  date: 'timestamptz',
  uuid: 'uuid',
  object: 'jsonb',
  array: 'jsonb',
};

const at = (l: Location) => `${l.file}:${l.line}`;
const keyOf = (r: { schema: string; name: string }) => `${r.schema}.${r.name}`;

/** Proposes DDL for missing relations and columns from how the code uses them. Pure: never touches a database. */
export function inferScaffold(options: InferOptions): ScaffoldPlan {
  const index = new SchemaIndex(options.snapshot, options.searchPath ? { searchPath: options.searchPath } : {});
  const relationKey = (name: QualifiedName, quoted: boolean) => {
    const resolved = index.resolveRelation(name, quoted);
    return resolved ? keyOf(resolved) : index.qualify(name, quoted);
  };
  const refs = options.references.filter((r) => (r.kind === 'relation' || r.kind === 'column') && r.access !== 'ddl' && r.confidence !== 'dynamic');
  const byRelation = new Map<string, Reference[]>();
  for (const r of refs) {
    for (const name of r.candidates?.length ? r.candidates : [r.relation]) {
      const k = relationKey(name, r.quoted);
      const list = byRelation.get(k);
      if (list) list.push(r);
      else byRelation.set(k, [r]);
    }
  }
  const values = new Map<string, Map<string, import('../extractor.js').Node>>();
  const valueAt = (l: Location) => {
    if (!options.readSource) return undefined;
    let map = values.get(l.file);
    if (!map) {
      const source = options.readSource(l.file);
      map = source !== undefined && /\.[cm]?[jt]sx?$/.test(l.file) ? objectValues(l.file, source) : new Map();
      values.set(l.file, map);
    }
    return map.get(`${l.line}:${l.column}`);
  };

  const newTables = uniqueBy(options.targets.relations, keyOf);
  const newKeys = new Set(newTables.map(keyOf));
  const idConvention = conventionalId(index);
  const authUsers = index.relation('auth', 'users');
  const authUserIdType = authUsers && index.column(authUsers, 'id')?.type === 'uuid' ? 'uuid' : undefined;

  // Which table an `x_id` column points at: an existing or new table named after it.
  const tableFor = (column: string, owner: { schema: string; name: string }): { schema: string; name: string } | undefined => {
    if (!column.endsWith('_id') || column === '_id') return undefined;
    const words = column.slice(0, -3).split('_').filter(Boolean);
    const ownerPrefix = owner.name.includes('_') ? owner.name.slice(0, owner.name.lastIndexOf('_') + 1) : '';
    for (let i = 0; i < words.length; i++) {
      const stem = words.slice(i).join('_');
      for (const candidate of unique([pluralize(stem), stem])) {
        for (const name of unique([candidate, ownerPrefix ? `${ownerPrefix}${candidate}` : candidate])) {
          const target = { schema: owner.schema, name };
          if (keyOf(target) === keyOf(owner) && i > 0) continue;
          if (newKeys.has(keyOf(target))) return target;
          const existing = index.resolveRelation({ schema: null, name }, true);
          if (existing) return { schema: existing.schema, name: existing.name };
        }
        const elsewhere = index.snapshot.relations.filter((r) => r.name === candidate && (r.kind === 'table' || r.kind === 'partitioned-table'));
        if (elsewhere.length === 1) return { schema: elsewhere[0]!.schema, name: elsewhere[0]!.name };
      }
    }
    return undefined;
  };

  // The id type of each new table, decided first so foreign keys to new tables get the right type.
  const idTypes = new Map<string, { primaryKey: 'uuid' | 'identity'; reason: string }>();
  for (const table of newTables) {
    const tableRefs = byRelation.get(keyOf(table)) ?? [];
    const idRef = tableRefs.find((r) => r.kind === 'column' && r.column === 'id' && r.values?.some((v) => v.kind === 'uuid' || v.kind === 'integer'));
    const hint = idRef?.values?.find((v) => v.kind === 'uuid' || v.kind === 'integer');
    if (hint) {
      idTypes.set(keyOf(table), {
        primaryKey: hint.kind === 'uuid' ? 'uuid' : 'identity',
        reason: `compared with ${hint.kind === 'uuid' ? 'a uuid' : 'an integer'} at ${at(hint.location ?? idRef!.location)}`,
      });
    } else idTypes.set(keyOf(table), idConvention);
  }
  const typeOfId = (target: { schema: string; name: string }): ScaffoldType | undefined => {
    const id = idTypes.get(keyOf(target));
    if (id) return id.primaryKey === 'uuid' ? 'uuid' : 'bigint';
    const existing = index.relation(target.schema, target.name);
    const column = existing ? index.column(existing, 'id') : undefined;
    return column ? sqlType(column.type) : undefined;
  };

  const inferColumn = (owner: { schema: string; name: string }, name: string, uses: Reference[]): InferredColumn => {
    const first = uses[0]!.location;
    if (name === 'created_at' || name === 'updated_at') {
      return { name, type: 'timestamptz', notNull: true, default: 'now()', reason: `${describeUse(uses)} at ${at(first)}` };
    }
    const target = tableFor(name, owner);
    if (target) {
      const type = typeOfId(target) ?? idConvention.type;
      return { name, type, references: { ...target, column: 'id' }, reason: `foreign key: named after ${keyOf(target)} (${at(first)})` };
    }
    const evidence: { type: ScaffoldType; reason: string; strength: number }[] = [];
    for (const use of uses) {
      for (const hint of use.values ?? []) {
        const type = HINT_TYPE[hint.kind];
        if (type) evidence.push({ type: type === 'integer' && hint.text && Math.abs(Number(hint.text)) > 2147483647 ? 'bigint' : type, reason: `${describeHint(hint)} at ${at(hint.location ?? use.location)}`, strength: 3 });
      }
      if (use.access === 'insert' || use.access === 'update') {
        const found = expressionType(valueAt(use.location));
        if (found?.type === 'user-id') {
          if (authUserIdType) evidence.push({ type: authUserIdType, reason: `written from ${found.what} at ${at(use.location)} (auth.users.id is uuid)`, strength: 2 });
        } else if (found) evidence.push({ type: found.type, reason: `${found.what} written at ${at(use.location)}`, strength: 2 });
      }
    }
    const best = pickType(evidence);
    if (best) return { name, type: best.type, reason: best.reason };
    const byName = typeFromName(name);
    if (byName) return { name, type: byName.type, reason: `named like ${byName.like} (${at(first)})` };
    // An `x_id` with no table `xs` is often an external id (Stripe's `cus_...`): no guess.
    if (name.endsWith('_id')) return { name, type: 'text', todo: true, reason: `TODO: type not inferred; named like an id but no table "${pluralize(name.slice(0, -3))}" exists (${at(first)})` };
    return { name, type: 'text', todo: true, reason: `TODO: type not inferred (${describeUse(uses)} at ${at(first)})` };
  };

  const tables: TableProposal[] = [];
  for (const table of newTables) {
    const tableRefs = byRelation.get(keyOf(table)) ?? [];
    const names: string[] = [];
    const uses = new Map<string, Reference[]>();
    for (const r of tableRefs) {
      if (r.kind !== 'column' || r.column === undefined || r.column === '*') continue;
      if (!uses.has(r.column)) {
        uses.set(r.column, []);
        names.push(r.column);
      }
      uses.get(r.column)!.push(r);
    }
    for (const r of tableRefs) {
      for (const p of r.provides ?? []) {
        if (!uses.has(p)) {
          uses.set(p, [r]);
          names.push(p);
        }
      }
    }
    const id = idTypes.get(keyOf(table))!;
    const columns: InferredColumn[] = [
      {
        name: 'id',
        type: id.primaryKey === 'uuid' ? 'uuid' : 'bigint',
        primaryKey: id.primaryKey,
        reason: id.reason,
      },
    ];
    const timestamps: string[] = names.filter((n) => n === 'created_at' || n === 'updated_at').sort();
    for (const n of names) if (n !== 'id' && !timestamps.includes(n)) columns.push(inferColumn(table, n, uses.get(n)!));
    for (const n of timestamps) columns.push(inferColumn(table, n, uses.get(n)!));
    tables.push({ ...table, columns, usedAt: usedAt(tableRefs) });
  }

  const columns: ColumnProposal[] = [];
  for (const target of uniqueBy(options.targets.columns, (c) => `${keyOf(c.relation)}.${c.column}`)) {
    if (newKeys.has(keyOf(target.relation))) continue;
    const uses = (byRelation.get(keyOf(target.relation)) ?? []).filter((r) => r.kind === 'column' && r.column === target.column);
    const inserts = (byRelation.get(keyOf(target.relation)) ?? []).filter((r) => r.provides?.includes(target.column));
    const all = uses.length > 0 ? uses : inserts;
    if (all.length === 0) continue;
    columns.push({ relation: target.relation, column: inferColumn(target.relation, target.column, all), usedAt: usedAt(all) });
  }

  const ordered = orderTables(tables);
  const created = new Set<string>();
  const deferredForeignKeys: ForeignKeyProposal[] = [];
  for (const table of ordered) {
    created.add(keyOf(table));
    for (const column of table.columns) {
      const ref = column.references;
      if (ref && newKeys.has(keyOf(ref)) && !created.has(keyOf(ref))) {
        deferredForeignKeys.push({ table: { schema: table.schema, name: table.name }, column: column.name, references: ref });
      }
    }
  }

  const functionRefs = options.references.filter((r) => r.kind === 'function');
  const functions = uniqueBy(options.targets.functions ?? [], keyOf).map((f) => ({
    ...f,
    usedAt: usedAt(functionRefs.filter((r) => index.qualify(r.relation, r.quoted) === keyOf(f) || (r.relation.schema === f.schema && r.relation.name === f.name))),
  }));
  return { tables: ordered, columns, deferredForeignKeys, functions };
}

function describeUse(uses: Reference[]): string {
  const access = uses[0]!.access;
  return access === 'insert' ? 'inserted' : access === 'update' ? 'updated' : 'read';
}

function describeHint(hint: ValueHint): string {
  if (hint.kind === 'string' || hint.kind === 'date' || hint.kind === 'uuid') return hint.text !== undefined ? `'${hint.text}'` : `a ${hint.kind}`;
  if (hint.kind === 'integer' || hint.kind === 'decimal') return hint.text ?? `a ${hint.kind}`;
  if (hint.kind === 'object') return 'an object';
  if (hint.kind === 'array') return 'an array';
  return `a ${hint.kind}`;
}

/** The strongest evidence; numbers of both kinds widen to numeric, other disagreements keep the strongest first. */
function pickType(evidence: { type: ScaffoldType; reason: string; strength: number }[]) {
  if (evidence.length === 0) return undefined;
  const top = Math.max(...evidence.map((e) => e.strength));
  const strongest = evidence.filter((e) => e.strength === top);
  const types = new Set(strongest.map((e) => e.type));
  if (types.has('numeric') && [...types].every((t) => t === 'numeric' || t === 'integer' || t === 'bigint')) {
    return strongest.find((e) => e.type === 'numeric')!;
  }
  if (types.has('bigint') && [...types].every((t) => t === 'integer' || t === 'bigint')) return strongest.find((e) => e.type === 'bigint')!;
  return strongest[0]!;
}

function typeFromName(name: string): { type: ScaffoldType; like: string } | undefined {
  if (/_at$/.test(name)) return { type: 'timestamptz', like: 'a timestamp (*_at)' };
  if (/^(?:is|has|can|should)_/.test(name)) return { type: 'boolean', like: 'a flag (is_*)' };
  if (/(?:^|_)count$/.test(name)) return { type: 'integer', like: 'a count (*_count)' };
  if (/_cents$/.test(name)) return { type: 'integer', like: 'an amount in cents (*_cents)' };
  return undefined;
}

/** The project's id convention: the type most existing tables give `id`. */
function conventionalId(index: SchemaIndex): { primaryKey: 'uuid' | 'identity'; type: ScaffoldType; reason: string } {
  const withId: { relation: Relation; type: string }[] = [];
  for (const relation of index.relations) {
    // Supabase's own tables (auth.users) say nothing about the application's convention.
    if (relation.shim || relation.kind !== 'table' || (SHIM_SCHEMAS as readonly string[]).includes(relation.schema)) continue;
    const id = index.column(relation, 'id');
    if (id) withId.push({ relation, type: id.type });
  }
  const uuids = withId.filter((r) => r.type === 'uuid');
  const integers = withId.filter((r) => r.type === 'integer' || r.type === 'bigint');
  const names = (list: typeof withId) => list.map((r) => keyOf(r.relation)).sort().slice(0, 3).join(', ');
  if (uuids.length > 0 && uuids.length >= integers.length) {
    return { primaryKey: 'uuid', type: 'uuid', reason: `uuid like the ids of ${names(uuids)}${uuids.length > 3 ? ` and ${uuids.length - 3} more` : ''}` };
  }
  if (integers.length > 0) return { primaryKey: 'identity', type: 'bigint', reason: `identity like the ids of ${names(integers)}` };
  return { primaryKey: 'identity', type: 'bigint', reason: 'identity: nothing in the code or schema says the ids are uuids' };
}

function sqlType(type: string): ScaffoldType | undefined {
  const known: Record<string, ScaffoldType> = { uuid: 'uuid', integer: 'integer', bigint: 'bigint', text: 'text', boolean: 'boolean', numeric: 'numeric', jsonb: 'jsonb', 'timestamp with time zone': 'timestamptz' };
  return known[type];
}

/** Tables whose foreign keys point at other new tables come after them; cycles are broken by name. */
function orderTables(tables: TableProposal[]): TableProposal[] {
  const byKey = new Map(tables.map((t) => [keyOf(t), t]));
  const remaining = [...tables].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
  const done = new Set<string>();
  const out: TableProposal[] = [];
  while (remaining.length > 0) {
    const ready = remaining.findIndex((t) =>
      t.columns.every((c) => !c.references || !byKey.has(keyOf(c.references)) || done.has(keyOf(c.references)) || keyOf(c.references) === keyOf(t)),
    );
    // In a cycle, the table most others wait for goes first; its own foreign keys into the cycle are deferred.
    const pick = ready >= 0 ? ready : remaining.indexOf(mostAwaited(remaining));
    const [next] = remaining.splice(pick, 1);
    done.add(keyOf(next!));
    out.push(next!);
  }
  return out;
}

function mostAwaited(remaining: TableProposal[]): TableProposal {
  const waits = (t: TableProposal) =>
    remaining.filter((o) => o !== t && o.columns.some((c) => c.references && keyOf(c.references) === keyOf(t))).length;
  let best = remaining[0]!;
  for (const t of remaining) if (waits(t) > waits(best)) best = t;
  return best;
}

function usedAt(refs: Reference[]): Location[] {
  const seen = new Set<string>();
  const out: Location[] = [];
  for (const r of [...refs].sort((a, b) => (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : a.location.line - b.location.line))) {
    const k = at(r.location);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(r.location);
  }
  return out;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function uniqueBy<T>(values: T[], key: (v: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(key(v)) ? false : (seen.add(key(v)), true)));
}
