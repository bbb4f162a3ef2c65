import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { resolveSchemaSpec, type DbrefConfig } from '../config.js';
import { resolveSchemaSource } from '../schema/source.js';
import type { SchemaSnapshot } from '../types.js';

export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

/** What every command handler gets: where to write, and how to set the exit code. */
export interface CommandContext {
  io: Io;
  /** Writes to stdout with a trailing newline. */
  out(text: string): void;
  setExitCode(code: number): void;
}

/** A yargs command whose handler's argument types are inferred from its builder. */
export function defineCommand<U>(
  command: string,
  describe: string,
  builder: (y: Argv) => Argv<U>,
  handler: (args: ArgumentsCamelCase<U>) => Promise<void>,
): CommandModule<object, U> {
  return { command, describe, builder, handler };
}

/** Whether to colour output: only on a terminal, never with NO_COLOR, forced by FORCE_COLOR. */
export function useColor(io: Io, stream: { isTTY?: boolean }): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export function commonOptions<T>(y: Argv<T>) {
  return y
    .option('config', { type: 'string', describe: 'Config file (default: dbref.config.* or "dbref" in package.json)' })
    .option('root', { type: 'string', describe: 'Project root (default: nearest directory with package.json, pyproject.toml or .git)' });
}

export function schemaOptions<T>(y: Argv<T>) {
  return y
    .option('schema', {
      type: 'string',
      describe: "Schema source: postgres:// URL, migrations folder, .sql dump or snapshot .json (default: the repo's migrations, else DATABASE_URL); repeat it to merge several",
    })
    .option('schemas', { type: 'string', array: true, describe: 'Database schemas to read (default: every user schema)' })
    .option('cache', { type: 'boolean', default: true, describe: 'Reuse the snapshot cached for unchanged migrations (--no-cache to rebuild)' });
}

/** One line per statement that failed to replay: `dbref: supabase/migrations/001.sql:12: statement failed (cause)`. */
export function reportSchemaProblems(
  io: Io,
  problems: readonly { kind: string; message: string; file?: string; line?: number }[],
  limit = 10,
): void {
  const failed = problems.filter((p) => p.kind === 'failed');
  for (const p of failed.slice(0, limit)) {
    const where = p.file ? `${p.file}${p.line ? `:${p.line}` : ''}: ` : '';
    io.stderr.write(`dbref: ${where}statement failed (${p.message.split('\n')[0]})\n`);
  }
  if (failed.length > limit) io.stderr.write(`dbref: ... and ${failed.length - limit} more failed statements (dbref snapshot lists them all)\n`);
}

/** The project's schema from the `schemaOptions` flags, else the config's `schema`, else the repo's migrations. */
export function loadProjectSchema(
  ctx: CommandContext,
  root: string,
  config: DbrefConfig,
  args: { schema?: string | string[]; schemas?: string[]; cache: boolean },
): Promise<SchemaSnapshot> {
  return resolveSchemaSource(args.schema ?? resolveSchemaSpec(config.schema), {
    cwd: root,
    schemas: args.schemas ?? config.schemas,
    noCache: !args.cache,
    env: ctx.io.env,
  });
}

/** Reads project files as text for inference from source (`undefined` when unreadable). */
export function projectTextReader(root: string): (file: string) => string | undefined {
  return (file) => {
    try {
      return readFileSync(join(root, file), 'utf8');
    } catch {
      return undefined;
    }
  };
}

/** `--performance`: where the time went, one line per phase and check, slowest first (knip's timerify, in short). */
export function reportTimings(io: Io, timings: Record<string, number>): void {
  const rows = Object.entries(timings).sort((a, b) => b[1] - a[1]);
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, ms] of rows) io.stderr.write(`dbref: ${name.padEnd(width)}  ${ms.toFixed(1).padStart(8)} ms\n`);
}
