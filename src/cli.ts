import yargs from 'yargs';
import { auditCommand } from './commands/audit.js';
import { checkCommand } from './commands/check.js';
import { initCommand } from './commands/init.js';
import { diffCommand } from './commands/diff.js';
import { refsCommand } from './commands/refs.js';
import { scaffoldCommand } from './commands/scaffold.js';
import type { CommandContext, Io } from './commands/shared.js';
import { snapshotCommand } from './commands/snapshot.js';
import { isDbrefError, UsageError } from './errors.js';
import { hookCommand } from './hook/command.js';
import { maskPasswords } from './util/mask.js';
import { VERSION } from './version.js';

export type { Io } from './commands/shared.js';

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

  const parser = yargs()
    .scriptName('dbref')
    .usage('$0 <command> [options]\n\nKeeps application code and PostgreSQL schemas honest with each other.')
    .command(auditCommand(ctx))
    .command(checkCommand(ctx))
    .command(hookCommand(ctx))
    .command(initCommand(ctx))
    .command(diffCommand(ctx))
    .command(refsCommand(ctx))
    .command(scaffoldCommand(ctx))
    .command(snapshotCommand(ctx))
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
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`dbref: ${maskPasswords(message.split('\n')[0] ?? message)}\n`);
    if (!isDbrefError(error) && io.env.DBREF_DEBUG) io.stderr.write(`${(error as Error).stack}\n`);
    return 2;
  }
  return exitCode;
}
