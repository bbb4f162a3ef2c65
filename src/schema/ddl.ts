import type { Column, Constraint, DomainType, EnumType, FunctionInfo, Index, Policy, Relation, SchemaSnapshot, Sequence, Trigger } from '../types.js';
import { functionKey, relationKey, type Change, type DiffResult } from './diff.js';

// Keywords that PostgreSQL's quote_ident() quotes (every keyword category except "unreserved").
const KEYWORDS = new Set(
  (
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create ' +
    'current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc ' +
    'distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral ' +
    'leading limit localtime localtimestamp not null offset on only or order placing primary references returning ' +
    'select session_user some symmetric system_user table then to trailing true union unique user using variadic when ' +
    'where window with authorization binary collation concurrently cross current_schema freeze full ilike inner is ' +
    'isnull join left like natural notnull outer overlaps right similar tablesample verbose between bigint bit boolean ' +
    'char character coalesce dec decimal exists extract float greatest grouping inout int integer interval json ' +
    'json_array json_arrayagg json_exists json_object json_objectagg json_query json_scalar json_serialize json_table ' +
    'json_value least merge_action national nchar none normalize nullif numeric out overlay position precision real ' +
    'row setof smallint substring time timestamp treat trim values varchar xmlattributes xmlconcat xmlelement ' +
    'xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable'
  ).split(' '),
);

/** Quotes an identifier only when PostgreSQL needs it (as `quote_ident()` does). */
export function quoteIdent(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !KEYWORDS.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

export function qualify(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export const HAZARD = {
  accessExclusive: 'ACCESS EXCLUSIVE lock',
  dataLoss: 'data loss',
  indexBuild: 'index build blocks writes (use CONCURRENTLY outside a transaction)',
  rewrite: 'table rewrite',
  validation: 'scans the table to validate existing rows',
  notNullNoDefault: 'fails if the table has rows (NOT NULL without a default)',
  mayFail: 'fails if existing rows do not satisfy it',
  enumValue: 'new enum values cannot be used in the same transaction',
  dependents: 'dependent objects are dropped and recreated',
} as const;

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

// Phases: statements run in phase order, and in emission order within a phase.
const P = {
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

interface Pending extends MigrationStatement {
  phase: number;
  order: number;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether SQL text mentions a relation or function name as a whole word (quoted or not). */
function mentions(text: string | null | undefined, name: string): boolean {
  if (!text) return false;
  return new RegExp(`(^|[^a-zA-Z0-9_$])"?${escapeRegExp(name)}"?($|[^a-zA-Z0-9_$])`).test(text);
}

const INTEGER_RANK: Record<string, number> = { smallint: 1, integer: 2, bigint: 3 };

/** True when every value of type `from` converts to `to` without loss or failure (a widening). */
export function isWideningTypeChange(from: string, to: string): boolean {
  if (from === to) return true;
  if (to === 'text' || to === 'character varying') return !from.endsWith('[]') || to === 'text';
  const varchar = (t: string) => /^character varying\((\d+)\)$/.exec(t)?.[1];
  const char = (t: string) => /^character\((\d+)\)$/.exec(t)?.[1];
  const vf = varchar(from) ?? char(from);
  const vt = varchar(to);
  if (vf && vt) return Number(vt) >= Number(vf);
  const rf = INTEGER_RANK[from];
  const rt = INTEGER_RANK[to];
  if (rf && rt) return rt >= rf;
  if (rf && to === 'numeric') return true;
  if (from === 'real' && to === 'double precision') return true;
  const numeric = (t: string) => /^numeric\((\d+),(\d+)\)$/.exec(t);
  const nf = numeric(from);
  if (nf && to === 'numeric') return true;
  const nt = numeric(to);
  if (nf && nt) return Number(nt[2]) >= Number(nf[2]) && Number(nt[1]) - Number(nt[2]) >= Number(nf[1]) - Number(nf[2]);
  if (from === 'timestamp without time zone' && to === 'timestamp with time zone') return true;
  if (from === 'json' && to === 'jsonb') return true;
  return false;
}

function columnDefinition(c: Column): string {
  let sql = `${quoteIdent(c.name)} ${c.type}`;
  if (c.generated) sql += ` GENERATED ALWAYS AS (${stripOuterParens(c.generated)}) STORED`;
  else if (c.identity) sql += ` GENERATED ${c.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
  else if (c.default !== null) sql += ` DEFAULT ${c.default}`;
  if (!c.nullable) sql += ' NOT NULL';
  return sql;
}

function stripOuterParens(expr: string): string {
  const t = expr.trim();
  if (!t.startsWith('(') || !t.endsWith(')')) return t;
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '(') depth++;
    else if (t[i] === ')') depth--;
    if (depth === 0 && i < t.length - 1) return t;
  }
  return t.slice(1, -1);
}

function policySql(table: string, p: Policy): string {
  const roles = p.roles.length === 0 ? ['public'] : p.roles;
  const roleList = roles.map((r) => (r === 'public' ? 'PUBLIC' : quoteIdent(r))).join(', ');
  let sql = `CREATE POLICY ${quoteIdent(p.name)} ON ${table} AS ${p.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'} FOR ${p.command.toUpperCase()} TO ${roleList}`;
  if (p.using !== null) sql += ` USING (${stripOuterParens(p.using)})`;
  if (p.withCheck !== null) sql += ` WITH CHECK (${stripOuterParens(p.withCheck)})`;
  return `${sql};`;
}

function sequenceOptions(s: Sequence): string {
  return `AS ${s.type} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} START WITH ${s.start} ${s.cycle ? 'CYCLE' : 'NO CYCLE'}`;
}

function domainCheck(check: string): string {
  return /^\s*CHECK\b/i.test(check) ? check.trim() : `CHECK (${check})`;
}

function withSemicolon(sql: string): string {
  const t = sql.trim();
  return t.endsWith(';') ? t : `${t};`;
}

/** Orders relations so that each comes after those its definition mentions (views on views); ties by name. */
function topoSort(relations: Relation[], reverse = false): Relation[] {
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

const isView = (r: Relation) => r.kind === 'view' || r.kind === 'materialized-view';

/** The SQL that turns the `from` schema into the `to` schema, ordered by dependency, with hazards. */
export function generateMigration(diff: DiffResult, from: SchemaSnapshot, to: SchemaSnapshot, options: MigrationOptions = {}): Migration {
  const allowDestructive = options.allowDestructive ?? false;
  const pending: Pending[] = [];
  let order = 0;
  const emit = (phase: number, sql: string, opts: { hazards?: string[]; destructive?: boolean; reason?: string } = {}) => {
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

  const fromRel = new Map(from.relations.map((r) => [relationKey(r), r]));
  const toRel = new Map(to.relations.map((r) => [relationKey(r), r]));
  const fromFn = new Map(from.functions.map((f) => [functionKey(f), f]));
  const toFn = new Map(to.functions.map((f) => [functionKey(f), f]));
  const rel = (schema: string, name: string) => qualify(schema, name);
  const tableOf = (c: Change) => `${c.schema}.${c.details.table as string}`;

  const enumUsers = (snapshot: SchemaSnapshot, e: EnumType) => {
    const names = new Set([`${e.schema}.${e.name}`, `${quoteIdent(e.schema)}.${quoteIdent(e.name)}`, ...(snapshot.searchPath.includes(e.schema) ? [e.name, quoteIdent(e.name)] : [])]);
    return snapshot.relations
      .filter((r) => !isView(r))
      .flatMap((r) => r.columns.filter((c) => names.has(c.type.replace(/\[\]$/, ''))).map((c) => ({ r, c })));
  };

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
  const createdFunctions: { f: FunctionInfo; late: boolean; needsViews: boolean }[] = [];
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

  // ---- drops of dependants first ----
  const triggerSql = (t: Trigger) => t.definition;
  const dropTrigger = (r: Relation, t: Trigger) => emit(P.dropTrigger, `DROP TRIGGER ${quoteIdent(t.name)} ON ${rel(r.schema, r.name)}`);
  const createTrigger = (r: Relation, t: Trigger) => {
    emit(P.trigger, triggerSql(t), { hazards: [HAZARD.accessExclusive] });
    if (!t.enabled) emit(P.trigger, `ALTER TABLE ${rel(r.schema, r.name)} DISABLE TRIGGER ${quoteIdent(t.name)}`);
  };
  for (const key of rebuildTriggers) {
    const [schema, table, name] = splitKey3(key);
    const r = fromRel.get(`${schema}.${table}`)!;
    const t = r.triggers.find((x) => x.name === name)!;
    dropTrigger(r, t);
    createTrigger(toRel.get(`${schema}.${table}`)!, toRel.get(`${schema}.${table}`)!.triggers.find((x) => x.name === name)!);
  }
  const policyTables = new Set(typeChangedTables);
  for (const r of from.relations) {
    if (r.policies.some((p) => [...droppedFunctionNames].some((n) => mentions(p.using, n) || mentions(p.withCheck, n)))) policyTables.add(relationKey(r));
  }
  // Column defaults that call a dropped function: removed before, set again once the functions exist.
  for (const b of to.relations) {
    const a = fromRel.get(relationKey(b));
    if (!a || isView(b)) continue;
    for (const col of b.columns) {
      const old = a.columns.find((x) => x.name === col.name);
      if (!old || old.default === null || ![...droppedFunctionNames].some((n) => mentions(old.default, n))) continue;
      emit(P.dropTrigger, `ALTER TABLE ${rel(b.schema, b.name)} ALTER COLUMN ${quoteIdent(col.name)} DROP DEFAULT`, { hazards: [HAZARD.dependents] });
      // A changed default is set by the column's own change.
      if (old.default === col.default) emit(P.checkAfterFunctions, `ALTER TABLE ${rel(b.schema, b.name)} ALTER COLUMN ${quoteIdent(col.name)} SET DEFAULT ${col.default}`);
    }
  }
  // Domain checks that call a dropped function: removed before, added back after the functions.
  for (const d of from.domains) {
    const now = to.domains.find((x) => x.schema === d.schema && x.name === d.name);
    if (!now || now.type !== d.type) continue;
    for (const check of d.checks) {
      if (![...droppedFunctionNames].some((n) => mentions(check, n)) || !now.checks.includes(check)) continue;
      emit(P.dropTrigger, dropDomainCheck(qualify(d.schema, d.name), check), { hazards: [HAZARD.dependents] });
      emit(P.domainCheckRestore, `ALTER DOMAIN ${qualify(d.schema, d.name)} ADD ${domainCheck(check)}`, { hazards: [HAZARD.validation] });
    }
  }
  for (const key of policyTables) {
    const a = fromRel.get(key);
    const b = toRel.get(key);
    if (!a || !b) continue;
    for (const p of a.policies) {
      if (!b.policies.some((x) => x.name === p.name)) continue;
      if (diff.changes.some((c) => c.objectKind === 'policy' && tableOf(c) === key && c.name === p.name)) continue;
      emit(P.dropPolicy, `DROP POLICY ${quoteIdent(p.name)} ON ${rel(a.schema, a.name)}`, { hazards: [HAZARD.dependents] });
      emit(P.policy, policySql(rel(b.schema, b.name), b.policies.find((x) => x.name === p.name)!));
    }
  }

  // Views: drop removed and rebuilt ones in reverse dependency order.
  const viewsToDrop = topoSort(
    fromViews.filter((v) => rebuild.has(relationKey(v)) || removedRelations.includes(v)),
    true,
  );
  for (const v of viewsToDrop) {
    const removed = removedRelations.includes(v);
    emit(P.dropView, `DROP ${v.kind === 'materialized-view' ? 'MATERIALIZED VIEW' : 'VIEW'} ${rel(v.schema, v.name)}`, {
      hazards: removed ? [] : [HAZARD.dependents],
      destructive: removed && v.kind === 'materialized-view',
      ...(removed && v.kind === 'materialized-view' ? { reason: `drops materialized view ${relationKey(v)}` } : {}),
    });
  }
  const viewsToCreate = topoSort([
    ...addedRelations.filter(isView),
    ...[...rebuild].filter((k) => toRel.has(k) && !addedRelationKeys.has(k)).map((k) => toRel.get(k)!),
  ]);
  const rebuiltRelations = new Set(viewsToCreate.map(relationKey));

  // ---- per-change statements ----
  const fkDependants = (table: Relation, columns: string[]) =>
    from.relations.flatMap((r) =>
      r.constraints
        .filter((c) => c.type === 'foreign-key' && c.references && c.references.schema === table.schema && c.references.name === table.name && c.references.columns.join() === columns.join())
        .map((c) => ({ r, c })),
    );
  const rebuiltFks = new Set<string>();

  const addConstraint = (r: Relation, c: Constraint) => {
    const fk = c.type === 'foreign-key';
    // A table created in this migration is empty: building or validating its constraints costs nothing.
    const isNew = addedRelationKeys.has(relationKey(r));
    const hazards: string[] = isNew ? [] : c.type === 'check' || fk ? [HAZARD.validation, HAZARD.mayFail] : [HAZARD.accessExclusive, HAZARD.indexBuild, HAZARD.mayFail];
    // A check that calls a function created here waits until every function exists.
    const callsNew = c.type === 'check' && newFunctionNames.some((n) => mentions(c.definition, n));
    emit(fk ? P.foreignKey : callsNew ? P.checkAfterFunctions : P.constraint, `ALTER TABLE ${rel(r.schema, r.name)} ADD CONSTRAINT ${quoteIdent(c.name)} ${c.definition}`, { hazards });
  };
  const dropConstraint = (r: Relation, c: Constraint) => {
    emit(c.type === 'foreign-key' ? P.dropForeignKey : P.dropConstraint, `ALTER TABLE ${rel(r.schema, r.name)} DROP CONSTRAINT ${quoteIdent(c.name)}`, {
      hazards: [HAZARD.accessExclusive],
    });
    if (c.type === 'primary-key' || c.type === 'unique') {
      for (const { r: other, c: fk } of fkDependants(r, c.columns)) {
        const key = `${relationKey(other)}.${fk.name}`;
        const stays = toRel.get(relationKey(other))?.constraints.find((x) => x.name === fk.name);
        if (rebuiltFks.has(key) || !stays || diff.changes.some((x) => x.objectKind === 'constraint' && tableOf(x) === relationKey(other) && x.name === fk.name)) continue;
        rebuiltFks.add(key);
        emit(P.dropForeignKey, `ALTER TABLE ${rel(other.schema, other.name)} DROP CONSTRAINT ${quoteIdent(fk.name)}`, { hazards: [HAZARD.dependents] });
        addConstraint(toRel.get(relationKey(other))!, stays);
      }
    }
  };
  // `ON ONLY` (how pg_get_indexdef shows a partitioned table's index) would leave the partitions without it.
  const createIndex = (i: Index, newRelation: boolean) => emit(P.index, i.definition.replace(/ ON ONLY /, ' ON '), { hazards: newRelation ? [] : [HAZARD.indexBuild] });

  const createRelationParts = (r: Relation) => {
    const parent = r.partitionOf ? toRel.get(`${r.partitionOf.schema}.${r.partitionOf.name}`) : undefined;
    const inherited = (c: Constraint) => !!parent && (parent.constraints.some((p) => p.name === c.name) || c.type === 'primary-key' || c.type === 'unique' || c.type === 'foreign-key');
    const seen = new Set<string>();
    for (const c of r.constraints) {
      if (inherited(c) || seen.has(c.name)) continue;
      seen.add(c.name);
      addConstraint(r, c);
    }
    for (const i of r.indexes) {
      if (i.constraint) continue;
      if (parent && parent.indexes.some((p) => p.columns.join() === i.columns.join())) continue;
      createIndex(i, true);
    }
    for (const t of r.triggers) if (!parent || !parent.triggers.some((p) => p.name === t.name)) createTrigger(r, t);
    if (r.rlsEnabled) emit(P.rls, `ALTER TABLE ${rel(r.schema, r.name)} ENABLE ROW LEVEL SECURITY`);
    if (r.rlsForced) emit(P.rls, `ALTER TABLE ${rel(r.schema, r.name)} FORCE ROW LEVEL SECURITY`);
    for (const p of r.policies) emit(P.policy, policySql(rel(r.schema, r.name), p));
  };

  const createTable = (r: Relation) => {
    const name = rel(r.schema, r.name);
    if (r.kind === 'foreign-table') {
      emit(P.table, `-- foreign table ${name} not created: foreign servers are not compared`);
      return;
    }
    if (r.partitionOf) {
      emit(P.table, `CREATE TABLE ${name} PARTITION OF ${rel(r.partitionOf.schema, r.partitionOf.name)} ${r.partitionOf.bound}${r.partitionKey ? ` PARTITION BY ${r.partitionKey}` : ''}`);
    } else {
      const columns = r.columns.map((c) => `  ${columnDefinition(c)}`).join(',\n');
      const partition = r.partitionKey ? ` PARTITION BY ${r.partitionKey}` : '';
      emit(P.table, `CREATE TABLE ${name} (\n${columns}\n)${partition}`);
    }
    createRelationParts(r);
  };
  // Partition parents before partitions.
  const depth = (r: Relation): number => {
    let d = 0;
    for (let p = r.partitionOf; p && d < 16; p = toRel.get(`${p.schema}.${p.name}`)?.partitionOf) d++;
    return d;
  };
  const tablesToCreate = addedRelations.filter((r) => !isView(r)).sort((a, b) => depth(a) - depth(b) || relationKey(a).localeCompare(relationKey(b)));
  for (const r of tablesToCreate) createTable(r);

  for (const v of viewsToCreate) {
    const isMat = v.kind === 'materialized-view';
    emit(P.view, `CREATE ${isMat ? 'MATERIALIZED VIEW' : 'VIEW'} ${rel(v.schema, v.name)} AS\n${(v.definition ?? '').trim().replace(/;$/, '')}`);
    for (const i of v.indexes) createIndex(i, true);
    for (const t of v.triggers) createTrigger(v, t);
  }

  for (const r of removedRelations) {
    if (isView(r)) continue;
    for (const p of r.policies) {
      emit(P.dropPolicy, `DROP POLICY ${quoteIdent(p.name)} ON ${rel(r.schema, r.name)}`, { destructive: true, reason: `drops policy ${p.name} of table ${relationKey(r)}, which is dropped below` });
    }
    for (const c of r.constraints.filter((x) => x.type === 'foreign-key')) {
      emit(P.dropForeignKey, `ALTER TABLE ${rel(r.schema, r.name)} DROP CONSTRAINT ${quoteIdent(c.name)}`, {
        destructive: true,
        hazards: [HAZARD.accessExclusive],
        reason: `drops foreign key ${c.name} of table ${relationKey(r)}, which is dropped below`,
      });
    }
  }
  for (const r of removedRelations) {
    if (isView(r)) continue;
    // A table rebuilt under the same name is dropped before it is created again.
    emit(addedRelationKeys.has(relationKey(r)) ? P.dropBeforeCreate : P.dropTable, `DROP ${r.kind === 'foreign-table' ? 'FOREIGN TABLE' : 'TABLE'} ${rel(r.schema, r.name)}`, {
      hazards: [HAZARD.dataLoss, HAZARD.accessExclusive],
      destructive: true,
      reason: `drops table ${relationKey(r)}${r.rows !== undefined ? ` (${r.rows} rows)` : ''}`,
    });
  }
  for (const { from: a, to: b } of renamedTables) {
    emit(P.table, `ALTER TABLE ${rel(a.schema, a.name)} RENAME TO ${quoteIdent(b.name)}`, { hazards: [HAZARD.accessExclusive] });
  }


  // Partitions inherit columns, constraints, indexes and row triggers from their parent: changes there follow the parent's.
  const parentsOf = (tkey: string) =>
    [toRel.get(tkey), fromRel.get(tkey)].flatMap((r) => {
      if (!r?.partitionOf) return [];
      const pkey = `${r.partitionOf.schema}.${r.partitionOf.name}`;
      return [toRel.get(pkey), fromRel.get(pkey)].filter((x): x is Relation => !!x);
    });
  const inheritedPart = (c: Change): boolean => {
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
  };

  for (const c of diff.changes) {
    const key = `${c.schema}.${c.name}`;
    if (inheritedPart(c)) continue;
    switch (c.objectKind) {
      case 'extension': {
        const e = c.change === 'removed' ? from.extensions.find((x) => x.name === c.name)! : to.extensions.find((x) => x.name === c.name)!;
        if (c.change === 'added') emit(P.extension, `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(e.name)} WITH SCHEMA ${quoteIdent(e.schema)} VERSION ${quoteLiteral(e.version)}`);
        else if (c.change === 'removed') emit(P.dropExtension, `DROP EXTENSION ${quoteIdent(e.name)}`, { destructive: true, hazards: [HAZARD.dataLoss], reason: `drops extension ${e.name} and its objects` });
        else {
          if (c.details.fields?.schema) {
            // Non-relocatable extensions cannot SET SCHEMA: they are dropped and created again in the new schema.
            const ext = quoteIdent(e.name);
            emit(
              P.extension,
              `DO $dbref$ BEGIN IF (SELECT extrelocatable FROM pg_extension WHERE extname = ${quoteLiteral(e.name)}) THEN ALTER EXTENSION ${ext} SET SCHEMA ${quoteIdent(e.schema)}; ELSE DROP EXTENSION ${ext}; CREATE EXTENSION ${ext} WITH SCHEMA ${quoteIdent(e.schema)} VERSION ${quoteLiteral(e.version)}; END IF; END $dbref$`,
              { hazards: ['drops and recreates the extension when it is not relocatable'] },
            );
          }
          if (c.details.fields?.version) emit(P.extension, `ALTER EXTENSION ${quoteIdent(e.name)} UPDATE TO ${quoteLiteral(e.version)}`);
        }
        break;
      }
      case 'schema':
        if (c.change === 'added') emit(P.schema, `CREATE SCHEMA ${quoteIdent(c.name)}`);
        else emit(P.dropSchema, `DROP SCHEMA ${quoteIdent(c.name)}`, { destructive: true, reason: `drops schema ${c.name}` });
        break;
      case 'enum': {
        const name = rel(c.schema, c.name);
        if (c.change === 'added') {
          const e = to.enums.find((x) => relationKey(x) === key)!;
          emit(P.enum, `CREATE TYPE ${name} AS ENUM (${e.values.map(quoteLiteral).join(', ')})`);
        } else if (c.change === 'removed') {
          emit(P.dropType, `DROP TYPE ${name}`, { destructive: true, reason: `drops enum ${key}` });
        } else {
          const a = from.enums.find((x) => relationKey(x) === key)!;
          const b = to.enums.find((x) => relationKey(x) === key)!;
          if ((c.details.removedValues as string[]).length === 0 && !c.details.reordered) {
            const present = [...a.values];
            b.values.forEach((v, i) => {
              if (present.includes(v)) return;
              const after = b.values.slice(0, i).reverse().find((x) => present.includes(x));
              const before = b.values.slice(i + 1).find((x) => present.includes(x));
              const where = after !== undefined ? ` AFTER ${quoteLiteral(after)}` : before !== undefined ? ` BEFORE ${quoteLiteral(before)}` : '';
              emit(P.enum, `ALTER TYPE ${name} ADD VALUE ${quoteLiteral(v)}${where}`, { hazards: [HAZARD.enumValue] });
              present.push(v);
            });
          } else {
            const old = quoteIdent(`${c.name}__dbref_old`);
            const lines = [`ALTER TYPE ${name} RENAME TO ${old};`, `CREATE TYPE ${name} AS ENUM (${b.values.map(quoteLiteral).join(', ')});`];
            // Runs after the column changes: the columns still on the old type are exactly the target's users of the enum.
            for (const { r, c: col } of enumUsers(to, b)) {
              const t = rel(r.schema, r.name);
              const array = col.type.endsWith('[]') ? '[]' : '';
              const old = fromRel.get(relationKey(r))?.columns.find((x) => x.name === col.name);
              if (col.default !== null || old?.default) lines.push(`ALTER TABLE ${t} ALTER COLUMN ${quoteIdent(col.name)} DROP DEFAULT;`);
              lines.push(`ALTER TABLE ${t} ALTER COLUMN ${quoteIdent(col.name)} TYPE ${name}${array} USING ${quoteIdent(col.name)}::text${array}::${name}${array};`);
              if (col.default) lines.push(`ALTER TABLE ${t} ALTER COLUMN ${quoteIdent(col.name)} SET DEFAULT ${col.default};`);
            }
            const removed = c.details.removedValues as string[];
            emit(P.enumRecreate, lines.join('\n'), {
              destructive: true,
              hazards: [HAZARD.rewrite, HAZARD.accessExclusive, ...(removed.length > 0 ? [HAZARD.dataLoss] : [])],
              reason: removed.length > 0 ? `removes value${removed.length > 1 ? 's' : ''} ${removed.map(quoteLiteral).join(', ')} from enum ${key} (rows using them fail)` : `reorders enum ${key} (recreates the type)`,
            });
            // After the tables that are dropped, which may still use the old type.
            emit(P.dropType, `DROP TYPE ${qualify(c.schema, `${c.name}__dbref_old`)}`, { destructive: true, reason: `drops the old version of enum ${key}` });
          }
        }
        break;
      }
      case 'domain': {
        const name = rel(c.schema, c.name);
        const create = (d: DomainType) => {
          let sql = `CREATE DOMAIN ${name} AS ${d.type}`;
          if (d.default !== null) sql += ` DEFAULT ${d.default}`;
          if (!d.nullable) sql += ' NOT NULL';
          for (const check of d.checks) if (!/\bNOT VALID\s*$/i.test(check)) sql += ` ${domainCheck(check)}`;
          for (const check of d.checks) if (/\bNOT VALID\s*$/i.test(check)) sql += `;\nALTER DOMAIN ${name} ADD ${domainCheck(check)}`;
          return sql;
        };
        if (c.change === 'added') {
          const d = to.domains.find((x) => relationKey(x) === key)!;
          const callsNew = d.checks.some((check) => newFunctionNames.some((n) => mentions(check, n)));
          emit(callsNew ? P.domainAfterFunctions : P.domain, create(d));
        }
        else if (c.change === 'removed') {
          const d = from.domains.find((x) => relationKey(x) === key)!;
          const callsDropped = d.checks.some((check) => [...droppedFunctionNames].some((n) => mentions(check, n)));
          emit(callsDropped ? P.dropTable : P.dropDomain, `DROP DOMAIN ${name}`, { destructive: true, reason: `drops domain ${key}` });
        }
        else {
          const a = from.domains.find((x) => relationKey(x) === key)!;
          const b = to.domains.find((x) => relationKey(x) === key)!;
          if (a.type !== b.type) {
            emit(P.domain, `DROP DOMAIN ${name};\n${withSemicolon(create(b))}`, { destructive: true, hazards: [HAZARD.dataLoss], reason: `recreates domain ${key} with another base type` });
            break;
          }
          if (a.default !== b.default) emit(P.domain, b.default === null ? `ALTER DOMAIN ${name} DROP DEFAULT` : `ALTER DOMAIN ${name} SET DEFAULT ${b.default}`);
          if (a.nullable !== b.nullable) {
            if (b.nullable) emit(P.domain, `ALTER DOMAIN ${name} DROP NOT NULL`);
            else emit(P.domain, `ALTER DOMAIN ${name} SET NOT NULL`, { destructive: true, hazards: [HAZARD.mayFail], reason: `SET NOT NULL on domain ${key} fails if stored values are null` });
          }
          const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
          for (const check of a.checks) {
            if (b.checks.some((x) => norm(x) === norm(check))) continue;
            emit(P.domain, dropDomainCheck(name, check));
          }
          for (const check of b.checks) {
            if (a.checks.some((x) => norm(x) === norm(check))) continue;
            emit(P.domain, `ALTER DOMAIN ${name} ADD ${domainCheck(check)}`, { hazards: [HAZARD.mayFail] });
          }
        }
        break;
      }
      case 'composite-type': {
        const name = rel(c.schema, c.name);
        if (c.change === 'added') {
          const t = to.compositeTypes.find((x) => relationKey(x) === key)!;
          emit(P.composite, `CREATE TYPE ${name} AS (${t.attributes.map((a) => `${quoteIdent(a.name)} ${a.type}`).join(', ')})`);
        } else if (c.change === 'removed') emit(P.dropComposite, `DROP TYPE ${name}`, { destructive: true, reason: `drops type ${key}` });
        else {
          const a = from.compositeTypes.find((x) => relationKey(x) === key)!;
          const b = to.compositeTypes.find((x) => relationKey(x) === key)!;
          const parts: string[] = [];
          let lossy = false;
          for (const attr of a.attributes) {
            const now = b.attributes.find((x) => x.name === attr.name);
            if (!now) {
              parts.push(`DROP ATTRIBUTE ${quoteIdent(attr.name)}`);
              lossy = true;
            } else if (now.type !== attr.type) {
              parts.push(`ALTER ATTRIBUTE ${quoteIdent(attr.name)} TYPE ${now.type}`);
              lossy ||= !isWideningTypeChange(attr.type, now.type);
            }
          }
          for (const attr of b.attributes) if (!a.attributes.some((x) => x.name === attr.name)) parts.push(`ADD ATTRIBUTE ${quoteIdent(attr.name)} ${attr.type}`);
          if (parts.length > 0) {
            emit(P.composite, `ALTER TYPE ${name} ${parts.join(', ')} CASCADE`, {
              destructive: lossy,
              hazards: lossy ? [HAZARD.dataLoss] : [],
              ...(lossy ? { reason: `drops or narrows attributes of type ${key}` } : {}),
            });
          }
        }
        break;
      }
      case 'sequence': {
        const name = rel(c.schema, c.name);
        const isIdentity = (snapshot: SchemaSnapshot, s: Sequence | undefined) => {
          if (!s?.ownedBy) return false;
          const [schema, table, column] = splitKey3(s.ownedBy);
          return !!snapshot.relations.find((r) => r.schema === schema && r.name === table)?.columns.find((x) => x.name === column)?.identity;
        };
        const a = from.sequences.find((x) => relationKey(x) === key);
        const b = to.sequences.find((x) => relationKey(x) === key);
        if (c.change === 'added' && b && isIdentity(to, b)) {
          // Created with the identity column; its options are set once the column exists.
          const [os, ot] = splitKey3(b.ownedBy!);
          emit(P.sequenceOwner, `ALTER SEQUENCE ${name} ${sequenceOptions(b)}${addedRelationKeys.has(`${os}.${ot}`) ? ' RESTART' : ''}`);
        } else if (c.change === 'added' && b && !isIdentity(to, b)) {
          emit(P.sequence, `CREATE SEQUENCE ${name} ${sequenceOptions(b)}`);
          if (b.ownedBy) emit(P.sequenceOwner, `ALTER SEQUENCE ${name} OWNED BY ${ownedByRef(b.ownedBy)}`);
        } else if (c.change === 'removed' && a && !isIdentity(from, a)) {
          emit(P.dropSequence, `DROP SEQUENCE IF EXISTS ${name}`, { destructive: true, reason: `drops sequence ${key} (its current value is lost)` });
        } else if (c.change === 'changed' && a && b) {
          const f = c.details.fields ?? {};
          const opts: string[] = [];
          if (f.type) opts.push(`AS ${b.type}`);
          if (f.increment) opts.push(`INCREMENT BY ${b.increment}`);
          if (f.min) opts.push(`MINVALUE ${b.min}`);
          if (f.max) opts.push(`MAXVALUE ${b.max}`);
          if (f.start) opts.push(`START WITH ${b.start}`);
          if (f.cycle) opts.push(b.cycle ? 'CYCLE' : 'NO CYCLE');
          // New bounds may exclude the current value, which PostgreSQL refuses: restart at the start value.
          const restart = !!(f.min || f.max);
          if (restart) opts.push('RESTART');
          // After the columns: an identity column's new type must be in place before bounds that need it.
          const narrowing = !!f.type && !isWideningTypeChange(a.type, b.type);
          if (opts.length > 0) {
            emit(narrowing ? P.sequence : P.sequenceOwner, `ALTER SEQUENCE ${name} ${opts.join(' ')}`, restart ? { hazards: ['restarts the sequence at its start value'] } : {});
          }
          if (f.ownedBy && !isIdentity(to, b) && !isIdentity(from, a)) emit(P.sequenceOwner, `ALTER SEQUENCE ${name} OWNED BY ${b.ownedBy ? ownedByRef(b.ownedBy) : 'NONE'}`);
        }
        break;
      }
      case 'column': {
        const tkey = tableOf(c);
        const r = toRel.get(tkey) ?? fromRel.get(tkey)!;
        if (isView(r)) break; // view columns follow the definition
        const t = rel(c.schema, c.details.table as string);
        const b = toRel.get(tkey)?.columns.find((x) => x.name === c.name);
        if (c.change === 'added') {
          const hazards: string[] = !b!.nullable && b!.default === null && !b!.identity && !b!.generated ? [HAZARD.notNullNoDefault] : [];
          if (b!.generated || (b!.default && /\b(random|now|clock_timestamp|gen_random_uuid|nextval)\b/i.test(b!.default))) hazards.push(HAZARD.rewrite);
          emit(P.column, `ALTER TABLE ${t} ADD COLUMN ${columnDefinition(b!)}`, { hazards });
        } else if (c.change === 'removed') {
          emit(P.column, `ALTER TABLE ${t} DROP COLUMN ${quoteIdent(c.name)}`, {
            destructive: true,
            hazards: [HAZARD.dataLoss, HAZARD.accessExclusive],
            reason: `drops column ${tkey}.${c.name}`,
          });
        } else if (c.change === 'renamed?') {
          const old = c.details.from as string;
          const a = fromRel.get(tkey)!.columns.find((x) => x.name === old)!;
          if (options.applyRenames) {
            emit(P.column, `ALTER TABLE ${t} RENAME COLUMN ${quoteIdent(old)} TO ${quoteIdent(c.name)}`, { hazards: [HAZARD.accessExclusive] });
            alterColumn(emit, t, tkey, { ...a, name: c.name }, b!);
          } else {
            emit(P.column, `-- possible rename: ALTER TABLE ${t} RENAME COLUMN ${quoteIdent(old)} TO ${quoteIdent(c.name)}; (keeps the data)`);
            emit(P.column, `ALTER TABLE ${t} ADD COLUMN ${columnDefinition(b!)}`, {
              hazards: !b!.nullable && b!.default === null && !b!.identity && !b!.generated ? [HAZARD.notNullNoDefault] : [],
            });
            emit(P.column, `ALTER TABLE ${t} DROP COLUMN ${quoteIdent(old)}`, {
              destructive: true,
              hazards: [HAZARD.dataLoss, HAZARD.accessExclusive],
              reason: `drops column ${tkey}.${old} (possibly renamed to ${c.name}: use the RENAME above to keep its data)`,
            });
          }
        } else {
          const a = fromRel.get(tkey)!.columns.find((x) => x.name === c.name)!;
          alterColumn(emit, t, tkey, a, b!);
        }
        break;
      }
      case 'constraint': {
        const tkey = tableOf(c);
        if (c.change === 'removed' || c.change === 'changed') {
          const r = fromRel.get(tkey)!;
          dropConstraint(r, r.constraints.find((x) => x.name === c.name)!);
        }
        if (c.change === 'added' || c.change === 'changed') {
          const r = toRel.get(tkey)!;
          addConstraint(r, r.constraints.find((x) => x.name === c.name)!);
        }
        break;
      }
      case 'index': {
        const tkey = tableOf(c);
        if (rebuiltRelations.has(tkey)) break; // recreated with the materialized view
        if (c.change === 'removed' || c.change === 'changed') emit(P.dropIndex, `DROP INDEX ${rel(c.schema, c.name)}`, { hazards: [HAZARD.accessExclusive] });
        if (c.change === 'added' || c.change === 'changed') createIndex(toRel.get(tkey)!.indexes.find((x) => x.name === c.name)!, addedRelationKeys.has(tkey));
        break;
      }
      case 'trigger': {
        const tkey = tableOf(c);
        if (rebuiltRelations.has(tkey) || rebuildTriggers.has(`${tkey}.${c.name}`)) break;
        const a = fromRel.get(tkey)?.triggers.find((x) => x.name === c.name);
        const b = toRel.get(tkey)?.triggers.find((x) => x.name === c.name);
        const f = c.details.fields ?? {};
        if (c.change === 'changed' && !f.definition && a && b) {
          emit(P.trigger, `ALTER TABLE ${rel(c.schema, c.details.table as string)} ${b.enabled ? 'ENABLE' : 'DISABLE'} TRIGGER ${quoteIdent(b.name)}`);
          break;
        }
        if (a) dropTrigger(fromRel.get(tkey)!, a);
        if (b) createTrigger(toRel.get(tkey)!, b);
        break;
      }
      case 'rls': {
        const t = rel(c.schema, c.name);
        const f = c.details.fields ?? {};
        if (f.enabled) emit(P.rls, `ALTER TABLE ${t} ${f.enabled.to ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY`);
        if (f.forced) emit(P.rls, `ALTER TABLE ${t} ${f.forced.to ? 'FORCE' : 'NO FORCE'} ROW LEVEL SECURITY`);
        break;
      }
      case 'policy': {
        const tkey = tableOf(c);
        const t = rel(c.schema, c.details.table as string);
        if (c.change === 'removed' || c.change === 'changed') emit(P.dropPolicy, `DROP POLICY ${quoteIdent(c.name)} ON ${t}`);
        if (c.change === 'added' || c.change === 'changed') emit(P.policy, policySql(t, toRel.get(tkey)!.policies.find((x) => x.name === c.name)!));
        break;
      }
      case 'function':
      case 'procedure': {
        const word = c.objectKind === 'procedure' ? 'PROCEDURE' : 'FUNCTION';
        const a = fromFn.get(key);
        const b = toFn.get(key);
        if (c.change === 'removed' && a) {
          // An overload that replaces it (same name, other arguments) would make calls ambiguous: drop the old one first.
          const overloaded =
            to.functions.some((f) => f.schema === a.schema && f.name === a.name && !fromFn.has(functionKey(f))) ||
            removedRelations.some((r) => mentions(a.returns, r.name) || mentions(a.args, r.name));
          emit(overloaded ? P.dropFunctionForReplace : P.dropFunction, `DROP ${a.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${rel(a.schema, a.name)}(${a.args})`, {
            destructive: true,
            reason: `drops ${a.kind} ${key}`,
          });
          break;
        }
        if (!b) break;
        if (b.definition === null) {
          emit(P.function, `-- ${word.toLowerCase()} ${key} has no definition to recreate it from`);
          break;
        }
        const late = b.body.trim() === '' || [...addedRelationKeys].some((k) => {
          const name = k.slice(k.indexOf('.') + 1);
          return mentions(b.returns, name) || mentions(b.args, name);
        });
        const usesDeferredDomain = deferredDomains.some((d) => mentions(b.args, d) || mentions(b.returns, d));
        const needsViews = late && viewsToCreate.some((v) => mentions(b.returns, v.name) || mentions(b.args, v.name) || (b.body.trim() === '' && mentions(b.definition, v.name)));
        if (c.change === 'changed' && replacedFunctions.has(key) && a) {
          emit(P.dropFunctionForReplace, `DROP ${a.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${rel(a.schema, a.name)}(${a.args})`, {
            hazards: [HAZARD.dependents],
          });
        }
        createdFunctions.push({ f: b, late: late || usesDeferredDomain, needsViews });
        break;
      }
      default:
        break;
    }
  }

  // Functions in dependency order among themselves (SQL-standard bodies are checked at creation), ties by name.
  const done = new Set<FunctionInfo>();
  const visiting = new Set<FunctionInfo>();
  const ordered: { f: FunctionInfo; late: boolean; needsViews: boolean }[] = [];
  const visit = (item: { f: FunctionInfo; late: boolean; needsViews: boolean }) => {
    if (done.has(item.f) || visiting.has(item.f)) return;
    visiting.add(item.f);
    for (const other of createdFunctions) if (other.f !== item.f && other.f.name !== item.f.name && mentions(item.f.definition, other.f.name)) visit(other);
    visiting.delete(item.f);
    done.add(item.f);
    ordered.push(item);
  };
  for (const item of createdFunctions) visit(item);
  const anyLate = ordered.some((x) => x.late);
  const waitsForViews = new Set<FunctionInfo>();
  const waitsForTables = new Set<FunctionInfo>();
  for (const { f, late, needsViews } of ordered) {
    // Once one function must wait for tables (or views), the ones that call it wait too.
    const callees = ordered.filter((x) => x.f !== f && mentions(f.definition, x.f.name)).map((x) => x.f);
    if (needsViews || callees.some((x) => waitsForViews.has(x))) waitsForViews.add(f);
    else if (late || (anyLate && callees.some((x) => waitsForTables.has(x)))) waitsForTables.add(f);
    emit(waitsForViews.has(f) ? P.lateFunction : waitsForTables.has(f) ? P.functionAfterTables : P.function, f.definition!);
  }

  const sorted = pending.sort((x, y) => x.phase - y.phase || x.order - y.order);
  const statements: MigrationStatement[] = sorted.map(({ phase: _p, order: _o, ...s }) => s);
  // Function bodies may refer to tables and functions created later in the script (as pg_dump does).
  if (statements.length > 0) statements.unshift({ sql: 'SET check_function_bodies = false;', hazards: [], destructive: false, included: true });
  const destructiveCount = statements.filter((s) => s.destructive).length;
  const skippedCount = statements.filter((s) => !s.included).length;
  return { sql: renderMigration(statements, destructiveCount, skippedCount, allowDestructive), statements, destructiveCount, skippedCount };
}

function alterColumn(
  emit: (phase: number, sql: string, opts?: { hazards?: string[]; destructive?: boolean; reason?: string }) => void,
  table: string,
  tkey: string,
  a: Column,
  b: Column,
): void {
  const col = quoteIdent(b.name);
  const alter = (what: string) => `ALTER TABLE ${table} ALTER COLUMN ${col} ${what}`;
  const generatedChanged = (a.generated ?? '').replace(/\s+/g, ' ') !== (b.generated ?? '').replace(/\s+/g, ' ');
  if (generatedChanged && b.generated) {
    // A column cannot become generated (or change its expression) in place: drop and add it; its values are derived.
    emit(P.column, `ALTER TABLE ${table} DROP COLUMN ${col};\nALTER TABLE ${table} ADD COLUMN ${columnDefinition(b)}`, { hazards: [HAZARD.rewrite, HAZARD.accessExclusive] });
    return;
  }
  if (generatedChanged && a.generated && !b.generated) emit(P.column, alter('DROP EXPRESSION'), { hazards: [HAZARD.accessExclusive] });
  const typeChanged = a.type !== b.type;
  if (a.identity && a.identity !== b.identity && !b.identity) emit(P.column, alter('DROP IDENTITY'));
  if (a.default !== null && (a.default !== b.default || typeChanged)) emit(P.column, alter('DROP DEFAULT'));
  if (typeChanged) {
    const widening = isWideningTypeChange(a.type, b.type);
    // Generated columns are recomputed: PostgreSQL refuses a USING clause for them.
    emit(P.column, alter(b.generated ? `TYPE ${b.type}` : `TYPE ${b.type} USING ${col}::${b.type}`), {
      hazards: [HAZARD.rewrite, HAZARD.accessExclusive, ...(widening ? [] : [HAZARD.dataLoss])],
      destructive: !widening,
      ...(widening ? {} : { reason: `narrows ${tkey}.${b.name} from ${a.type} to ${b.type}` }),
    });
  }
  if (b.default !== null && (a.default !== b.default || typeChanged)) emit(P.column, alter(`SET DEFAULT ${b.default}`));
  if (b.identity && !a.identity) emit(P.column, alter(`ADD GENERATED ${b.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`));
  else if (b.identity && a.identity && a.identity !== b.identity) emit(P.column, alter(`SET GENERATED ${b.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'}`));
  if (a.nullable && !b.nullable) {
    emit(P.column, alter('SET NOT NULL'), {
      destructive: true,
      hazards: [HAZARD.accessExclusive, HAZARD.validation, HAZARD.mayFail],
      reason: `SET NOT NULL on ${tkey}.${b.name} fails if existing rows hold NULL`,
    });
  } else if (!a.nullable && b.nullable) emit(P.column, alter('DROP NOT NULL'));
}

/** Domain checks carry no name in the snapshot: find the constraint by its definition. */
function dropDomainCheck(domain: string, check: string): string {
  return `DO $dbref$ DECLARE c name; BEGIN SELECT conname INTO c FROM pg_constraint WHERE contypid = ${quoteLiteral(domain)}::regtype AND pg_get_constraintdef(oid) = ${quoteLiteral(check)}; EXECUTE format('ALTER DOMAIN ${domain.replace(/'/g, "''")} DROP CONSTRAINT %I', c); END $dbref$`;
}

function splitKey3(key: string): [string, string, string] {
  const first = key.indexOf('.');
  const second = key.indexOf('.', first + 1);
  return [key.slice(0, first), key.slice(first + 1, second), key.slice(second + 1)];
}

function ownedByRef(ownedBy: string): string {
  const [schema, table, column] = splitKey3(ownedBy);
  return `${qualify(schema, table)}.${quoteIdent(column)}`;
}

function renderMigration(statements: MigrationStatement[], destructiveCount: number, skippedCount: number, allowDestructive: boolean): string {
  const out: string[] = ['-- Generated by dbref diff: apply to the "from" database to make it match "to".'];
  if (statements.length === 0) return `${out[0]}\n-- The schemas are identical: nothing to do.\n`;
  if (destructiveCount > 0) {
    out.push(
      allowDestructive
        ? `-- ${destructiveCount} destructive statement${destructiveCount === 1 ? '' : 's'} included (--allow-destructive).`
        : `-- ${skippedCount} destructive statement${skippedCount === 1 ? '' : 's'} commented out; rerun with --allow-destructive to include them.`,
    );
  }
  out.push('');
  for (const s of statements) {
    if (s.sql.startsWith('--')) {
      out.push(s.sql.replace(/;$/, ''), '');
      continue;
    }
    for (const h of s.hazards) out.push(`-- hazard: ${h}`);
    if (!s.included) {
      out.push(`-- WARNING destructive: ${s.reason ?? 'destructive statement'}`);
      out.push(...s.sql.split('\n').map((line) => `-- ${line}`));
    } else {
      if (s.destructive) out.push(`-- destructive: ${s.reason ?? 'destructive statement'}`);
      out.push(s.sql);
    }
    out.push('');
  }
  return out.join('\n');
}
