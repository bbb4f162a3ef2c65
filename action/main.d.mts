/** Types of action/main.mjs, for the tests that import it. */
export interface DbrefRun {
  code: number;
  stdout: string;
  stderr: string;
}
export type DbrefRunner = (args: string[], cwd: string, env: NodeJS.ProcessEnv) => DbrefRun | Promise<DbrefRun>;
export interface ActionOptions {
  env?: NodeJS.ProcessEnv;
  stdout?: (line: string) => void;
  dbref?: DbrefRunner;
  fetch?: typeof fetch;
  diffSnapshots?: (from: unknown, to: unknown) => { changes: unknown[] };
}
export const MARKER: string;
export function run(options?: ActionOptions): Promise<number>;
export function maskCommands(url: string): string[];
