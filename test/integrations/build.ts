import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const REPO = join(import.meta.dirname, '..', '..');
export const BIN = join(REPO, 'bin', 'dbref.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure bin/dbref.js runs the current sources: builds dist/ when it is missing or older than src/ or rules/
 * (a clean clone's `npm ci` builds it already through the prepare script). Git hooks need a real executable.
 */
export function ensureBuilt(): void {
  const cli = join(REPO, 'dist', 'src', 'cli.js');
  const built = existsSync(cli) ? statSync(cli).mtimeMs : 0;
  if (built > Math.max(newestSource(join(REPO, 'src')), newestSource(join(REPO, 'rules')))) return;
  try {
    execFileSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: REPO, stdio: 'pipe' });
  } catch {
    // Type errors elsewhere still emit JavaScript; what matters is that the CLI exists.
  }
  if (!existsSync(cli)) throw new Error('npm run build did not produce dist/src/cli.js');
}
