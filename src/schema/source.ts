import { statSync } from 'node:fs';
import path from 'node:path';
import { SourceError } from '../errors.js';
import type { SchemaSnapshot } from '../types.js';
import { cachedEmbeddedSnapshot } from './cache.js';
import { detectMigrations, migrationsAt } from './migrations.js';
import { findMigrationSetsBelow, migrationsFolder } from './monorepo.js';
import { mergeSnapshots, readSnapshot } from './snapshot.js';

export interface SourceOptions {
  /** The project root: relative paths resolve against it, and the cache lives in it. */
  cwd: string;
  schemas?: string[];
  noCache?: boolean;
  /** Where `DATABASE_URL` is read from (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

const LOOKED_FOR = 'supabase/migrations, prisma/migrations, drizzle, migrations/committed (graphile-migrate), migrations, db/migrations, schema.sql, db/schema.sql';

function isUrl(spec: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(spec);
}

function display(cwd: string, absolute: string): string {
  const relative = path.relative(cwd, absolute).split(path.sep).join('/');
  return relative === '' ? '.' : relative;
}

/** The live path loads `pg` only when a URL is given, so offline runs (and the pre-commit hook) start faster. */
async function introspectUrl(url: string, options: { schemas?: string[] }): Promise<SchemaSnapshot> {
  const { introspectUrl: introspect } = await import('./introspect.js');
  return introspect(url, options);
}

/**
 * Turns a schema source into a snapshot: a connection URL (live, read-only), a directory (its migrations replayed
 * embedded, cached), a `.sql` file (a DDL script or `pg_dump --schema-only`), or a `.json` snapshot. With no source:
 * the project's migrations when there are some, else `DATABASE_URL`.
 */
export async function resolveSchemaSource(spec: string | readonly string[] | undefined, options: SourceOptions): Promise<SchemaSnapshot> {
  if (Array.isArray(spec)) {
    if (spec.length === 0) return resolveSchemaSource(undefined, options);
    // One after the other: each replay starts its own embedded PostgreSQL.
    const snapshots: SchemaSnapshot[] = [];
    for (const one of spec) snapshots.push(await resolveSchemaSource(one, options));
    return mergeSnapshots(snapshots);
  }
  return resolveOneSource(spec as string | undefined, options);
}

async function resolveOneSource(spec: string | undefined, options: SourceOptions): Promise<SchemaSnapshot> {
  const cwd = path.resolve(options.cwd);
  const env = options.env ?? process.env;
  const schemas = options.schemas && options.schemas.length > 0 ? options.schemas : undefined;
  const build = { root: cwd, noCache: options.noCache, ...(schemas ? { schemas } : {}) };

  if (spec === undefined || spec.trim() === '') {
    const found = detectMigrations(cwd);
    if (found) return cachedEmbeddedSnapshot(found, build);
    // A monorepo keeps its migrations in a package: one set is the schema; several need the user to choose.
    const below = await findMigrationSetsBelow(cwd);
    if (below.length === 1) return cachedEmbeddedSnapshot(below[0]!, build);
    const url = env.DATABASE_URL?.trim();
    if (url) return introspectUrl(url, schemas ? { schemas } : {});
    if (below.length > 1) {
      const listed = below.slice(0, 5).map((set) => `${migrationsFolder(set)} (${set.layout})`).join(', ');
      throw new SourceError(
        `No schema source chosen: ${below.length} sets of migrations in this project (${listed}${below.length > 5 ? ', …' : ''}); pass --schema <dir> (repeat it to check against several), or set \`schema\` in dbref.config.mjs`,
      );
    }
    throw new SourceError(
      `No schema source: no migrations in ${cwd} (looked for ${LOOKED_FOR}, there and in its packages) and DATABASE_URL is not set (pass --schema <postgres-url | migrations-dir | file.sql | snapshot.json>)`,
    );
  }

  if (isUrl(spec)) return introspectUrl(spec, schemas ? { schemas } : {});

  const absolute = path.resolve(cwd, spec);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(absolute).isDirectory();
  } catch {
    throw new SourceError(`Schema source ${spec} does not exist (expected a postgres:// URL, a migrations directory, a .sql file or a .json snapshot)`);
  }
  const name = display(cwd, absolute);
  if (isDirectory) {
    const set = migrationsAt(absolute, { relativeTo: cwd });
    if (!set) throw new SourceError(`Schema source ${name} holds no migrations (looked for ${LOOKED_FOR}, or *.sql files in it or its sub-folders)`);
    return cachedEmbeddedSnapshot(set, build);
  }
  const extension = path.extname(absolute).toLowerCase();
  if (extension === '.json') {
    const snapshot = readSnapshot(absolute, name);
    return schemas ? narrowSnapshot(snapshot, schemas) : snapshot;
  }
  if (extension === '.sql') return cachedEmbeddedSnapshot(migrationsAt(absolute, { relativeTo: cwd })!, build);
  throw new SourceError(`Cannot tell what schema source ${name} is (expected a postgres:// URL, a migrations directory, a .sql file or a .json snapshot)`);
}

/** A snapshot file keeps every schema it was written with; `--schemas` narrows it as it narrows introspection. */
export function narrowSnapshot(snapshot: SchemaSnapshot, schemas: string[]): SchemaSnapshot {
  const wanted = new Set(schemas);
  const keep = <T extends { schema: string }>(list: T[]) => list.filter((item) => wanted.has(item.schema));
  return {
    ...snapshot,
    schemas: snapshot.schemas.filter((s) => wanted.has(s)),
    relations: keep(snapshot.relations),
    enums: keep(snapshot.enums),
    domains: keep(snapshot.domains),
    compositeTypes: keep(snapshot.compositeTypes),
    functions: keep(snapshot.functions),
    sequences: keep(snapshot.sequences),
  };
}
