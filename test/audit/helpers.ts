import { resolve } from 'node:path';
import { main } from '../../src/cli.js';

/** Runs the CLI in-process with `cwd` as the working directory; returns exit code and output. */
export async function runCli(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    cwd: resolve(cwd),
    env: { ...process.env, NO_COLOR: '1', DATABASE_URL: '' },
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}
