import { execFileSync } from 'node:child_process';
import { UsageError } from '../errors.js';

function git(root: string, args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The repository's top-level directory and the prefix of `root` inside it ('' at the top). */
function repoPrefix(root: string): string {
  try {
    return git(root, ['rev-parse', '--show-prefix']).trim();
  } catch {
    throw new UsageError(`${root} is not inside a git repository (--staged and --changed need one)`);
  }
}

function relativeToRoot(prefix: string, paths: string[]): string[] {
  return paths.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length));
}

/** Files staged for commit (added, copied, modified, renamed), relative to `root`. */
export function stagedFiles(root: string): string[] {
  let out: string;
  try {
    // --relative: paths relative to root, files outside it left out; one process, as the hook runs on every commit.
    out = git(root, ['diff', '--cached', '--name-only', '-z', '--relative', '--diff-filter=ACMR']);
  } catch {
    throw new UsageError(`${root} is not inside a git repository (--staged and --changed need one)`);
  }
  return out.split('\0').filter(Boolean).sort();
}

/**
 * The staged content (from the index) of several files with one `git cat-file --batch`, instead of a process per file:
 * a pre-commit hook pays for every spawn.
 */
export function readStagedAll(root: string, files: readonly string[]): Map<string, Buffer> {
  const contents = new Map<string, Buffer>();
  if (files.length === 0) return contents;
  let out: Buffer;
  try {
    out = execFileSync('git', ['cat-file', '--batch'], {
      cwd: root,
      input: files.map((f) => `:./${f}`).join('\n') + '\n',
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
  } catch {
    return contents;
  }
  let offset = 0;
  for (const file of files) {
    const newline = out.indexOf(10, offset);
    if (newline < 0) break;
    const header = out.subarray(offset, newline).toString('utf8');
    offset = newline + 1;
    const match = /^[0-9a-f]+ blob (\d+)$/.exec(header);
    if (!match) continue; // "<name> missing": not in the index
    const size = Number(match[1]);
    contents.set(file, out.subarray(offset, offset + size));
    offset += size + 1;
  }
  return contents;
}

/** Files changed since `ref` (committed or not, plus untracked ones), relative to `root`. */
export function changedFiles(root: string, ref: string): string[] {
  const prefix = repoPrefix(root);
  let base: string;
  try {
    base = git(root, ['merge-base', ref, 'HEAD']).trim();
  } catch {
    try {
      base = git(root, ['rev-parse', '--verify', `${ref}^{commit}`]).trim();
    } catch {
      throw new UsageError(`Unknown git ref "${ref}" (fetch it first, e.g. git fetch origin ${ref})`);
    }
  }
  const changed = git(root, ['diff', '--name-only', '-z', '--diff-filter=ACMR', base]).split('\0').filter(Boolean);
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard', '-z', '--full-name']).split('\0').filter(Boolean);
  return [...new Set(relativeToRoot(prefix, [...changed, ...untracked]))].sort();
}
