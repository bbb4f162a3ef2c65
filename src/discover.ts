import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { globSync } from 'tinyglobby';
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
  /** Files or directories (relative to root) to look in; default the whole root. */
  paths?: string[];
  include?: string[];
  exclude?: string[];
}

export interface Discovered {
  /** Project-relative POSIX paths, sorted. */
  files: string[];
  skipped: Skipped[];
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function gitFiles(root: string): string[] | undefined {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--deduplicate'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

function rootGitignore(root: string): Ignore {
  const ig = ignore();
  const file = join(root, '.gitignore');
  if (existsSync(file)) ig.add(readFileSync(file, 'utf8'));
  return ig;
}

/** Lists the source files of a project: git's view when it is a repository (exact .gitignore semantics), else a glob. */
export function discoverFiles(root: string, options: DiscoverOptions = {}): Discovered {
  const skipped: Skipped[] = [];
  const include = options.include && options.include.length > 0 ? options.include : [SOURCE_GLOB];
  const exclude = [...ALWAYS_IGNORED, ...(options.exclude ?? [])];
  const scopes = (options.paths ?? []).map((p) => toPosix(relative(root, resolve(root, p))));

  let candidates: string[];
  const fromGit = existsSync(join(root, '.git')) ? gitFiles(root) : undefined;
  if (fromGit) {
    const isIncluded = picomatch(include, { dot: false });
    const isExcluded = picomatch(exclude, { dot: true });
    candidates = fromGit.filter((f) => isIncluded(f) && !isExcluded(f));
  } else {
    const ig = rootGitignore(root);
    candidates = globSync(include, { cwd: root, ignore: exclude, dot: false, followSymbolicLinks: false }).filter(
      (f) => !ig.ignores(f),
    );
  }
  if (scopes.length > 0) {
    for (const scope of scopes) {
      if (scope.startsWith('..')) skipped.push({ file: scope, reason: 'outside the project root' });
      else if (!existsSync(join(root, scope))) skipped.push({ file: scope, reason: 'no such file or directory' });
    }
    candidates = candidates.filter((f) =>
      scopes.some((s) => s === '' || s === '.' || f === s || f.startsWith(s.endsWith('/') ? s : `${s}/`)),
    );
  }

  // Sizes are checked when a file is read (extractProject), not here: a stat of every file would cost the pre-commit
  // hook a tenth of a second in a large repository where almost every file comes from the cache.
  const files = [...candidates];
  files.sort();
  return { files, skipped };
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
  if (bytes.includes(0)) return { reason: 'binary file' };
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
