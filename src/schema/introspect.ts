import { createHash } from 'node:crypto';
import { IntrospectionError, isDbrefError } from '../errors.js';
import type {
  Column,
  CompositeType,
  Constraint,
  ConstraintType,
  DomainType,
  EnumType,
  Extension,
  FunctionInfo,
  Index,
  Policy,
  Relation,
  RelationKind,
  SchemaProblem,
  SchemaSnapshot,
  Sequence,
  Trigger,
} from '../types.js';
import { maskPasswords } from '../util/mask.js';
import { connect, maskConnectionUrl } from './connection.js';
import { unqualifySingleRelationView } from './view-definition.js';
import { COLUMNS_SQL, type ColumnRow } from './queries/columns.sql.js';
import { COMPOSITE_TYPES_SQL, type CompositeTypeRow } from './queries/composite-types.sql.js';
import { CONSTRAINTS_SQL, type ConstraintRow } from './queries/constraints.sql.js';
import { DOMAINS_SQL, type DomainRow } from './queries/domains.sql.js';
import { ENUMS_SQL, type EnumRow } from './queries/enums.sql.js';
import { EXTENSIONS_SQL, type ExtensionRow } from './queries/extensions.sql.js';
import { FUNCTIONS_SQL, type FunctionRow } from './queries/functions.sql.js';
import { INDEXES_SQL, type IndexRow } from './queries/indexes.sql.js';
import { POLICIES_SQL, type PolicyRow } from './queries/policies.sql.js';
import { RELATIONS_SQL, type RelationRow } from './queries/relations.sql.js';
import { SCHEMAS_SQL, type SchemaRow } from './queries/schemas.sql.js';
import { SEQUENCES_SQL, type SequenceRow } from './queries/sequences.sql.js';
import { SETTINGS_SQL, type SettingsRow } from './queries/settings.sql.js';
import { TRIGGERS_SQL, type TriggerRow } from './queries/triggers.sql.js';
import { compareText } from '../util/compare.js';

/** What introspection needs from a database: a pg Client and a PGlite instance both fit. */
export interface Queryable {
  query<T = any>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface IntrospectOptions {
  /** Describe only these schemas (default: every user schema). */
  schemas?: string[];
  /** Row counts: none (default), the planner's estimate, or an exact count(*) per table. */
  rows?: false | 'estimate' | 'exact';
}

export interface IntrospectUrlOptions extends IntrospectOptions {
  /** Per statement, default 60 s. */
  statementTimeoutMillis?: number;
  /** How long to wait for a catalog lock, default 5 s. */
  lockTimeoutMillis?: number;
  connectionTimeoutMillis?: number;
  /** Test hook: wraps the connection the queries run through (inside the read-only transaction). */
  wrap?: (db: Queryable) => Queryable;
}

const RELKINDS: Record<RelationRow['relkind'], RelationKind> = {
  r: 'table',
  v: 'view',
  m: 'materialized-view',
  p: 'partitioned-table',
  f: 'foreign-table',
};

const CONSTRAINT_TYPES: Record<ConstraintRow['contype'], ConstraintType> = {
  p: 'primary-key',
  u: 'unique',
  c: 'check',
  f: 'foreign-key',
  x: 'exclusion',
};

const POLICY_COMMANDS: Record<PolicyRow['cmd'], Policy['command']> = {
  '*': 'all',
  r: 'select',
  a: 'insert',
  w: 'update',
  d: 'delete',
};

const FUNCTION_KINDS: Record<FunctionRow['prokind'], FunctionInfo['kind']> = {
  f: 'function',
  p: 'procedure',
  a: 'aggregate',
  w: 'window',
};

const VOLATILITY: Record<FunctionRow['volatility'], FunctionInfo['volatility']> = {
  i: 'immutable',
  s: 'stable',
  v: 'volatile',
};

export { compareText };

function byKeys<T>(...keys: ((item: T) => string)[]) {
  return (a: T, b: T) => {
    for (const key of keys) {
      const order = compareText(key(a), key(b));
      if (order !== 0) return order;
    }
    return 0;
  };
}

async function run<T>(db: Queryable, name: string, sql: string, params: unknown[] = []): Promise<T[]> {
  try {
    return (await db.query<T>(sql, params)).rows;
  } catch (error) {
    throw new IntrospectionError(`introspection query "${name}" failed (${(error as Error).message})`);
  }
}

/**
 * Describes a database from pg_catalog. Run it inside a read-only transaction (introspectUrl does).
 * For the duration it sets search_path to pg_catalog so every name outside pg_catalog comes out schema-qualified
 * (`public.mood`, `nextval('public.t_id_seq'::regclass)`), whatever the session's path: the same DDL then gives the
 * same snapshot on every server. The session's search_path is restored afterwards.
 */
export async function introspect(db: Queryable, options: IntrospectOptions = {}): Promise<Omit<SchemaSnapshot, 'source'>> {
  const [settings] = await run<SettingsRow>(db, 'settings', SETTINGS_SQL);
  if (!settings) throw new IntrospectionError('introspection query "settings" returned nothing');
  await run(db, 'search_path', `SELECT pg_catalog.set_config('search_path', 'pg_catalog', false)`);
  try {
    return await describe(db, options, settings);
  } finally {
    // Fails only when the transaction is already aborted, and then ROLLBACK restores the setting.
    await db.query(`SELECT pg_catalog.set_config('search_path', $1, false)`, [settings.search_path]).catch(() => {});
  }
}

async function describe(db: Queryable, options: IntrospectOptions, settings: SettingsRow): Promise<Omit<SchemaSnapshot, 'source'>> {
  const wanted = options.schemas && options.schemas.length > 0 ? JSON.stringify(options.schemas) : null;
  const schemas = (await run<SchemaRow>(db, 'schemas', SCHEMAS_SQL, [wanted])).map((row) => row.name).sort(compareText);
  const params = [JSON.stringify(schemas)];

  const relationRows = await run<RelationRow>(db, 'relations', RELATIONS_SQL, params);
  const columnRows = await run<ColumnRow>(db, 'columns', COLUMNS_SQL, params);
  const constraintRows = await run<ConstraintRow>(db, 'constraints', CONSTRAINTS_SQL, params);
  const indexRows = await run<IndexRow>(db, 'indexes', INDEXES_SQL, params);
  const triggerRows = await run<TriggerRow>(db, 'triggers', TRIGGERS_SQL, params);
  const policyRows = await run<PolicyRow>(db, 'policies', POLICIES_SQL, params);
  const enumRows = await run<EnumRow>(db, 'enums', ENUMS_SQL, params);
  const domainRows = await run<DomainRow>(db, 'domains', DOMAINS_SQL, params);
  const compositeRows = await run<CompositeTypeRow>(db, 'composite types', COMPOSITE_TYPES_SQL, params);
  const sequenceRows = await run<SequenceRow>(db, 'sequences', SEQUENCES_SQL, params);
  const functionRows = await run<FunctionRow>(db, 'functions', FUNCTIONS_SQL, params);
  const extensionRows = await run<ExtensionRow>(db, 'extensions', EXTENSIONS_SQL);

  const problems: SchemaProblem[] = [];
  if (settings.server_version_num < 160000) {
    for (const row of relationRows) if (row.definition !== null) row.definition = await unqualifySingleRelationView(row.definition);
  }
  const relations = buildRelations(relationRows, { columnRows, constraintRows, indexRows, triggerRows, policyRows });
  if (options.rows === 'estimate') addEstimates(relations, relationRows);
  if (options.rows === 'exact') await addExactCounts(db, relations, relationRows, problems);

  return {
    version: 1,
    searchPath: resolveSearchPath(settings.search_path, settings.namespaces),
    schemas,
    relations,
    enums: enumRows.map(toEnum).sort(byKeys((e) => e.schema, (e) => e.name)),
    domains: domainRows.map(toDomain).sort(byKeys((d) => d.schema, (d) => d.name)),
    compositeTypes: compositeRows.map(toComposite).sort(byKeys((c) => c.schema, (c) => c.name)),
    functions: functionRows.map(toFunction).sort(byKeys((f) => f.schema, (f) => f.name, (f) => f.args)),
    sequences: sequenceRows.map(toSequence).sort(byKeys((s) => s.schema, (s) => s.name)),
    extensions: extensionRows.map(toExtension).sort(byKeys((e) => e.name)),
    incomplete: false,
    problems,
  };
}

interface RelationParts {
  columnRows: ColumnRow[];
  constraintRows: ConstraintRow[];
  indexRows: IndexRow[];
  triggerRows: TriggerRow[];
  policyRows: PolicyRow[];
}

function groupByOid<T extends { oid: string }>(rows: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.oid);
    if (group) group.push(row);
    else groups.set(row.oid, [row]);
  }
  return groups;
}

function buildRelations(rows: RelationRow[], parts: RelationParts): Relation[] {
  const columns = groupByOid(parts.columnRows);
  const constraints = groupByOid(parts.constraintRows);
  const indexes = groupByOid(parts.indexRows);
  const triggers = groupByOid(parts.triggerRows);
  const policies = groupByOid(parts.policyRows);
  const byName = byKeys<{ name: string }>((item) => item.name);
  return rows
    .map((row): Relation => {
      const relation: Relation = {
        schema: row.schema,
        name: row.name,
        kind: RELKINDS[row.relkind],
        columns: (columns.get(row.oid) ?? []).sort((a, b) => a.num - b.num).map(toColumn),
        constraints: (constraints.get(row.oid) ?? []).map(toConstraint).sort(byName),
        indexes: (indexes.get(row.oid) ?? []).map(toIndex).sort(byName),
        triggers: (triggers.get(row.oid) ?? []).map(toTrigger).sort(byName),
        policies: (policies.get(row.oid) ?? []).map(toPolicy).sort(byName),
        rlsEnabled: row.rls_enabled,
        rlsForced: row.rls_forced,
      };
      if (row.definition !== null) relation.definition = row.definition;
      if (row.parent_schema !== null && row.parent_name !== null) {
        relation.partitionOf = { schema: row.parent_schema, name: row.parent_name, bound: row.bound ?? '' };
      }
      if (row.partition_key !== null) relation.partitionKey = row.partition_key;
      return relation;
    })
    .sort(byKeys((r) => r.schema, (r) => r.name));
}

function toColumn(row: ColumnRow): Column {
  return {
    name: row.name,
    type: row.type,
    nullable: row.nullable,
    default: row.default,
    identity: row.identity === 'a' ? 'always' : row.identity === 'd' ? 'by-default' : null,
    generated: row.generated,
  };
}

function toConstraint(row: ConstraintRow): Constraint {
  const constraint: Constraint = {
    name: row.name,
    type: CONSTRAINT_TYPES[row.contype],
    columns: row.columns,
    definition: row.definition,
    deferrable: row.deferrable,
  };
  if (row.contype === 'f' && row.ref_schema !== null && row.ref_name !== null) {
    constraint.references = { schema: row.ref_schema, name: row.ref_name, columns: row.ref_columns };
  }
  return constraint;
}

function toIndex(row: IndexRow): Index {
  return {
    name: row.name,
    definition: row.definition,
    unique: row.unique,
    partial: row.partial,
    constraint: row.constraint,
    columns: row.columns,
  };
}

function toTrigger(row: TriggerRow): Trigger {
  return {
    name: row.name,
    definition: row.definition,
    enabled: row.enabled,
    function: { schema: row.function_schema, name: row.function_name },
  };
}

function toPolicy(row: PolicyRow): Policy {
  return {
    name: row.name,
    command: POLICY_COMMANDS[row.cmd],
    permissive: row.permissive,
    roles: [...row.roles].sort(compareText),
    using: row.using,
    withCheck: row.with_check,
  };
}

function toEnum(row: EnumRow): EnumType {
  return { schema: row.schema, name: row.name, values: row.values };
}

function toDomain(row: DomainRow): DomainType {
  return { schema: row.schema, name: row.name, type: row.type, nullable: row.nullable, default: row.default, checks: row.checks };
}

function toComposite(row: CompositeTypeRow): CompositeType {
  return { schema: row.schema, name: row.name, attributes: row.attributes.map((a) => ({ name: a.name, type: a.type })) };
}

function toSequence(row: SequenceRow): Sequence {
  return {
    schema: row.schema,
    name: row.name,
    type: row.type,
    start: row.start,
    increment: row.increment,
    min: row.min,
    max: row.max,
    cycle: row.cycle,
    ownedBy: row.owned_by,
  };
}

function toExtension(row: ExtensionRow): Extension {
  return { name: row.name, schema: row.schema, version: row.version };
}

/** Input argument names: modes i (in), b (inout) and v (variadic); unnamed ones are ''. */
function inputArgNames(row: FunctionRow): string[] {
  const names = row.arg_names ?? [];
  const modes = row.arg_modes;
  if (!modes) return names.map((name) => name ?? '');
  return modes.flatMap((mode, i) => (mode === 'i' || mode === 'b' || mode === 'v' ? [names[i] ?? ''] : []));
}

/** sha256 of the body with runs of whitespace collapsed and the ends trimmed: reformatting is not a change. */
export function hashBody(body: string): string {
  return createHash('sha256').update(body.replace(/\s+/g, ' ').trim()).digest('hex');
}

function toFunction(row: FunctionRow): FunctionInfo {
  const body = row.body ?? '';
  return {
    schema: row.schema,
    name: row.name,
    args: row.args,
    argsWithDefaults: row.args_with_defaults,
    // A procedure has no result type.
    returns: row.returns ?? '',
    language: row.language,
    kind: FUNCTION_KINDS[row.prokind],
    volatility: VOLATILITY[row.volatility],
    securityDefiner: row.security_definer,
    argNames: inputArgNames(row),
    argDefaults: row.arg_defaults,
    bodyHash: hashBody(body),
    body,
    definition: row.definition,
  };
}

/** Splits a search_path setting, drops `"$user"` and `pg_temp`, and keeps the schemas that exist. */
export function resolveSearchPath(setting: string, existing: string[]): string[] {
  const names: string[] = [];
  const pattern = /\s*(?:"((?:[^"]|"")*)"|([^,\s]+))\s*(?:,|$)/gy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < setting.length && (match = pattern.exec(setting)) !== null) {
    if (match[1] !== undefined) names.push(match[1].replace(/""/g, '"'));
    else if (match[2] !== undefined) names.push(match[2].toLowerCase());
    if (match[0] === '') break;
  }
  const present = new Set(existing);
  const seen = new Set<string>();
  return names.filter((name) => {
    if (name === '$user' || name === 'pg_temp' || !present.has(name) || seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}

const COUNTED: ReadonlySet<RelationKind> = new Set(['table', 'materialized-view', 'partitioned-table']);

function addEstimates(relations: Relation[], rows: RelationRow[]): void {
  const own = new Map<string, number>();
  const children = new Map<string, string[]>();
  const key = (schema: string, name: string) => `${schema}.${name}`;
  for (const row of rows) {
    own.set(key(row.schema, row.name), Math.max(0, Math.round(row.reltuples)));
    if (row.parent_schema !== null && row.parent_name !== null) {
      const parent = key(row.parent_schema, row.parent_name);
      children.set(parent, [...(children.get(parent) ?? []), key(row.schema, row.name)]);
    }
  }
  // A partitioned table holds no rows itself; its estimate is the sum of its partitions'.
  const estimate = (name: string): number => {
    const kids = children.get(name);
    return kids ? kids.reduce((sum, kid) => sum + estimate(kid), 0) : (own.get(name) ?? 0);
  };
  for (const relation of relations) {
    if (COUNTED.has(relation.kind)) relation.rows = estimate(key(relation.schema, relation.name));
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function addExactCounts(db: Queryable, relations: Relation[], rows: RelationRow[], problems: SchemaProblem[]): Promise<void> {
  // Unpopulated materialized views cannot be scanned.
  const readable = new Set(rows.filter((row) => row.readable && row.populated).map((row) => `${row.schema}.${row.name}`));
  const targets: Relation[] = [];
  for (const relation of relations) {
    if (!COUNTED.has(relation.kind)) continue;
    if (readable.has(`${relation.schema}.${relation.name}`)) targets.push(relation);
    else problems.push({ kind: 'skipped', message: `Row count of "${relation.schema}.${relation.name}" skipped (no SELECT privilege, or a materialized view not yet populated).` });
  }
  for (let start = 0; start < targets.length; start += 200) {
    const batch = targets.slice(start, start + 200);
    const sql = batch
      .map((r, i) => `SELECT ${i} AS i, count(*)::text AS n FROM ${quoteIdent(r.schema)}.${quoteIdent(r.name)}`)
      .join(' UNION ALL ');
    const counted = await run<{ i: number; n: string }>(db, 'row counts', sql);
    for (const row of counted) {
      const relation = batch[row.i];
      if (relation) relation.rows = Number(row.n);
    }
  }
}

/**
 * Connects to a live server and describes it inside `BEGIN TRANSACTION READ ONLY` with statement and lock timeouts,
 * then rolls back: the tool never writes to a database it inspects.
 */
export async function introspectUrl(url: string, options: IntrospectUrlOptions = {}): Promise<SchemaSnapshot> {
  const client = await connect(url, { connectionTimeoutMillis: options.connectionTimeoutMillis });
  const masked = maskConnectionUrl(url);
  const db: Queryable = options.wrap ? options.wrap(client) : client;
  const statementTimeout = Math.max(0, Math.floor(options.statementTimeoutMillis ?? 60_000));
  const lockTimeout = Math.max(0, Math.floor(options.lockTimeoutMillis ?? 5_000));
  try {
    await client.query('BEGIN TRANSACTION READ ONLY');
    await client.query(`SET LOCAL statement_timeout = ${statementTimeout}`);
    await client.query(`SET LOCAL lock_timeout = ${lockTimeout}`);
    const { rows } = await client.query<{ server_version: string }>(`SELECT current_setting('server_version') AS server_version`);
    const { version, ...rest } = await introspect(db, options);
    return { version, source: { kind: 'live', description: masked, serverVersion: rows[0]?.server_version ?? '' }, ...rest };
  } catch (error) {
    const cause = isDbrefError(error) ? error.message.replace(/^introspection /, '') : `(${(error as Error).message})`;
    throw new IntrospectionError(maskPasswords(`cannot introspect ${masked}: ${cause}`));
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    await client.end().catch(() => {});
  }
}
