import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SourceError } from '../errors.js';
import type { SchemaSnapshot } from '../types.js';
import type { EmbeddedOptions } from './embedded.js';
import type { MigrationSet } from './migrations.js';
import { pgliteVersionOf, SHIM_VERSION } from './shims.js';
import { serialiseSnapshot, SNAPSHOT_FORMAT_VERSION } from './snapshot.js';

/** The cache folder in the project root; it ignores itself in git. */
export const CACHE_DIR = '.dbref-cache';
const KEEP = 20;

/**
 * Bump when the replay (`embedded.ts`, `replayer.ts`, `split-statements.ts`, `type-downgrade.ts`, `psql-script.ts`)
 * changes what a replay of the same files gives (a recovery, a downgrade, a statement split), so caches built by an
 * older replay are not served. 2: unknown types in function signatures, psql variables. 3: temporary tables that
 * drop on commit live until their file ends. 4: LOCK TABLE is not run.
 */
export const REPLAY_VERSION = 4;

/**
 * sha256 of everything a snapshot built from files depends on: the snapshot format, the shims, the replay, the
 * embedded server, the layout, the schemas asked for, and each file's path and bytes in replay order.
 */
export function snapshotCacheKey(set: MigrationSet, options: EmbeddedOptions = {}): string {
  const hash = createHash('sha256');
  hash.update(`dbref-snapshot:${SNAPSHOT_FORMAT_VERSION}\0shims:${SHIM_VERSION}\0replay:${REPLAY_VERSION}\0pglite:${pgliteVersionOf()}\0`);
  hash.update(`layout:${set.layout}\0schemas:${JSON.stringify(options.schemas ?? null)}\0`);
  for (const file of set.files) {
    let content: Buffer;
    try {
      content = readFileSync(path.resolve(set.root, file));
    } catch (error) {
      throw new SourceError(`Cannot read migration ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    hash.update(`file:${file}\0${content.length}\0`);
    hash.update(content);
  }
  return hash.digest('hex');
}

function cacheFile(root: string, key: string): string {
  return path.join(root, CACHE_DIR, 'snapshots', `${key}.json`);
}

/**
 * A cached snapshot, or undefined. The entry is dbref's own output named by the hash of its inputs, so it is only
 * checked for format and hash, not validated field by field: a hit must cost milliseconds.
 */
export function readCachedSnapshot(root: string, key: string): SchemaSnapshot | undefined {
  try {
    const snapshot = JSON.parse(readFileSync(cacheFile(root, key), 'utf8')) as SchemaSnapshot;
    return snapshot.version === SNAPSHOT_FORMAT_VERSION && snapshot.source?.inputsHash === key ? snapshot : undefined;
  } catch {
    return undefined;
  }
}

/** Best effort: a read-only checkout still works, it only pays the replay every time. */
export function writeCachedSnapshot(root: string, key: string, snapshot: SchemaSnapshot): void {
  try {
    const dir = path.join(root, CACHE_DIR);
    mkdirSync(path.join(dir, 'snapshots'), { recursive: true });
    writeFileSync(path.join(dir, '.gitignore'), '*\n');
    const file = cacheFile(root, key);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, serialiseSnapshot(snapshot));
    renameSync(temporary, file);
    prune(path.join(dir, 'snapshots'));
  } catch {
    // ignore: caching is an optimisation
  }
}

function prune(dir: string): void {
  const entries = readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .map((n) => ({ file: path.join(dir, n), time: statSync(path.join(dir, n)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const old of entries.slice(KEEP)) unlinkSync(old.file);
}

export interface CachedBuildOptions extends EmbeddedOptions {
  /** The project root, where `.dbref-cache/` lives. */
  root: string;
  noCache?: boolean;
}

/** The embedded snapshot of a migration set, from the cache when its inputs have not changed. */
export async function cachedEmbeddedSnapshot(set: MigrationSet, options: CachedBuildOptions): Promise<SchemaSnapshot> {
  const embedded: EmbeddedOptions = options.schemas ? { schemas: options.schemas } : {};
  const key = snapshotCacheKey(set, embedded);
  if (!options.noCache) {
    const cached = readCachedSnapshot(options.root, key);
    if (cached) return cached;
  }
  const templateDir = options.noCache ? undefined : path.join(options.root, CACHE_DIR);
  // Loaded only on a miss: a cache hit never loads PGlite or the SQL parser.
  const { buildEmbeddedSnapshot } = await import('./embedded.js');
  const built = await buildEmbeddedSnapshot(set, templateDir ? { ...embedded, templateDir } : embedded);
  const snapshot: SchemaSnapshot = { ...built, source: { ...built.source, inputsHash: key } };
  if (!options.noCache) writeCachedSnapshot(options.root, key, snapshot);
  return snapshot;
}
