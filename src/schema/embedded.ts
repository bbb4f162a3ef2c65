import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { loadModule, parseSync, scanSync } from 'libpg-query';
import { SourceError } from '../errors.js';
import type { Relation, SchemaProblem, SchemaSnapshot } from '../types.js';
import { introspect } from './introspect.js';
import { readMigrationText, type MigrationSet } from './migrations.js';
import { loadExtensionModules, pgliteVersionOf, planShims, SHIM_SCHEMAS, shimSql, type ShimPlan } from './shims.js';
import { normaliseSnapshot } from './snapshot.js';

/** One statement of a migration file: its text (comments before it dropped) and the 1-based line it starts on. */
export interface SqlStatement {
  text: string;
  line: number;
  /** The parse tree node type (`CreateStmt`), when libpg-query parsed the statement. */
  kind: string | undefined;
  /** psql variables (`:NAME`, `:'NAME'`, `:"NAME"`) in the file's text that were replaced by placeholders here. */
  variables?: string[];
}

export interface SplitResult {
  statements: SqlStatement[];
  /** `parsed`: split by the PostgreSQL parser; `scanned`: by its tokenizer at top-level `;` (the file has a syntax error). */
  mode: 'parsed' | 'scanned' | 'whole';
  /** The parser's error when the file did not parse. */
  error?: string;
}

export interface EmbeddedOptions {
  schemas?: string[];
  /**
   * A folder for a template data directory (an initialised, empty cluster): starting from it skips initdb,
   * several seconds of every cold replay. Written on the first start.
   */
  templateDir?: string;
}

/** Counts PGlite starts: the cache's proof that a second run never starts one. */
export const embeddedStats = { starts: 0 };

let parserReady: Promise<void> | undefined;

/**
 * Blanks what a psql script holds besides SQL, keeping every line break so line numbers stay true: the data lines
 * of `COPY ... FROM stdin` (up to `\.`) and psql meta-commands (`\connect`, `\restrict`, `\set`).
 */
export function blankPsqlData(sql: string): string {
  const lines = sql.split('\n');
  let inCopy = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (inCopy) {
      if (/^\\\.\r?$/.test(line)) inCopy = false;
      lines[i] = '';
    } else if (/^\s*COPY\b[^;]*\bFROM\s+stdin\b[^;]*;\s*$/i.test(line)) {
      inCopy = true;
    } else if (/^\s*\\[a-zA-Z]/.test(line)) {
      lines[i] = '';
    }
  }
  return lines.join('\n');
}

/** `\set NAME value` lines of a psql script: the values its `:NAME` variables take. */
function psqlSets(sql: string): Map<string, string> {
  const sets = new Map<string, string>();
  for (const match of sql.matchAll(/^\s*\\set\s+([A-Za-z_]\w*)\s+(.*?)\s*$/gm)) {
    const value = match[2]!.replace(/^'((?:[^']|'')*)'$/, (_, inner: string) => inner.replace(/''/g, "'"));
    sets.set(match[1]!, value);
  }
  return sets;
}

interface Substituted {
  text: string;
  /** Byte ranges of the new text that replaced a variable, with the variable's name. */
  spans: { start: number; end: number; name: string }[];
}

/**
 * Replaces psql variables (what `psql -v`, `\set` or graphile-migrate's placeholders fill in, such as
 * `GRANT … TO :DATABASE_VISITOR`) found by the SQL tokenizer outside strings, bodies and comments: by the `\set`
 * value when the script has one, else by the variable's name in lower case — as an identifier for `:NAME` and
 * `:"NAME"`, a string for `:'NAME'`. Roles so named are created on demand like any other.
 */
function substitutePsqlVariables(sql: string, original: string): Substituted | undefined {
  let tokens: { text: string; start: number; end: number }[];
  try {
    tokens = scanSync(sql).tokens;
  } catch {
    return undefined;
  }
  const sets = psqlSets(original);
  const bytes = Buffer.from(sql, 'utf8');
  const parts: Buffer[] = [];
  const spans: Substituted['spans'] = [];
  let consumed = 0;
  let length = 0;
  let brackets = 0;
  for (let i = 0; i < tokens.length - 1; i++) {
    const colon = tokens[i]!;
    if (colon.text === '[') brackets++;
    else if (colon.text === ']') brackets = Math.max(0, brackets - 1);
    const next = tokens[i + 1]!;
    // `a[1:n]` is an array slice, not a variable.
    if (colon.text !== ':' || brackets > 0 || next.start !== colon.end) continue;
    let name: string;
    let form: 'bare' | 'string' | 'identifier';
    if (/^[A-Za-z_]\w*$/.test(next.text)) (name = next.text), (form = 'bare');
    else if (/^'[A-Za-z_]\w*'$/.test(next.text)) (name = next.text.slice(1, -1)), (form = 'string');
    else if (/^"[A-Za-z_]\w*"$/.test(next.text)) (name = next.text.slice(1, -1)), (form = 'identifier');
    else continue;
    const value = sets.get(name) ?? name.toLowerCase();
    const replacement =
      form === 'string' ? `'${value.replace(/'/g, "''")}'` : form === 'identifier' || !sets.has(name) ? `"${value.replace(/"/g, '""')}"` : value;
    const before = bytes.subarray(consumed, colon.start);
    const added = Buffer.from(replacement, 'utf8');
    parts.push(before, added);
    spans.push({ start: length + before.length, end: length + before.length + added.length, name });
    length += before.length + added.length;
    consumed = next.end;
    i++;
  }
  if (spans.length === 0) return undefined;
  parts.push(bytes.subarray(consumed));
  return { text: Buffer.concat(parts).toString('utf8'), spans };
}

/** Offset of the first character that is not whitespace or a comment. */
function skipTrivia(text: string): number {
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) i++;
    else if (text.startsWith('--', i)) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
    } else if (text.startsWith('/*', i)) {
      let depth = 1;
      i += 2;
      while (i < text.length && depth > 0) {
        if (text.startsWith('/*', i)) (depth++, (i += 2));
        else if (text.startsWith('*/', i)) (depth--, (i += 2));
        else i++;
      }
    } else break;
  }
  return i;
}

function countLines(text: string, end = text.length): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Cuts byte ranges (libpg-query reports UTF-8 byte offsets, not string indices) out of a text into statements. */
function cut(bytes: Buffer, ranges: { start: number; end: number; kind?: string }[], spans: Substituted['spans'] = []): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let line = 1;
  let consumed = 0;
  for (const range of ranges) {
    line += countLines(bytes.subarray(consumed, range.start).toString('utf8'));
    const raw = bytes.subarray(range.start, range.end).toString('utf8');
    consumed = range.end;
    const lead = skipTrivia(raw);
    const text = raw.slice(lead).replace(/;\s*$/, '').trimEnd();
    const startLine = line + countLines(raw, lead);
    line += countLines(raw);
    if (text.length === 0) continue;
    const variables = [...new Set(spans.filter((s) => s.start >= range.start && s.end <= range.end).map((s) => s.name))];
    statements.push({ text, line: startLine, kind: range.kind ?? kindOf(text), ...(variables.length > 0 ? { variables } : {}) });
  }
  return statements;
}

function kindOf(text: string): string | undefined {
  try {
    const first = parseSync(text).stmts?.[0]?.stmt;
    return first ? Object.keys(first)[0] : undefined;
  } catch {
    return undefined;
  }
}

/** Splits a SQL file into statements with the PostgreSQL parser; `$$` bodies stay whole. */
export async function splitStatements(sql: string): Promise<SplitResult> {
  parserReady ??= loadModule();
  await parserReady;
  let clean = blankPsqlData(sql);
  let spans: Substituted['spans'] = [];
  let stmts: NonNullable<ReturnType<typeof parseSync>['stmts']> | undefined;
  let error: string | undefined;
  try {
    stmts = parseSync(clean).stmts ?? [];
  } catch (parseError) {
    error = (parseError as Error).message;
    // Only a file that does not parse has its psql variables filled in: `a[1:n]` and the like stay as they are.
    const substituted = substitutePsqlVariables(clean, sql);
    if (substituted) {
      ({ text: clean, spans } = substituted);
      try {
        stmts = parseSync(clean).stmts ?? [];
      } catch (again) {
        error = (again as Error).message;
      }
    }
  }
  const bytes = Buffer.from(clean, 'utf8');
  if (stmts) {
    const ranges = stmts.map((s) => {
      const start = s.stmt_location ?? 0;
      const end = s.stmt_len ? start + s.stmt_len : bytes.length;
      return { start, end, kind: s.stmt ? Object.keys(s.stmt)[0] : undefined };
    });
    return { statements: cut(bytes, ranges, spans), mode: 'parsed' };
  }
  try {
    const tokens = scanSync(clean).tokens;
    const ranges: { start: number; end: number }[] = [];
    let start = 0;
    let depth = 0;
    for (const token of tokens) {
      if (token.text === '(') depth++;
      else if (token.text === ')') depth = Math.max(0, depth - 1);
      else if (token.text === ';' && depth === 0) {
        ranges.push({ start, end: token.end });
        start = token.end;
      }
    }
    ranges.push({ start, end: bytes.length });
    return { statements: cut(bytes, ranges, spans), mode: 'scanned', ...(error ? { error } : {}) };
  } catch {
    return { statements: cut(bytes, [{ start: 0, end: bytes.length }], spans), mode: 'whole', ...(error ? { error } : {}) };
  }
}

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

const IDENT = String.raw`(?:"(?:[^"]|"")*"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)`;
const QUALIFIED = String.raw`${IDENT}(?:\s*\.\s*${IDENT})*`;
const MODIFIERS = String.raw`(?:\s*\((?:[^()]|\([^()]*\))*\))`;

/** Replaces the type name (with its modifiers) at a position with another text, if the name there is `type`. */
function replaceNameAt(text: string, index: number, expected: string, replacement: string, needsCall: boolean): string | undefined {
  const re = new RegExp(`^(${QUALIFIED})${MODIFIERS}${needsCall ? '' : '?'}`);
  const match = re.exec(text.slice(index));
  if (!match) return undefined;
  const last = match[1]!.split('.').pop()!.trim().replace(/^"|"$/g, '').toLowerCase();
  const wanted = expected.split('.').pop()!.replace(/^"|"$/g, '').toLowerCase();
  if (last !== wanted) return undefined;
  return text.slice(0, index) + replacement + text.slice(index + match[0].length);
}

/**
 * The type a `type … does not exist` error names, without array brackets. PostgreSQL quotes it for columns and
 * return types (`type "vector" does not exist`) but not for function arguments (`type extensions.vector does not exist`).
 */
export function unknownTypeOf(message: string): string | undefined {
  const match = /^type (?:"(.+)"|(.+)) does not exist$/.exec(message);
  const name = match?.[1] ?? match?.[2];
  return name?.replace(/(?:\[\d*\])+$/, '');
}

type TypeScope = 'all' | 'signatures';

/**
 * String indices of the type names in a statement that name `type` (as PostgreSQL prints it: `schema.name`, unquoted),
 * found by the parser: every type name (`all`), or only those in function signatures (`DROP FUNCTION f(vector)`).
 */
function typeNameIndices(sql: string, type: string, scope: TypeScope): number[] {
  let tree: unknown;
  try {
    tree = parseSync(sql);
  } catch {
    return [];
  }
  const offsets = new Set<number>();
  const visit = (node: unknown, inSignature: boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, inSignature);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (Array.isArray(record.names) && 'typemod' in record && typeof record.location === 'number' && (scope === 'all' || inSignature)) {
      const names = (record.names as { String?: { sval?: string } }[]).map((n) => n.String?.sval ?? '');
      if (names.join('.') === type) offsets.add(record.location);
    }
    for (const [key, value] of Object.entries(record)) visit(value, inSignature || key === 'ObjectWithArgs');
  };
  visit(tree, false);
  const bytes = Buffer.from(sql, 'utf8');
  return [...offsets].map((offset) => bytes.subarray(0, offset).toString('utf8').length).sort((a, b) => b - a);
}

/** The statement with every use of an unknown type (and its modifiers) replaced by `text`, or undefined if none was found. */
function downgradeType(sql: string, type: string, scope: TypeScope, position: number | undefined): string | undefined {
  const found = typeNameIndices(sql, type, scope);
  const indices = found.length > 0 ? found : position !== undefined && scope === 'all' ? [position] : [];
  let result = sql;
  for (const index of indices) result = replaceNameAt(result, index, type, 'text', false) ?? result;
  return result === sql ? undefined : result;
}

// Statements that name functions by signature (`f(vector, int)`): once a type was downgraded, they name `text` too.
const SIGNATURE_KINDS = new Set([
  'AlterFunctionStmt', 'AlterOwnerStmt', 'AlterObjectSchemaStmt', 'RenameStmt', 'CommentStmt', 'GrantStmt', 'DropStmt',
  'AlterObjectDependsStmt', 'CreateTrigStmt', 'CreateCastStmt',
]);
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
class Replayer {
  readonly problems: SchemaProblem[] = [];
  readonly #createdRoles = new Set<string>();
  readonly #replaced = new Set<string>();
  /** Types replaced by `text` so far: later statements naming a function by signature name `text` instead. */
  readonly #downgradedTypes = new Set<string>();
  #downgraded = false;

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
  }

  async #run(file: string, statement: SqlStatement): Promise<void> {
    const kind = statement.kind;
    const at = { file, line: statement.line, statement: preview(statement.text) };
    if (kind === 'TransactionStmt') return; // Statement-by-statement replay: one failure must not abort the rest.
    if (kind && kind in NEVER_RUN) {
      this.problems.push({ kind: 'skipped', ...at, message: `Not run embedded (${NEVER_RUN[kind]}).` });
      return;
    }
    if (kind === 'CopyStmt' && /\bfrom\s+stdin\b/i.test(statement.text)) {
      this.problems.push({ kind: 'skipped', ...at, message: 'COPY data is not needed for the schema.' });
      return;
    }
    let attempt: Attempt = { sql: statement.text };
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

async function startPglite(plan: ShimPlan, templateDir: string | undefined): Promise<PGlite> {
  embeddedStats.starts++;
  const extensions = await loadExtensionModules(plan.extensions);
  const template = templateDir && pgliteVersionOf() ? path.join(templateDir, `pglite-${pgliteVersionOf()}-datadir.tar.gz`) : undefined;
  if (template && existsSync(template)) {
    try {
      return await PGlite.create({ loadDataDir: new Blob([readFileSync(template)]), extensions });
    } catch {
      // A damaged template: start cold and write it again.
    }
  }
  const db = await PGlite.create({ extensions });
  if (template) {
    try {
      const dump = await db.dumpDataDir('gzip');
      mkdirSync(path.dirname(template), { recursive: true });
      const temporary = `${template}.${process.pid}.tmp`;
      writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
      renameSync(temporary, template);
    } catch {
      // The template only saves time.
    }
  }
  return db;
}

function describeSet(set: MigrationSet): string {
  if (set.files.length === 1) return set.files[0]!;
  const dirs = set.files.map((f) => path.posix.dirname(f));
  let common = dirs[0]!.split('/');
  for (const dir of dirs.slice(1)) {
    const parts = dir.split('/');
    let i = 0;
    while (i < common.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join('/') || '.';
}

function readTexts(set: MigrationSet): string[] {
  return set.files.map((file) => {
    try {
      return readMigrationText(set, file);
    } catch (error) {
      throw new SourceError(`Cannot read migration ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  });
}

const shimKey = (schema: string, name: string, args = '') => `${schema}\u0000${name}\u0000${args}`;

/**
 * Replays migrations in an embedded PostgreSQL (PGlite), statement by statement, after installing the shims they
 * need, then describes the result with the same catalog queries as a live server. Statements that fail are listed
 * in `problems` with file and line, and the snapshot says it is incomplete.
 */
export async function buildEmbeddedSnapshot(set: MigrationSet, options: EmbeddedOptions = {}): Promise<SchemaSnapshot> {
  const texts = readTexts(set);
  const plan = planShims(set.layout, texts);
  const db = await startPglite(plan, options.templateDir);
  try {
    await db.exec(shimSql(plan));
    const shimSchemas = SHIM_SCHEMAS.filter((s) => (s === 'auth' ? plan.auth : s === 'storage' ? plan.storage : plan.extensionsSchema));
    const baseline = shimSchemas.length > 0 ? await introspect(db, { schemas: [...shimSchemas] }) : undefined;

    const replayer = new Replayer(db, plan);
    for (let i = 0; i < set.files.length; i++) await replayer.replayFile(set.files[i]!, texts[i]!);
    await replayer.resetSession();

    const described = await introspect(db, options.schemas ? { schemas: options.schemas } : {});
    const { rows } = await db.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    // Objects the shims made keep a mark, so checks and diffs can tell them from the application's own.
    const shimRelations = new Map((baseline?.relations ?? []).map((r) => [shimKey(r.schema, r.name), r]));
    const shimFunctions = new Set((baseline?.functions ?? []).map((f) => shimKey(f.schema, f.name, f.args)));
    const relations: Relation[] = described.relations.map((r) =>
      shimRelations.has(shimKey(r.schema, r.name)) ? { ...r, shim: true } : r,
    );
    const functions = described.functions.map((f) => (shimFunctions.has(shimKey(f.schema, f.name, f.args)) && !redefined(f, baseline?.functions) ? { ...f, shim: true } : f));
    const problems = [...described.problems, ...replayer.problems];
    return normaliseSnapshot({
      ...described,
      source: {
        kind: set.layout === 'dump' ? 'sql-file' : 'migrations',
        description: describeSet(set),
        layout: set.layout,
        serverVersion: rows[0]?.v ?? '',
      },
      relations,
      functions,
      incomplete: problems.some((p) => p.kind === 'failed'),
      problems,
    });
  } finally {
    await db.close();
  }
}

function redefined(fn: { schema: string; name: string; args: string; bodyHash: string }, baseline: { schema: string; name: string; args: string; bodyHash: string }[] = []): boolean {
  const original = baseline.find((b) => b.schema === fn.schema && b.name === fn.name && b.args === fn.args);
  return original !== undefined && original.bodyHash !== fn.bodyHash;
}
