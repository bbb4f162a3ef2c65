import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../version.js';
import type { FileResult } from './file.js';

/** Bump when the entry layout changes. */
const CACHE_FORMAT = 2;
export const CACHE_DIR = '.dbref-cache';
const CACHE_FILE = 'extract.json';
/** Entries changed since extract.json was last written (`null`: removed); folded into it when it grows. */
const JOURNAL_FILE = 'extract.journal.json';
/** A journal longer than this is folded into the main file on the next save. */
const JOURNAL_LIMIT = 256;

interface Entry {
  /** The file's git blob id (sha1 of "blob <size>\0" and its bytes), so git's index can vouch for it. */
  h: string;
  /** Size and mtime of the file on disk when it was hashed: a match skips reading it (as ESLint's cache does). */
  s: number;
  m: number;
  /** The file's extraction result; absent when it produced nothing. */
  r?: FileResult;
}

interface CacheFile {
  format: number;
  key: string;
  entries: Record<string, Entry>;
}

interface JournalFile {
  format: number;
  key: string;
  /** The main file this journal continues (its size), so a journal left beside a newer main file is ignored. */
  base: number;
  entries: Record<string, Entry | null>;
}

export interface ExtractionCacheKey {
  /** Ids of the extractors that run. */
  extractors: readonly string[];
  /** Packages found in the project's manifests: extractors see them. */
  packages: Iterable<string>;
}

/** How `ExtractionCache.get` may recognise a file's content. */
export interface CacheLookup {
  /** The content itself (read from elsewhere than the disk, e.g. the git index): its hash decides. */
  bytes?: Buffer;
  /** git's blob id of the file on disk, when git sees the work-tree copy unchanged from the index. */
  blob?: string;
  /** git lists the file as changed in the work tree, or does not track it: size and mtime cannot vouch for it. */
  changed?: boolean;
}

let codeFingerprint: string | undefined;

/**
 * A fingerprint of dbref's own code (version plus size and mtime of every module under src/ and rules/, or
 * dist/src and dist/rules when built), so a cache written by another build of dbref is never trusted.
 */
function dbrefCodeFingerprint(): string {
  if (codeFingerprint) return codeFingerprint;
  const hash = createHash('sha1').update(`${CACHE_FORMAT}\0${VERSION}\0`);
  const base = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) walk(path);
      else if (/\.(?:[cm]?js|ts|wasm)$/.test(name)) hash.update(`${path}\0${stat.size}\0${stat.mtimeMs}\0`);
    }
  };
  walk(join(base, 'src'));
  walk(join(base, 'rules'));
  codeFingerprint = hash.digest('hex');
  return codeFingerprint;
}

export function cacheKey(key: ExtractionCacheKey): string {
  return createHash('sha1')
    .update(dbrefCodeFingerprint())
    .update(`\0${[...key.extractors].sort().join(',')}\0${[...key.packages].sort().join(',')}`)
    .digest('hex');
}

/** The id git gives these bytes as a blob: an unchanged tracked file's id comes from the index, with no read. */
export function hashContent(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/**
 * Per-file extraction results in `.dbref-cache/extract.json`, valid for one dbref build, one set of extractors and
 * one set of project packages; each entry is keyed by the file's path and content hash. Results that depended on
 * other files (constants imported across files) are never stored, so a change elsewhere cannot leave them stale.
 */
export class ExtractionCache {
  private readonly path: string;
  private readonly entries: Record<string, Entry>;
  private readonly seen = new Set<string>();
  /** Entries changed since the main file was written: the journal's, then this run's. */
  private readonly changed: Map<string, Entry | null>;
  private dirty = false;
  hits = 0;
  misses = 0;

  private constructor(
    private readonly root: string,
    private readonly key: string,
    entries: Record<string, Entry>,
    /** Size of the main file read, or -1 when there was none to continue. */
    private readonly base: number,
    journal: Record<string, Entry | null>,
  ) {
    this.path = join(root, CACHE_DIR, CACHE_FILE);
    this.entries = entries;
    this.changed = new Map(Object.entries(journal));
  }

  /** Opens the project's cache; an unreadable, corrupt or foreign cache file is an empty cache. */
  static open(root: string, key: ExtractionCacheKey): ExtractionCache {
    const wanted = cacheKey(key);
    const dir = join(root, CACHE_DIR);
    let entries: Record<string, Entry> = {};
    let base = -1;
    let journal: Record<string, Entry | null> = {};
    try {
      const text = readFileSync(join(dir, CACHE_FILE), 'utf8');
      const parsed = JSON.parse(text) as Partial<CacheFile>;
      if (parsed.format === CACHE_FORMAT && parsed.key === wanted && parsed.entries && typeof parsed.entries === 'object') {
        entries = parsed.entries;
        base = text.length;
      }
    } catch {
      // No cache yet, or a broken one: start empty.
    }
    if (base >= 0) {
      try {
        const parsed = JSON.parse(readFileSync(join(dir, JOURNAL_FILE), 'utf8')) as Partial<JournalFile>;
        if (parsed.format === CACHE_FORMAT && parsed.key === wanted && parsed.base === base && parsed.entries && typeof parsed.entries === 'object') {
          journal = parsed.entries;
          for (const [file, entry] of Object.entries(journal)) {
            if (entry) entries[file] = entry;
            else delete entries[file];
          }
        }
      } catch {
        // No journal: the main file is the whole cache.
      }
    }
    return new ExtractionCache(root, wanted, entries, base, journal);
  }

  /**
   * The cached result for a file. With `bytes`, their hash decides. Without, the file on disk is matched by `blob`
   * (its id in git's index, when git sees the work-tree copy unchanged: no read, no stat), else trusted when its size
   * and mtime match the entry (unless git says it `changed`: then only its content decides), else hashed.
   * `undefined` on a miss.
   */
  get(file: string, lookup: CacheLookup = {}): FileResult | undefined {
    const entry = this.entries[file];
    if (!entry) return this.miss();
    if (lookup.bytes) return entry.h === hashContent(lookup.bytes) ? this.hit(file, entry) : this.miss();
    // A different id is not a miss yet: clean/smudge filters (CRLF, LFS) make the disk bytes differ from the blob.
    if (lookup.blob !== undefined && lookup.blob === entry.h) return this.hit(file, entry);
    const stat = statSync(join(this.root, file), { throwIfNoEntry: false });
    if (!stat) return this.miss();
    if (!lookup.changed && stat.size === entry.s && stat.mtimeMs === entry.m) return this.hit(file, entry);
    if (entry.s !== -1 && stat.size !== entry.s) return this.miss();
    let content: Buffer;
    try {
      content = readFileSync(join(this.root, file));
    } catch {
      return this.miss();
    }
    if (hashContent(content) !== entry.h) return this.miss();
    // Same content, new mtime (a checkout or touch): remember the new mtime so the next run skips the read.
    this.entries[file] = { ...entry, s: stat.size, m: stat.mtimeMs };
    this.changed.set(file, this.entries[file]);
    this.dirty = true;
    return this.hit(file, entry);
  }

  /** Stores a file's result. `fromDisk` says the bytes are the disk content (not the git index's), so stat may vouch. */
  set(file: string, bytes: Buffer, result: FileResult, fromDisk: boolean): void {
    let s = -1;
    let m = -1;
    if (fromDisk) {
      const stat = statSync(join(this.root, file), { throwIfNoEntry: false });
      if (stat && stat.size === bytes.length) {
        s = stat.size;
        m = stat.mtimeMs;
      }
    }
    const empty = result.references.length === 0 && result.declarations.length === 0 && result.skipped.length === 0;
    // A copy: later pipeline stages must not change what is stored.
    this.entries[file] = empty ? { h: hashContent(bytes), s, m } : { h: hashContent(bytes), s, m, r: structuredClone(result) };
    this.changed.set(file, this.entries[file]);
    this.seen.add(file);
    this.dirty = true;
  }

  /** Forgets a file (its result depended on other files). */
  delete(file: string): void {
    if (this.entries[file]) {
      delete this.entries[file];
      this.changed.set(file, null);
      this.dirty = true;
    }
  }

  /**
   * Writes the cache when it changed. With `prune`, entries of files not looked up in this run are dropped
   * (pass it only for whole-project runs). Atomic (write, then rename); a read-only tree just skips caching.
   */
  save(options: { prune?: boolean } = {}): void {
    if (options.prune) {
      for (const file of Object.keys(this.entries)) {
        if (!this.seen.has(file)) {
          delete this.entries[file];
          this.changed.set(file, null);
          this.dirty = true;
        }
      }
    }
    if (!this.dirty) return;
    const dir = dirname(this.path);
    const write = (file: string, data: unknown): number => {
      const text = JSON.stringify(data);
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, text);
      renameSync(temp, file);
      return text.length;
    };
    try {
      mkdirSync(dir, { recursive: true });
      // The cache folder keeps itself out of git, whatever the project's .gitignore says.
      writeFileSync(join(dir, '.gitignore'), '*\n');
      // A pre-commit hook changes a few entries of thousands: it appends them to the journal instead of rewriting the
      // whole cache, which a later run folds in once the journal has grown.
      if (this.base >= 0 && this.changed.size <= JOURNAL_LIMIT) {
        const journal: JournalFile = { format: CACHE_FORMAT, key: this.key, base: this.base, entries: Object.fromEntries(this.changed) };
        write(join(dir, JOURNAL_FILE), journal);
      } else {
        write(this.path, { format: CACHE_FORMAT, key: this.key, entries: this.entries } satisfies CacheFile);
        rmSync(join(dir, JOURNAL_FILE), { force: true });
      }
      this.dirty = false;
    } catch {
      // A cache that cannot be written only costs time on the next run.
    }
  }

  private hit(file: string, entry: Entry): FileResult {
    this.hits++;
    this.seen.add(file);
    return entry.r ? structuredClone(entry.r) : { references: [], declarations: [], skipped: [] };
  }

  private miss(): undefined {
    this.misses++;
    return undefined;
  }
}
