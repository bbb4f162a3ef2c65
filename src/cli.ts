import type { CommandModule } from 'yargs';
import type { CommandContext, Io } from './commands/shared.js';
import { isDbrefError, UsageError } from './errors.js';
import { maskPasswords } from './util/mask.js';
import { VERSION } from './version.js';

export type { Io } from './commands/shared.js';

type CommandFactory = (ctx: CommandContext) => CommandModule<object, any>;

/** Each command's module, loaded only when it runs (or for the command list): the hook must start fast. */
const COMMANDS: Record<string, () => Promise<CommandFactory>> = {
  audit: async () => (await import('./commands/audit.js')).auditCommand,
  check: async () => (await import('./commands/check.js')).checkCommand,
  diff: async () => (await import('./commands/diff.js')).diffCommand,
  hook: async () => (await import('./hook/command.js')).hookCommand,
  init: async () => (await import('./commands/init.js')).initCommand,
  refs: async () => (await import('./commands/refs.js')).refsCommand,
  scaffold: async () => (await import('./commands/scaffold.js')).scaffoldCommand,
  snapshot: async () => (await import('./commands/snapshot.js')).snapshotCommand,
};

const defaultIo = (): Io => ({ cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });

/** Runs the command line; returns the exit code (0 clean, 1 findings/differences, 2 usage or operational error). */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let exitCode = 0;
  const ctx: CommandContext = {
    io,
    out: (text) => void io.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`),
    setExitCode: (code) => {
      exitCode = code;
    },
  };

  // The pre-commit hook runs on every commit: it skips loading yargs (a fifth of its time) unless help is asked for.
  if (argv[0] === 'hook' && !argv.some((arg) => arg === '--help' || arg === '-h' || arg === '--version')) {
    try {
      const { parseHookArgs, runHook } = await import('./hook/command.js');
      await runHook(ctx, parseHookArgs(argv.slice(1)));
    } catch (error) {
      return reportError(io, error);
    }
    return exitCode;
  }

  const named = argv.find((arg) => !arg.startsWith('-'));
  const wanted = named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);
  const factories = await Promise.all(wanted.map((name) => COMMANDS[name]!()));

  const { default: yargs } = await import('yargs');
  const parser = yargs()
    .scriptName('dbref')
    .usage('$0 <command> [options]\n\nKeeps application code and PostgreSQL schemas honest with each other.');
  for (const factory of factories) parser.command(factory(ctx));
  parser
    .demandCommand(1, 'Name a command: check, refs, diff, snapshot, audit, scaffold or init.')
    .strict()
    .help()
    .alias('h', 'help')
    .version(VERSION)
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });

  try {
    // With a parse callback yargs hands --help and --version text back instead of printing it to the console.
    await parser.parseAsync(argv, {}, (_error, _args, output) => {
      if (output) ctx.out(output);
    });
  } catch (error) {
    return reportError(io, error);
  }
  return exitCode;
}

/** One line on stderr (password masked; the stack with DBREF_DEBUG for unexpected errors); exit code 2. */
function reportError(io: Io, error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`dbref: ${maskPasswords(message.split('\n')[0] ?? message)}\n`);
  if (!isDbrefError(error) && io.env.DBREF_DEBUG) io.stderr.write(`${(error as Error).stack}\n`);
  return 2;
}
