import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { Skipped } from './types.js';

/** Directories never worth reading: dependencies, build output, caches. */
export const ALWAYS_IGNORED = [
  '**/node_modules/**',
  '**/.git/**',
  '**/dist/**',
  '**/build/**',
  '**/out/**',
  '**/.next/**',
  '**/.nuxt/**',
  '**/.svelte-kit/**',
  '**/.turbo/**',
  '**/.vercel/**',
  '**/coverage/**',
  '**/.dbref-cache/**',
  '**/__pycache__/**',
  '**/.venv/**',
  '**/venv/**',
  '**/*.min.js',
  '**/*.bundle.js',
  '**/*.d.ts',
];

const SOURCE_EXTENSIONS = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs', 'py', 'sql', 'prisma'];
export const SOURCE_GLOB = `**/*.{${SOURCE_EXTENSIONS.join(',')}}`;

/** Files larger than this are generated bundles or data, not application code. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface DiscoverOptions {
  include?: string[];
  exclude?: string[];
}

export interface Discovered {
  /** Project-relative POSIX paths, sorted. */
  files: string[];
  /** Whether git listed the files (the project root is a repository's top level). */
  git: boolean;
  /** git's blob id of each tracked file that git sees unchanged in the work tree (see gitFiles); empty outside git. */
  blobs: Map<string, string>;
  skipped: Skipped[];
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

interface GitListing {
  files: string[];
  /** Blob ids of the tracked files whose work-tree copy git sees as unchanged from the index. */
  blobs: Map<string, string>;
}

const execFileAsync = promisify(execFile);

async function git(root: string, args: string[]): Promise<string> {
  return (await execFileAsync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })).stdout;
}

/**
 * git's view of the project: tracked and untracked files (not ignored), with the index's blob id of each tracked file
 * that `git diff-files` does not list as changed in the work tree. The cache matches those by id, so a hook in a large
 * repository needs no stat of every file: git has already compared the index with the work tree.
 */
async function gitFiles(root: string): Promise<GitListing | undefined> {
  let listing: string;
  let dirty: Set<string>;
  try {
    // Two processes at once: the hook waits for the slower one only.
    const [files, changed] = await Promise.all([
      git(root, ['ls-files', '-z', '--stage', '--cached', '--others', '--exclude-standard']),
      git(root, ['diff-files', '--name-only', '-z']),
    ]);
    listing = files;
    dirty = new Set(changed.split('\0'));
  } catch {
    return undefined;
  }
  const files = new Set<string>();
  const blobs = new Map<string, string>();
  const conflicted = new Set<string>();
  for (const line of listing.split('\0')) {
    if (!line) continue;
    // "<mode> <blob> <stage>\t<path>" for tracked files, "<path>" for untracked ones.
    const tab = line.indexOf('\t');
    const staged = tab > 0 && /^\d{6} [0-9a-f]{40,64} [0-3]$/.test(line.slice(0, tab));
    const file = staged ? line.slice(tab + 1) : line;
    files.add(file);
    if (!staged) continue;
    if (line.startsWith('160000') || line[tab - 1] !== '0') conflicted.add(file); // submodule, or a merge conflict
    else if (!dirty.has(file)) blobs.set(file, line.slice(7, tab - 2));
  }
  for (const file of conflicted) blobs.delete(file);
  return { files: [...files], blobs };
}

/** One matcher for a list of globs: a single regular expression instead of one test per glob, for 10,000s of paths. */
export function globMatcher(patterns: readonly string[], options: picomatch.PicomatchOptions): (path: string) => boolean {
  if (patterns.length === 0) return () => false;
  const regex = new RegExp(patterns.map((p) => picomatch.makeRe(p, options).source).join('|'));
  return (path) => regex.test(path);
}

async function rootGitignore(root: string): Promise<Ignore> {
  const { default: ignore } = await import('ignore');
  const ig = ignore();
  const file = join(root, '.gitignore');
  if (existsSync(file)) ig.add(readFileSync(file, 'utf8'));
  return ig;
}

/** Lists the source files of a project: git's view when it is a repository (exact .gitignore semantics), else a glob. */
export async function discoverFiles(root: string, options: DiscoverOptions = {}): Promise<Discovered> {
  const include = options.include && options.include.length > 0 ? options.include : [SOURCE_GLOB];
  const exclude = [...ALWAYS_IGNORED, ...(options.exclude ?? [])];

  let candidates: string[];
  const fromGit = existsSync(join(root, '.git')) ? await gitFiles(root) : undefined;
  if (fromGit) {
    const isIncluded = globMatcher(include, { dot: false });
    const isExcluded = globMatcher(exclude, { dot: true });
    candidates = fromGit.files.filter((f) => isIncluded(f) && !isExcluded(f));
  } else {
    // Loaded only outside git: a pre-commit hook in a repository does not pay for them.
    const [ig, { globSync }] = await Promise.all([rootGitignore(root), import('tinyglobby')]);
    candidates = globSync(include, { cwd: root, ignore: exclude, dot: false, followSymbolicLinks: false }).filter(
      (f) => !ig.ignores(f),
    );
  }
  // Sizes are checked when a file is read (extractProject), not here: a stat of every file would cost the pre-commit
  // hook a tenth of a second in a large repository where almost every file comes from the cache.
  candidates.sort();
  return { files: candidates, git: fromGit !== undefined, blobs: fromGit?.blobs ?? new Map(), skipped: [] };
}

/** The discovered files inside `paths` (files or directories, relative to root); a path that is not there is skipped. */
export function narrowToPaths(root: string, files: readonly string[], paths: readonly string[]): { files: string[]; skipped: Skipped[] } {
  const skipped: Skipped[] = [];
  const scopes = paths.map((p) => toPosix(relative(root, resolve(root, p))));
  for (const scope of scopes) {
    if (scope.startsWith('..')) skipped.push({ file: scope, reason: 'outside the project root' });
    else if (!existsSync(join(root, scope))) skipped.push({ file: scope, reason: 'no such file or directory' });
  }
  const inScope = files.filter((f) => scopes.some((s) => s === '' || s === '.' || f === s || f.startsWith(s.endsWith('/') ? s : `${s}/`)));
  return { files: inScope, skipped };
}

/**
 * A migration written as code: a data migration beside a Prisma `migration.sql`, or a timestamped script (or a script
 * in a timestamped folder) in a `migrations` folder: knex `20240101120000_x.js`, Sequelize `20240101-create-user.js`,
 * TypeORM `1700000000000-Init.ts`. It was written against the schema of its day, not today's: its queries are not the
 * application's.
 */
export function isMigrationScript(file: string, files: ReadonlySet<string>): boolean {
  if (!/\.(?:[cm]?[jt]sx?|py)$/.test(file)) return false;
  const slash = file.lastIndexOf('/');
  const dir = slash < 0 ? '' : file.slice(0, slash);
  if (files.has(dir === '' ? 'migration.sql' : `${dir}/migration.sql`)) return true;
  const name = file.slice(slash + 1);
  const folder = dir.slice(dir.lastIndexOf('/') + 1);
  // The script, or the folder it sits in (`migration/20241209104738_backfill/migration.ts`), carries the timestamp.
  return /(?:^|\/)(?:migrations?|migrate)(?:\/|$)/.test(dir) && (/^\d{4,}[-_]/.test(name) || /^\d{8,}[-_]/.test(folder));
}

/** Decodes a file's bytes as UTF-8 text, or says why it is not source code. */
export function decodeSource(bytes: Buffer): { text: string } | { reason: string } {
  // UTF-16 files (Windows editors) carry a byte order mark; their NUL bytes do not make them binary.
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16) {
    try {
      return { text: new TextDecoder(utf16, { fatal: true }).decode(bytes.subarray(2)) };
    } catch {
      return { reason: `not valid ${utf16.toUpperCase()} text` };
    }
  }
  // git's test: a NUL in the first 8,000 bytes. Source with a NUL further on (inside a string) is still text.
  if (bytes.subarray(0, 8000).includes(0)) return { reason: 'binary file' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { reason: 'not UTF-8 text' };
  }
}

/** A minified bundle: very long lines. Cheap test on the first few KB. */
export function looksMinified(text: string): boolean {
  if (text.length < 20_000) return false;
  const head = text.slice(0, 50_000);
  const lines = head.split('\n').length;
  return head.length / lines > 500;
}
