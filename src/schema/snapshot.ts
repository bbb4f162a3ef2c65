import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type AjvModule from 'ajv';
import { SourceError } from '../errors.js';
import type { SchemaProblem, SchemaSnapshot } from '../types.js';
import { compareText } from '../util/compare.js';

/** The snapshot JSON format. Bump with any incompatible change; it is also part of the cache key. */
export const SNAPSHOT_FORMAT_VERSION = 1;

type Sortable = { schema?: string; name: string };
const bySchemaName = (a: Sortable, b: Sortable) => compareText(a.schema ?? '', b.schema ?? '') || compareText(a.name, b.name);
const byName = (a: { name: string }, b: { name: string }) => compareText(a.name, b.name);

/**
 * Sorts every unordered list of a snapshot so equal schemas give equal JSON. Ordered lists keep their order:
 * columns (ordinal), enum values, composite attributes, key columns, the search path and problems (replay order).
 */
export function normaliseSnapshot(snapshot: SchemaSnapshot): SchemaSnapshot {
  return {
    ...snapshot,
    version: 1,
    schemas: [...snapshot.schemas].sort(compareText),
    relations: snapshot.relations
      .map((r) => ({
        ...r,
        constraints: [...r.constraints].sort(byName),
        indexes: [...r.indexes].sort(byName),
        triggers: [...r.triggers].sort(byName),
        policies: r.policies.map((p) => ({ ...p, roles: [...p.roles].sort(compareText) })).sort(byName),
      }))
      .sort(bySchemaName),
    enums: [...snapshot.enums].sort(bySchemaName),
    domains: [...snapshot.domains].sort(bySchemaName),
    compositeTypes: [...snapshot.compositeTypes].sort(bySchemaName),
    functions: [...snapshot.functions].sort((a, b) => bySchemaName(a, b) || compareText(a.args, b.args)),
    sequences: [...snapshot.sequences].sort(bySchemaName),
    extensions: [...snapshot.extensions].sort(byName),
  };
}

// Key order of each object kind in the JSON; keys not listed follow in alphabetical order.
const KEY_ORDER: Record<string, string[]> = {
  snapshot: ['version', 'source', 'searchPath', 'schemas', 'relations', 'enums', 'domains', 'compositeTypes', 'functions', 'sequences', 'extensions', 'incomplete', 'problems'],
  source: ['kind', 'description', 'layout', 'serverVersion', 'inputsHash'],
  relation: ['schema', 'name', 'kind', 'columns', 'constraints', 'indexes', 'triggers', 'policies', 'rlsEnabled', 'rlsForced', 'definition', 'partitionOf', 'partitionKey', 'rows', 'shim'],
  column: ['name', 'type', 'nullable', 'default', 'identity', 'generated'],
  constraint: ['name', 'type', 'columns', 'definition', 'references', 'deferrable'],
  index: ['name', 'definition', 'unique', 'partial', 'constraint', 'columns'],
  trigger: ['name', 'definition', 'enabled', 'function'],
  policy: ['name', 'command', 'permissive', 'roles', 'using', 'withCheck'],
  enum: ['schema', 'name', 'values'],
  domain: ['schema', 'name', 'type', 'nullable', 'default', 'checks'],
  composite: ['schema', 'name', 'attributes'],
  attribute: ['name', 'type'],
  function: ['schema', 'name', 'args', 'argsWithDefaults', 'returns', 'language', 'kind', 'volatility', 'securityDefiner', 'argNames', 'argDefaults', 'bodyHash', 'body', 'definition', 'shim'],
  sequence: ['schema', 'name', 'type', 'start', 'increment', 'min', 'max', 'cycle', 'ownedBy'],
  extension: ['name', 'schema', 'version'],
  problem: ['kind', 'file', 'line', 'statement', 'message'],
  qualified: ['schema', 'name', 'columns', 'bound'],
};

// Which kind the elements of a list (or a nested object) under a key are, by the key of their parent.
const CHILD_KIND: Record<string, Record<string, string>> = {
  snapshot: { source: 'source', relations: 'relation', enums: 'enum', domains: 'domain', compositeTypes: 'composite', functions: 'function', sequences: 'sequence', extensions: 'extension', problems: 'problem' },
  relation: { columns: 'column', constraints: 'constraint', indexes: 'index', triggers: 'trigger', policies: 'policy', partitionOf: 'qualified' },
  constraint: { references: 'qualified' },
  trigger: { function: 'qualified' },
  composite: { attributes: 'attribute' },
};

function ordered(value: unknown, kind: string): unknown {
  if (Array.isArray(value)) return value.map((v) => ordered(v, kind));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const listed = KEY_ORDER[kind] ?? [];
  const rest = Object.keys(record).filter((k) => !listed.includes(k)).sort(compareText);
  const out: Record<string, unknown> = {};
  for (const key of [...listed, ...rest]) {
    if (!(key in record) || record[key] === undefined) continue;
    out[key] = ordered(record[key], CHILD_KIND[kind]?.[key] ?? '');
  }
  return out;
}

/** Deterministic JSON: normalised, fixed key order, 2-space indent, trailing newline, no timestamps. */
export function serialiseSnapshot(snapshot: SchemaSnapshot): string {
  return `${JSON.stringify(ordered(normaliseSnapshot(snapshot), 'snapshot'), null, 2)}\n`;
}

const nameList = { type: 'array', items: { type: 'string' } } as const;
const named = (required: string[], properties: Record<string, unknown> = {}) => ({
  type: 'object',
  required,
  properties: Object.fromEntries(required.map((k) => [k, properties[k] ?? {}])),
});

/** The shape later stages rely on: enough to refuse a file that is not a snapshot, lenient on additions. */
const SNAPSHOT_SCHEMA = {
  type: 'object',
  required: ['version', 'source', 'searchPath', 'schemas', 'relations', 'enums', 'domains', 'compositeTypes', 'functions', 'sequences', 'extensions', 'incomplete', 'problems'],
  properties: {
    version: { const: SNAPSHOT_FORMAT_VERSION },
    source: named(['kind', 'description'], { kind: { enum: ['live', 'migrations', 'sql-file', 'snapshot'] }, description: { type: 'string' } }),
    searchPath: nameList,
    schemas: nameList,
    relations: {
      type: 'array',
      items: named(['schema', 'name', 'kind', 'columns', 'constraints', 'indexes', 'triggers', 'policies', 'rlsEnabled'], {
        schema: { type: 'string' },
        name: { type: 'string' },
        kind: { enum: ['table', 'view', 'materialized-view', 'partitioned-table', 'foreign-table'] },
        columns: {
          type: 'array',
          items: named(['name', 'type', 'nullable', 'default'], {
            name: { type: 'string' },
            type: { type: 'string' },
            nullable: { type: 'boolean' },
            default: { type: ['string', 'null'] },
          }),
        },
        constraints: { type: 'array', items: named(['name', 'type', 'columns'], { name: { type: 'string' }, columns: nameList }) },
        indexes: { type: 'array', items: named(['name', 'definition'], { name: { type: 'string' } }) },
        triggers: { type: 'array', items: named(['name'], { name: { type: 'string' } }) },
        policies: { type: 'array', items: named(['name', 'command', 'roles'], { name: { type: 'string' }, roles: nameList }) },
        rlsEnabled: { type: 'boolean' },
      }),
    },
    enums: { type: 'array', items: named(['schema', 'name', 'values'], { values: nameList }) },
    domains: { type: 'array', items: named(['schema', 'name', 'type']) },
    compositeTypes: { type: 'array', items: named(['schema', 'name', 'attributes'], { attributes: { type: 'array' } }) },
    functions: {
      type: 'array',
      items: named(['schema', 'name', 'args', 'returns', 'language', 'kind'], { args: { type: 'string' }, argNames: nameList }),
    },
    sequences: { type: 'array', items: named(['schema', 'name']) },
    extensions: { type: 'array', items: named(['name', 'schema']) },
    incomplete: { type: 'boolean' },
    problems: { type: 'array', items: named(['kind', 'message'], { kind: { enum: ['failed', 'downgraded', 'skipped'] } }) },
  },
};

type AjvClass = typeof AjvModule.default;
let validator: ReturnType<InstanceType<AjvClass>['compile']> | undefined;

/** Ajv is loaded on the first validation only: most runs never read a snapshot file. */
function compileValidator() {
  const loaded = createRequire(import.meta.url)('ajv') as { default?: AjvClass } & AjvClass;
  const Ajv = loaded.default ?? loaded;
  return new Ajv({ allErrors: false, strict: false }).compile(SNAPSHOT_SCHEMA);
}

/** Checks that parsed JSON is a snapshot; the error names the file and the first offending place. */
export function validateSnapshot(value: unknown, file: string): SchemaSnapshot {
  validator ??= compileValidator();
  if (!validator(value)) {
    const error = validator.errors?.[0];
    const where = error?.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'top level';
    const version = (value as { version?: unknown } | null)?.version;
    if (value && typeof value === 'object' && version !== undefined && version !== SNAPSHOT_FORMAT_VERSION) {
      throw new SourceError(`Snapshot ${file} has format version ${JSON.stringify(version)} (this dbref reads version ${SNAPSHOT_FORMAT_VERSION}; write it again with \`dbref snapshot\`)`);
    }
    throw new SourceError(`Snapshot ${file} is not a dbref snapshot (${where}: ${error?.message ?? 'invalid'})`);
  }
  return value as SchemaSnapshot;
}

/** Reads and validates a snapshot file. `display` is the name used in errors (project-relative). */
export function readSnapshot(file: string, display = file): SchemaSnapshot {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SourceError(`Cannot read snapshot ${display} (${code === 'ENOENT' ? 'no such file' : (error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SourceError(`Snapshot ${display} is not valid JSON (${(error as Error).message})`);
  }
  return validateSnapshot(parsed, display);
}

/** Writes a snapshot atomically (temporary file, then rename), creating the folder. */
export function writeSnapshot(file: string, snapshot: SchemaSnapshot): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, serialiseSnapshot(snapshot));
  renameSync(temporary, file);
}

const PROBLEM_WORDS: Record<SchemaProblem['kind'], string> = {
  failed: 'statement failed',
  downgraded: 'statement downgraded',
  skipped: 'statement skipped',
};

/**
 * One line for a replay problem, context first and cause in parentheses:
 * `supabase/migrations/0002_x.sql:11: statement failed (relation "nowhere" does not exist): create table broken (…`.
 */
export function describeProblem(problem: SchemaProblem): string {
  const where = problem.file ? `${problem.file}${problem.line ? `:${problem.line}` : ''}: ` : '';
  const statement = problem.statement ? `: ${problem.statement.length > 80 ? `${problem.statement.slice(0, 79)}…` : problem.statement}` : '';
  return `${where}${PROBLEM_WORDS[problem.kind]} (${problem.message.replace(/\.$/, '')})${statement}`;
}

/**
 * Several schema sources as one: a monorepo whose packages use separate databases (`schema: ['packages/db/prisma/
 * migrations', 'packages/analytics/drizzle']`). Every object of each; where two define the same object, the first
 * source's. The schema of one database can then satisfy code written against another: the price of checking the
 * whole project in one run.
 */
export function mergeSnapshots(snapshots: readonly SchemaSnapshot[]): SchemaSnapshot {
  const first = snapshots[0]!;
  if (snapshots.length === 1) return first;
  const unique = <T>(lists: T[][], key: (item: T) => string): T[] => {
    const seen = new Map<string, T>();
    for (const item of lists.flat()) if (!seen.has(key(item))) seen.set(key(item), item);
    return [...seen.values()];
  };
  const named = (o: { schema: string; name: string }) => `${o.schema}.${o.name}`;
  return normaliseSnapshot({
    ...first,
    source: { ...first.source, description: snapshots.map((s) => s.source.description).join(' + ') },
    searchPath: unique(snapshots.map((s) => s.searchPath), (p) => p),
    schemas: unique(snapshots.map((s) => s.schemas), (n) => n),
    relations: unique(snapshots.map((s) => s.relations), named),
    enums: unique(snapshots.map((s) => s.enums), named),
    domains: unique(snapshots.map((s) => s.domains), named),
    compositeTypes: unique(snapshots.map((s) => s.compositeTypes), named),
    functions: unique(snapshots.map((s) => s.functions), (f) => `${named(f)}(${f.args})`),
    sequences: unique(snapshots.map((s) => s.sequences), named),
    extensions: unique(snapshots.map((s) => s.extensions), (e) => e.name),
    incomplete: snapshots.some((s) => s.incomplete),
    problems: snapshots.flatMap((s) => s.problems),
  });
}

