import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import yargs, { type Argv } from 'yargs';
import { loadConfig, resolveEnv } from './config.js';
import { isDbrefError, UsageError } from './errors.js';
import { formatRefs } from './reporters/refs.js';
import { extractProject, findProjectRoot } from './run.js';
import { serialiseSnapshot } from './schema/snapshot.js';
import { resolveSchemaSource } from './schema/source.js';
import { maskPasswords } from './util/mask.js';

export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

const defaultIo = (): Io => ({ cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });

type Format = 'text' | 'json';

/** Whether to colour output: only on a terminal, never with NO_COLOR, forced by FORCE_COLOR. */
export function useColor(io: Io, stream: Io['stdout']): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

function commonOptions<T>(y: Argv<T>) {
  return y
    .option('config', { type: 'string', describe: 'Config file (default: dbref.config.* or "dbref" in package.json)' })
    .option('root', { type: 'string', describe: 'Project root (default: nearest directory with package.json, pyproject.toml or .git)' });
}

function schemaOptions<T>(y: Argv<T>) {
  return y
    .option('schema', {
      type: 'string',
      describe: 'Schema source: postgres:// URL, migrations folder, .sql dump or snapshot .json (default: the repo\'s migrations, else DATABASE_URL)',
    })
    .option('schemas', { type: 'string', array: true, describe: 'Database schemas to read (default: every user schema)' })
    .option('cache', { type: 'boolean', default: true, describe: 'Reuse the snapshot cached for unchanged migrations (--no-cache to rebuild)' });
}

/** Runs the command line; returns the exit code (0 clean, 1 findings/differences, 2 usage or operational error). */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let exitCode = 0;
  const out = (text: string) => io.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);

  const parser = yargs(argv)
    .scriptName('dbref')
    .usage('$0 <command> [options]\n\nKeeps application code and PostgreSQL schemas honest with each other.')
    .command(
      'refs [paths..]',
      'List every table, column and function reference found in the code',
      (y) =>
        commonOptions(y)
          .positional('paths', { type: 'string', array: true, describe: 'Files or directories (default: the project)' })
          .option('format', { choices: ['text', 'json'] as const, default: 'text' as Format })
          .option('debug', { type: 'boolean', default: false, describe: 'Also list what was skipped and why' }),
      async (args) => {
        const paths = (args.paths as string[] | undefined) ?? [];
        const root = args.root ? resolve(io.cwd, args.root) : findProjectRoot(io.cwd, paths[0]);
        const { config } = await loadConfig(root, args.config);
        const result = await extractProject({ root, paths: paths.map((p) => resolve(io.cwd, p)), config });
        out(formatRefs(result, { format: args.format, color: useColor(io, io.stdout), debug: args.debug }));
      },
    )
    .command(
      'snapshot',
      'Write the schema snapshot (deterministic JSON) that offline runs and hooks use',
      (y) =>
        schemaOptions(commonOptions(y))
          .option('out', { type: 'string', describe: 'Write to this file instead of stdout' })
          .option('format', { choices: ['json'] as const, default: 'json' as const }),
      async (args) => {
        const root = args.root ? resolve(io.cwd, args.root) : io.cwd;
        const { config } = await loadConfig(root, args.config);
        const spec = args.schema ?? resolveEnv(config.schema);
        const snapshot = await resolveSchemaSource(spec, {
          cwd: root,
          schemas: args.schemas ?? config.schemas,
          noCache: !args.cache,
          env: io.env,
        });
        const json = serialiseSnapshot(snapshot);
        if (args.out) {
          writeFileSync(resolve(io.cwd, args.out), json);
          io.stderr.write(
            `dbref: wrote ${args.out} (${snapshot.relations.length} relations, ${snapshot.functions.length} functions${snapshot.incomplete ? `; incomplete: ${snapshot.problems.filter((p) => p.kind === 'failed').length} statements failed` : ''})\n`,
          );
        } else out(json);
      },
    )
    .demandCommand(1, 'Name a command: check, refs, diff, snapshot, audit, scaffold or init.')
    .strict()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });

  try {
    await parser.parseAsync();
  } catch (error) {
    const message = isDbrefError(error) || error instanceof Error ? error.message : String(error);
    io.stderr.write(`dbref: ${maskPasswords(message.split('\n')[0] ?? message)}\n`);
    if (!isDbrefError(error) && io.env.DBREF_DEBUG) io.stderr.write(`${(error as Error).stack}\n`);
    return 2;
  }
  return exitCode;
}
