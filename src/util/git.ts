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
  const prefix = repoPrefix(root);
  const out = git(root, ['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR']);
  return relativeToRoot(prefix, out.split('\0').filter(Boolean)).sort();
}

/** The staged content of a file (from the index), or undefined when it is not in the index. */
export function readStaged(root: string, file: string): Buffer | undefined {
  try {
    return execFileSync('git', ['show', `:./${file}`], { cwd: root, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
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
