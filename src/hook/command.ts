import yargs from 'yargs';
import { checkCommand } from '../commands/check.js';
import { defineCommand, type CommandContext } from '../commands/shared.js';

/** Files whose change can change what dbref finds: code it reads, migrations, ORM schemas, manifests, its config. */
const RELEVANT = /\.(?:[cm]?[jt]sx?|py|sql|prisma)$|(?:^|\/)(?:package\.json|pyproject\.toml|requirements[^/]*\.txt|Pipfile|dbref\.config\.[a-z]+)$/;

/** The one line printed when the hook blocks a commit: how to skip it once, for the way it was run. */
export function skipHint(env: NodeJS.ProcessEnv): string {
  // The pre-commit framework sets PRE_COMMIT=1 for its hooks; its own skip switch is SKIP=<hook id>.
  return env.PRE_COMMIT
    ? 'dbref: commit blocked. Fix the errors above, or skip this check once: SKIP=dbref git commit …'
    : 'dbref: commit blocked. Fix the errors above, or skip the hooks once: git commit --no-verify';
}

/**
 * `dbref hook [files..]`: the pre-commit entry point. Runs `dbref check --staged` (the staged content, findings in
 * staged files only, schema from the snapshot cache) and prints a skip hint when it blocks. File names passed by
 * pre-commit or lint-staged only decide whether anything relevant is staged; the report covers the staged files.
 */
export const hookCommand = (ctx: CommandContext) =>
  defineCommand(
    'hook [files..]',
    'Pre-commit entry point: check --staged, with a one-line skip hint when it blocks',
    (y) =>
      y
        .positional('files', { type: 'string', array: true, describe: 'Staged files (as pre-commit or lint-staged pass them)' })
        .option('config', { type: 'string', describe: 'Config file (default: dbref.config.* or "dbref" in package.json)' })
        .option('root', { type: 'string', describe: 'Project root (default: nearest directory with package.json, pyproject.toml or .git)' })
        .option('schema', { type: 'string', describe: 'Schema source (default: the config, else the repo migrations, else DATABASE_URL)' })
        .option('format', { choices: ['text', 'json', 'github'] as const, default: 'text' as const })
        .option('max-warnings', { type: 'number', describe: 'Block the commit when there are more warnings than this' }),
    async (args) => {
      const files = (args.files as string[] | undefined) ?? [];
      if (files.length > 0 && !files.some((f) => RELEVANT.test(f.replaceAll('\\', '/')))) return;
      const argv = ['check', '--staged', '--format', args.format];
      if (args.config) argv.push('--config', args.config);
      if (args.root) argv.push('--root', args.root);
      if (args.schema) argv.push('--schema', args.schema);
      if (args.maxWarnings !== undefined) argv.push('--max-warnings', String(args.maxWarnings));
      let code = 0;
      const inner: CommandContext = { ...ctx, setExitCode: (c) => void (code = c) };
      await yargs(argv)
        .command(checkCommand(inner))
        .strict()
        .exitProcess(false)
        .fail((message, error) => {
          throw error ?? new Error(message);
        })
        .parseAsync();
      if (code === 1) ctx.io.stderr.write(`${skipHint(ctx.io.env)}\n`);
      ctx.setExitCode(code);
    },
  );
