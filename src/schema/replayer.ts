import type { PGlite } from '@electric-sql/pglite';
import type { SchemaProblem } from '../types.js';
import { SHIM_SCHEMAS, type ShimPlan } from './shims.js';
import { splitStatements, type SqlStatement } from './split-statements.js';
import { downgradeType, replaceNameAt, unknownTypeOf, type TypeScope } from './type-downgrade.js';

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

interface PgError {
  message: string;
  code?: string;
  position?: string | number;
}

function asPgError(error: unknown): PgError {
  const e = error as PgError;
  return { message: e?.message ?? String(error), code: e?.code, position: e?.position };
}

/** A string index from a PostgreSQL error position (1-based, counted in characters, not UTF-16 units). */
function indexOfPosition(text: string, position: string | number | undefined): number | undefined {
  const n = Number(position);
  if (!Number.isInteger(n) || n < 1) return undefined;
  return [...text].slice(0, n - 1).join('').length;
}

// Statements that name functions by signature (`f(vector, int)`): once a type was downgraded, they name `text` too.
const SIGNATURE_KINDS = new Set([
  'AlterFunctionStmt', 'AlterOwnerStmt', 'AlterObjectSchemaStmt', 'RenameStmt', 'CommentStmt', 'GrantStmt', 'DropStmt',
  'AlterObjectDependsStmt', 'CreateTrigStmt', 'CreateCastStmt',
]);
const ON_COMMIT_DROP = /\bon\s+commit\s+drop\b/i;
const DROPS_ROUTINES = /^\s*drop\s+(?:function|procedure|routine|aggregate)\b/i;

// Statements that cannot or need not apply to an embedded database: recorded as skipped, never run.
const NEVER_RUN: Record<string, string> = {
  AlterSystemStmt: 'server configuration does not shape the schema',
  CreateSubscriptionStmt: 'subscriptions need a replication connection',
  AlterSubscriptionStmt: 'subscriptions need a replication connection',
  DropSubscriptionStmt: 'subscriptions need a replication connection',
  LoadStmt: 'loading server libraries is not possible embedded',
  CheckPointStmt: 'not needed for the schema',
};

// Statements whose failure leaves the schema's shape intact (privileges, ownership, comments, data): skipped.
const SHAPELESS = new Set([
  'GrantStmt', 'GrantRoleStmt', 'AlterDefaultPrivilegesStmt', 'AlterOwnerStmt', 'CreateRoleStmt', 'AlterRoleStmt',
  'AlterRoleSetStmt', 'DropRoleStmt', 'CommentStmt', 'SecLabelStmt', 'CreateExtensionStmt', 'AlterExtensionStmt',
  'AlterExtensionContentsStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'CopyStmt', 'NotifyStmt',
  'VacuumStmt', 'ClusterStmt', 'ReindexStmt', 'RefreshMatViewStmt', 'CreatePublicationStmt', 'AlterPublicationStmt',
  'ReassignOwnedStmt', 'DropOwnedStmt', 'VariableSetStmt', 'CreateEventTrigStmt', 'AlterEventTrigStmt', 'SelectStmt',
]);

/** `ALTER TABLE|VIEW|SEQUENCE|FOREIGN TABLE ... OWNER TO role`, which pg_dump writes after every object. */
function isOwnerChange(kind: string | undefined, sql: string): boolean {
  return kind === 'AlterTableStmt' && /^\s*alter\s+(?:foreign\s+table|materialized\s+view|table|view|sequence)\s+(?:if\s+exists\s+)?(?:only\s+)?[^\s]+\s+owner\s+to\s+[^\s]+\s*$/i.test(sql);
}

// Where an unknown type may be replaced by `text` so the object still exists (pgvector's `vector`, postgis' `geography`).
const TYPE_DOWNGRADE = new Set(['CreateStmt', 'AlterTableStmt', 'CompositeTypeStmt', 'CreateDomainStmt', 'CreateFunctionStmt']);

interface Attempt {
  sql: string;
  /** Run with this search_path, restoring the file's own afterwards. */
  searchPath?: string;
  /** A note for the problem list when the statement ran changed. */
  downgrade?: string;
  /** The statement failed for a reason that does not change the schema's shape. */
  skip?: string;
  /** The statement asked for what a shim already provides: nothing more to do. */
  done?: boolean;
}

/** Replays files statement by statement. A change to what it produces must bump REPLAY_VERSION in cache.ts. */
export class Replayer {
  readonly problems: SchemaProblem[] = [];
  readonly #createdRoles = new Set<string>();
  readonly #replaced = new Set<string>();
  /** Types replaced by `text` so far: later statements naming a function by signature name `text` instead. */
  readonly #downgradedTypes = new Set<string>();
  #downgraded = false;
  #temporaryTables = false;

  constructor(
    readonly db: PGlite,
    readonly plan: ShimPlan,
  ) {}

  async resetSession(): Promise<void> {
    await this.db.exec(
      `RESET ROLE; RESET SESSION AUTHORIZATION; SET search_path TO ${this.plan.searchPath}; SET check_function_bodies = off; SET client_min_messages = warning;`,
    );
  }

  async replayFile(file: string, sql: string): Promise<void> {
    // Each file starts from the same session state: one dump that empties search_path must not break the next file.
    await this.resetSession();
    const split = await splitStatements(sql);
    if (split.mode === 'whole' && split.statements.length > 0) {
      this.problems.push({
        kind: 'skipped',
        file,
        line: split.statements[0]!.line,
        message: `The file could not be split into statements (${split.error}); it was run as a whole.`,
      });
    }
    for (const statement of split.statements) await this.#run(file, statement);
    // A file's temporary tables end with it, as they would with the file run in one transaction or session.
    if (this.#temporaryTables) {
      await this.db.exec('DISCARD TEMP');
      this.#temporaryTables = false;
    }
  }

  async #run(file: string, statement: SqlStatement): Promise<void> {
    const kind = statement.kind;
    const at = { file, line: statement.line, statement: preview(statement.text) };
    if (kind === 'TransactionStmt') return; // Statement-by-statement replay: one failure must not abort the rest.
    // A lock only makes sense inside the file's transaction, which the replay does not open; it shapes nothing.
    if (kind === 'LockStmt') return;
    if (kind && kind in NEVER_RUN) {
      this.problems.push({ kind: 'skipped', ...at, message: `Not run embedded (${NEVER_RUN[kind]}).` });
      return;
    }
    if (kind === 'CopyStmt' && /\bfrom\s+stdin\b/i.test(statement.text)) {
      this.problems.push({ kind: 'skipped', ...at, message: 'COPY data is not needed for the schema.' });
      return;
    }
    let attempt: Attempt = { sql: statement.text };
    // Prisma and psql -1 run a migration file in one transaction, so a `CREATE TEMP TABLE … ON COMMIT DROP` lives
    // until the file ends; replayed statement by statement, it would be gone by the next statement that reads it.
    if ((kind === 'CreateStmt' || kind === 'CreateTableAsStmt') && ON_COMMIT_DROP.test(attempt.sql)) {
      attempt = { sql: attempt.sql.replace(ON_COMMIT_DROP, 'ON COMMIT PRESERVE ROWS') };
      this.#temporaryTables = true;
    }
    const downgrades: string[] = statement.variables ? [`psql variables replaced by placeholders (${statement.variables.map((v) => `:${v}`).join(', ')})`] : [];
    // `DROP FUNCTION IF EXISTS f(vector)` succeeds with a notice when vector is unknown, leaving f(text) behind.
    if (kind === 'DropStmt' && DROPS_ROUTINES.test(statement.text)) {
      for (const type of this.#downgradedTypes) {
        const sql = downgradeType(attempt.sql, type, 'signatures', undefined);
        if (sql) {
          attempt = { sql };
          downgrades.push(`type "${type}" does not exist embedded, replaced by text`);
        }
      }
    }
    for (let tries = 0; tries < 32; tries++) {
      try {
        await this.#exec(attempt);
        if (downgrades.length > 0) {
          this.#downgraded = true;
          this.problems.push({ kind: 'downgraded', ...at, message: `${downgrades.join('; ')}.` });
        }
        return;
      } catch (error) {
        const pg = asPgError(error);
        const next = (await this.#replaceShim(pg, attempt, kind)) ?? (await this.#recover(pg, attempt, kind));
        if (next?.done) return;
        if (next?.skip) {
          this.problems.push({ kind: 'skipped', ...at, message: next.skip });
          return;
        }
        if (next) {
          if (next.downgrade) downgrades.push(next.downgrade);
          attempt = next;
          continue;
        }
        if ((kind !== undefined && SHAPELESS.has(kind)) || isOwnerChange(kind, attempt.sql)) {
          this.problems.push({ kind: 'skipped', ...at, message: `Not applied (${pg.message}); the statement does not change the schema's shape.` });
        } else this.problems.push({ kind: 'failed', ...at, message: pg.message });
        return;
      }
    }
    this.problems.push({ kind: 'failed', ...at, message: 'Gave up after too many retries.' });
  }

  async #exec(attempt: Attempt): Promise<void> {
    if (attempt.searchPath === undefined) {
      await this.db.exec(attempt.sql);
      return;
    }
    const { rows } = await this.db.query<{ p: string }>(`SELECT current_setting('search_path') AS p`);
    await this.db.exec(`SET search_path TO ${attempt.searchPath}`);
    try {
      await this.db.exec(attempt.sql);
    } finally {
      await this.db.query(`SELECT pg_catalog.set_config('search_path', $1, false)`, [rows[0]?.p ?? '']);
    }
  }

  /**
   * A migration or dump that creates what a shim already made (`supabase db dump` of the auth schema, a role,
   * the realtime publication): the shim steps aside. Tables are replaced by the file's own definition, functions
   * replaced in place (CREATE OR REPLACE keeps the policies that call them); schemas, roles and the like already exist.
   */
  async #replaceShim(error: PgError, attempt: Attempt, kind: string | undefined): Promise<Attempt | undefined> {
    const duplicate = /^(relation|function|schema|role|publication|extension) "(.+?)" already exists/.exec(error.message);
    if (!duplicate) return undefined;
    const [, what, name] = duplicate as unknown as [string, string, string];
    // `public` exists in every new database; dumps made with --clean or --create say CREATE SCHEMA public.
    if (what === 'schema') return name === 'public' || (SHIM_SCHEMAS as readonly string[]).includes(name) ? { ...attempt, done: true } : undefined;
    if (what === 'role') return this.plan.roles.includes(name) ? { ...attempt, done: true } : undefined;
    if (what === 'publication') return this.plan.realtime && name === 'supabase_realtime' ? { ...attempt, done: true } : undefined;
    if (what === 'extension') return this.plan.preinstalled.includes(name) ? { ...attempt, done: true } : undefined;
    const shimSchema = /^\s*create\s+(?:or\s+replace\s+)?(?:unlogged\s+)?(?:table|function)\s+(?:if\s+not\s+exists\s+)?"?(auth|storage)"?\s*\./i.exec(attempt.sql)?.[1]?.toLowerCase();
    if (!shimSchema) return undefined;
    if (what === 'relation' && kind === 'CreateStmt' && !this.#replaced.has(`${shimSchema}.${name}`)) {
      this.#replaced.add(`${shimSchema}.${name}`);
      await this.db.exec(`DROP TABLE IF EXISTS "${shimSchema}"."${name.replace(/"/g, '""')}" CASCADE`);
      return { sql: attempt.sql, ...(attempt.searchPath !== undefined ? { searchPath: attempt.searchPath } : {}) };
    }
    if (what === 'function' && kind === 'CreateFunctionStmt' && !/^\s*create\s+or\s+replace\b/i.test(attempt.sql)) {
      return { ...attempt, sql: attempt.sql.replace(/^\s*create\s+function\b/i, 'CREATE OR REPLACE FUNCTION') };
    }
    return undefined;
  }

  /** A changed attempt that may succeed, or undefined when the failure stands. */
  async #recover(error: PgError, attempt: Attempt, kind: string | undefined): Promise<Attempt | undefined> {
    const role = /^role "(.+)" does not exist$/.exec(error.message);
    if (role && !this.#createdRoles.has(role[1]!)) {
      this.#createdRoles.add(role[1]!);
      await this.db.exec(`CREATE ROLE "${role[1]!.replace(/"/g, '""')}" NOLOGIN`);
      return { ...attempt, downgrade: undefined };
    }
    if (kind === 'CreateExtensionStmt') {
      if (error.code === '0A000' || /is not available|could not open extension control file/.test(error.message)) {
        return { ...attempt, skip: `PGlite does not ship this extension (${error.message}); objects that need it are downgraded or missing.` };
      }
      const schema = /^schema "(.+)" does not exist$/.exec(error.message);
      if (schema) {
        await this.db.exec(`CREATE SCHEMA IF NOT EXISTS "${schema[1]!.replace(/"/g, '""')}"`);
        return { ...attempt, downgrade: undefined };
      }
    }
    if (attempt.searchPath === undefined && ['3F000', '42P01', '42883', '42704'].includes(error.code ?? '')) {
      // A dump that emptied search_path: give unqualified names the default path, as the next file would.
      const { rows } = await this.db.query<{ p: string }>(`SELECT current_setting('search_path') AS p`);
      const current = (rows[0]?.p ?? '').trim();
      if (current === '' || current === '""') return { sql: attempt.sql, searchPath: this.plan.searchPath };
    }
    const index = indexOfPosition(attempt.sql, error.position);
    const type = error.code === '42704' ? unknownTypeOf(error.message) : undefined;
    if (type && kind) {
      // Where a type is declared (columns, arguments, return types) it becomes text; where a function is named by its
      // signature, only a type already downgraded does, so the name finds the function that was created.
      const scope: TypeScope | undefined = TYPE_DOWNGRADE.has(kind) ? 'all' : SIGNATURE_KINDS.has(kind) && this.#downgradedTypes.has(type) ? 'signatures' : undefined;
      const sql = scope && downgradeType(attempt.sql, type, scope, index);
      if (sql) {
        this.#downgradedTypes.add(type);
        return { ...attempt, sql, downgrade: `type "${type}" does not exist embedded, replaced by text` };
      }
    }
    if (index !== undefined && error.code === '42883' && (kind === 'CreateStmt' || kind === 'AlterTableStmt')) {
      const fn = /^function (.+?)\(.*\) does not exist$/.exec(error.message);
      if (fn) {
        const sql = replaceNameAt(attempt.sql, index, fn[1]!, 'NULL', true);
        if (sql) return { ...attempt, sql, downgrade: `function ${fn[1]}() does not exist embedded, its call in a default replaced by NULL` };
      }
    }
    // `pg_dump --clean` drops everything first; dropping what is not there leaves the schema as intended.
    if (kind === 'DropStmt' && /does not exist$/.test(error.message)) {
      return { ...attempt, skip: `Nothing to drop (${error.message}).` };
    }
    if (kind === 'IndexStmt' && /^(access method|operator class) ".+" does not exist/.test(error.message)) {
      return { ...attempt, skip: `Index not created embedded (${error.message}); it needs an extension PGlite does not ship.` };
    }
    // An index over a column whose type was downgraded to text (postgis' gist on geometry).
    if (kind === 'IndexStmt' && this.#downgraded && /has no default operator class for access method/.test(error.message)) {
      return { ...attempt, skip: `Index not created embedded (${error.message}); it indexes a column whose type PGlite does not have.` };
    }
    return undefined;
  }
}
