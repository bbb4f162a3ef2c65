/** A place in a project file. `file` is project-relative and POSIX; all positions are 1-based. */
export interface Location {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A schema-qualified name. `schema: null` means "resolve through the search path". */
export interface QualifiedName {
  schema: string | null;
  name: string;
}

export type ReferenceKind = 'relation' | 'column' | 'function' | 'type';
export type Access = 'read' | 'insert' | 'update' | 'delete' | 'ddl' | 'call';
export type Confidence = 'exact' | 'inferred' | 'dynamic';

/** What kind of value the code writes to (or compares with) a column; used by scaffold and enum checks. */
export interface ValueHint {
  kind: 'string' | 'integer' | 'decimal' | 'boolean' | 'null' | 'date' | 'uuid' | 'object' | 'array' | 'unknown';
  /** The literal text for strings and numbers, when static. */
  text?: string;
  /** Where the value was written, for "inferred from file:line" comments. */
  location?: Location;
}

/** One use of a database object found in code. Extractors state facts: they never judge. */
export interface Reference {
  extractor: string;
  kind: ReferenceKind;
  /** For `relation`/`column`: the relation. For `function`: the function name. For `type`: the type name. */
  relation: QualifiedName;
  column?: string;
  access: Access;
  /** The name as written in the source, for messages. */
  written: string;
  /** A quoted SQL identifier keeps its case; an unquoted one folds to lower case. */
  quoted: boolean;
  confidence: Confidence;
  location: Location;
  /** Inserts and upserts: the columns the statement provides, when the set is static. */
  provides?: string[];
  /** Function calls: the number of arguments, and their names for named-argument calls (supabase `.rpc`). */
  argCount?: number;
  argNames?: string[];
  /** Column references: values written to or compared with this column. */
  values?: ValueHint[];
  /**
   * Column references in multi-table SQL whose table cannot be told from the text alone: the relations in scope.
   * `relation` is the first of them and `confidence` is `inferred`; checks pick the candidate that has the column.
   */
  candidates?: QualifiedName[];
  /**
   * A PostgREST embedded resource (`select('id, buyer:buyer_id(name)')`) and the columns selected in it: the relation
   * it is embedded in. PostgREST also takes a foreign-key column or constraint name of that relation in place of the
   * table; the checks resolve such a name through the schema's foreign keys.
   */
  embeddedIn?: QualifiedName;
  /** DDL that creates the relation (`CREATE TABLE`, `CREATE VIEW`, `CREATE TABLE … AS` run by the code itself). */
  creates?: true;
  /** Why the reference is dynamic or inferred, when it is. */
  note?: string;
}

export interface DeclaredColumn {
  name: string;
  /** The ORM's type as written (`String`, `text`, `varchar(50)`), when known. */
  type?: string;
  nullable?: boolean;
  location?: Location;
  /** The ORM's attribute name in code (`createdAt`), when it differs from the column (`created_at`). */
  field?: string;
  /** The ORM fills the value when the code does not (Prisma `@default(cuid())`, `@updatedAt`, Sequelize timestamps). */
  clientDefault?: boolean;
}

/** An ORM relation field (not a column): `posts Post[]` in Prisma, `@ManyToOne(() => User) user`. */
export interface DeclaredAssociation {
  field: string;
  /** The model it points to, by its name in code. */
  model: string;
  /**
   * The foreign-key fields of this model the relation is held in (Prisma `@relation(fields: [organizationId])`), by
   * their names in code: an insert writing the relation field fills them.
   */
  fields?: string[];
}

/** A model or schema-in-code declaration of a table (Prisma model, Drizzle table, TypeORM entity, SQLAlchemy model). */
export interface Declaration {
  extractor: string;
  relation: QualifiedName;
  /** The model's name in code (`User`), when it differs from the table. */
  model?: string;
  columns: DeclaredColumn[];
  /** ORM relation fields, so usage of `include: { posts: true }` resolves to the related table, not a column. */
  associations?: DeclaredAssociation[];
  confidence: Confidence;
  location: Location;
  /**
   * Another file that the project imports declares the same model, and nothing imports this one (a stale generated
   * copy): references resolve to the other, and model checks skip this one.
   */
  shadowed?: true;
}

export interface Skipped {
  file: string;
  reason: string;
  line?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Schema snapshot. Deterministic: every list sorted, no timestamps, so the JSON diffs cleanly.

export type RelationKind = 'table' | 'view' | 'materialized-view' | 'partitioned-table' | 'foreign-table';

export interface Column {
  name: string;
  /** `format_type()` output, e.g. `character varying(50)`, `timestamp with time zone`, `public.mood`. */
  type: string;
  nullable: boolean;
  default: string | null;
  identity: 'always' | 'by-default' | null;
  /** The expression of a `GENERATED ALWAYS AS (...) STORED` column. */
  generated: string | null;
}

export type ConstraintType = 'primary-key' | 'unique' | 'check' | 'foreign-key' | 'exclusion';

export interface Constraint {
  name: string;
  type: ConstraintType;
  columns: string[];
  /** `pg_get_constraintdef()` output. */
  definition: string;
  references?: { schema: string; name: string; columns: string[] };
  deferrable?: boolean;
}

export interface Index {
  name: string;
  /** `pg_get_indexdef()` output. */
  definition: string;
  unique: boolean;
  partial: boolean;
  /** True when the index backs a primary key, unique or exclusion constraint. */
  constraint: boolean;
  columns: string[];
}

export interface Trigger {
  name: string;
  /** `pg_get_triggerdef()` output. */
  definition: string;
  enabled: boolean;
  function: QualifiedName;
}

export interface Policy {
  name: string;
  command: 'all' | 'select' | 'insert' | 'update' | 'delete';
  permissive: boolean;
  roles: string[];
  using: string | null;
  withCheck: string | null;
}

export interface Relation {
  schema: string;
  name: string;
  kind: RelationKind;
  columns: Column[];
  constraints: Constraint[];
  indexes: Index[];
  triggers: Trigger[];
  policies: Policy[];
  rlsEnabled: boolean;
  rlsForced: boolean;
  /** Views and materialized views: `pg_get_viewdef()` output. */
  definition?: string;
  /** Partitions: the parent and the bound (`FOR VALUES ...`). */
  partitionOf?: { schema: string; name: string; bound: string };
  /** Partitioned tables: the partition key (`RANGE (created_at)`). */
  partitionKey?: string;
  /** Estimated row count from the catalog (live sources only, with `--rows`). */
  rows?: number;
  /** Embedded replay only: a stand-in for a platform object (Supabase `auth.users`), not the application's own. */
  shim?: boolean;
}

export interface EnumType {
  schema: string;
  name: string;
  values: string[];
}

export interface DomainType {
  schema: string;
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
  checks: string[];
}

export interface CompositeType {
  schema: string;
  name: string;
  attributes: { name: string; type: string }[];
}

export interface FunctionInfo {
  schema: string;
  name: string;
  /** Identity argument list, `pg_get_function_identity_arguments()`: `org_id uuid, limit_n integer`. */
  args: string;
  /** Full argument list with defaults, `pg_get_function_arguments()`. */
  argsWithDefaults: string;
  returns: string;
  language: string;
  kind: 'function' | 'procedure' | 'aggregate' | 'window';
  volatility: 'immutable' | 'stable' | 'volatile';
  securityDefiner: boolean;
  /** Input argument names in order (empty string for unnamed), and how many have defaults. */
  argNames: string[];
  argDefaults: number;
  /** sha256 of the body with whitespace normalised. */
  bodyHash: string;
  /** The body (prosrc), kept so diff can emit CREATE OR REPLACE. */
  body: string;
  /** `pg_get_functiondef()` output (not for aggregates). */
  definition: string | null;
  /** Embedded replay only: a stand-in for a platform function (Supabase `auth.uid()`), not the application's own. */
  shim?: boolean;
}

export interface Sequence {
  schema: string;
  name: string;
  type: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cycle: boolean;
  /** `schema.table.column` when owned by a column (serial/identity). */
  ownedBy: string | null;
}

export interface Extension {
  name: string;
  schema: string;
  version: string;
}

export interface SchemaProblem {
  kind: 'failed' | 'downgraded' | 'skipped';
  message: string;
  file?: string;
  line?: number;
  statement?: string;
}

export interface SnapshotSource {
  kind: 'live' | 'migrations' | 'sql-file' | 'snapshot';
  /** A URL (password masked) or a project-relative path. */
  description: string;
  /** Migrations layout when built from migrations: supabase, prisma, drizzle, plain, dump. */
  layout?: string;
  serverVersion?: string;
  /** sha256 of the inputs a snapshot built from files was made from (the cache key). */
  inputsHash?: string;
}

export interface SchemaSnapshot {
  version: 1;
  source: SnapshotSource;
  searchPath: string[];
  schemas: string[];
  relations: Relation[];
  enums: EnumType[];
  domains: DomainType[];
  compositeTypes: CompositeType[];
  functions: FunctionInfo[];
  sequences: Sequence[];
  extensions: Extension[];
  incomplete: boolean;
  problems: SchemaProblem[];
}

// ---------------------------------------------------------------------------------------------------------------

export type Severity = 'error' | 'warn' | 'info';

/** A judgement made by a check. */
export interface Finding {
  ruleId: string;
  messageId: string;
  message: string;
  help?: string;
  severity: Severity;
  location?: Location;
  relation?: QualifiedName;
  column?: string;
  reference?: Reference;
  related?: Location[];
  /** Stable across runs and unrelated edits: for SARIF partialFingerprints, baselines and PR comments. */
  fingerprint: string;
}
