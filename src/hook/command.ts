import { parseArgs } from 'node:util';
import type { Argv } from 'yargs';
import { runCheckCommand } from '../commands/check.js';
import type { CommandContext } from '../commands/shared.js';
import { UsageError } from '../errors.js';

/** Files whose change can change what dbref finds: code it reads, migrations, ORM schemas, manifests, its config. */
const RELEVANT = /\.(?:[cm]?[jt]sx?|py|sql|prisma)$|(?:^|\/)(?:package\.json|pyproject\.toml|requirements[^/]*\.txt|Pipfile|dbref\.config\.[a-z]+)$/;

const FORMATS = ['text', 'json', 'github'] as const;

/**
 * The hook's flags, declared once: yargs shows them in `dbref hook --help`, and `parseHookArgs` parses them with
 * node:util, because the hook runs on every commit and yargs costs it a fifth of its time (loading, plus the help
 * text yargs renders before every command).
 */
const OPTIONS = {
  config: { type: 'string', describe: 'Config file (default: dbref.config.* or "dbref" in package.json)' },
  root: { type: 'string', describe: 'Project root (default: nearest directory with package.json, pyproject.toml or .git)' },
  schema: { type: 'string', describe: 'Schema source (default: the config, else the repo migrations, else DATABASE_URL)' },
  format: { type: 'string', describe: 'Report format', choices: FORMATS, default: 'text' },
  'max-warnings': { type: 'number', describe: 'Block the commit when there are more warnings than this' },
} as const;

/** OPTIONS for node:util: every flag read as a string, then checked like yargs would (choices, numbers). */
const PARSE_OPTIONS = Object.fromEntries(
  Object.entries(OPTIONS).map(([name, option]) => [name, { type: 'string', ...('default' in option ? { default: option.default } : {}) }]),
) as Record<keyof typeof OPTIONS, { type: 'string'; default?: string }>;

export interface HookArgs {
  files: string[];
  config?: string;
  root?: string;
  schema?: string;
  format: (typeof FORMATS)[number];
  maxWarnings?: number;
}

/** The one line printed when the hook blocks a commit: how to skip it once, for the way it was run. */
export function skipHint(env: NodeJS.ProcessEnv): string {
  // The pre-commit framework sets PRE_COMMIT=1 for its hooks; its own skip switch is SKIP=<hook id>.
  return env.PRE_COMMIT
    ? 'dbref: commit blocked. Fix the errors above, or skip this check once: SKIP=dbref git commit …'
    : 'dbref: commit blocked. Fix the errors above, or skip the hooks once: git commit --no-verify';
}

/** Parses `hook`'s arguments (after the command name) as yargs would, with the same errors as usage errors. */
export function parseHookArgs(argv: string[]): HookArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: PARSE_OPTIONS,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!.replace(/\. To specify a positional.*/, ''));
  }
  const { values, positionals } = parsed;
  const format = values.format as HookArgs['format'];
  if (!FORMATS.includes(format)) {
    throw new UsageError(`--format takes ${FORMATS.join(', ')}, not "${format}"`);
  }
  const args: HookArgs = { files: positionals, format };
  if (values.config !== undefined) args.config = values.config;
  if (values.root !== undefined) args.root = values.root;
  if (values.schema !== undefined) args.schema = values.schema;
  if (values['max-warnings'] !== undefined) {
    const max = Number(values['max-warnings']);
    if (!Number.isFinite(max)) throw new UsageError(`--max-warnings takes a number, not "${values['max-warnings']}"`);
    args.maxWarnings = max;
  }
  return args;
}

/**
 * `dbref hook [files..]`: the pre-commit entry point. Runs `dbref check --staged` (the staged content, findings in
 * staged files only, schema from the snapshot cache) and prints a skip hint when it blocks. File names passed by
 * pre-commit or lint-staged only decide whether anything relevant is staged; the report covers the staged files.
 */
export async function runHook(ctx: CommandContext, args: HookArgs): Promise<void> {
  if (args.files.length > 0 && !args.files.some((f) => RELEVANT.test(f.replaceAll('\\', '/')))) return;
  let code = 0;
  const inner: CommandContext = { ...ctx, setExitCode: (c) => void (code = c) };
  await runCheckCommand(inner, {
    staged: true,
    format: args.format,
    cache: true,
    ...(args.config !== undefined ? { config: args.config } : {}),
    ...(args.root !== undefined ? { root: args.root } : {}),
    ...(args.schema !== undefined ? { schema: args.schema } : {}),
    ...(args.maxWarnings !== undefined ? { 'max-warnings': args.maxWarnings } : {}),
  });
  if (code === 1) ctx.io.stderr.write(`${skipHint(ctx.io.env)}\n`);
  ctx.setExitCode(code);
}

/** The yargs form of the hook command: `dbref hook --help` and the command list. `main` runs the hook without yargs. */
export const hookCommand = (ctx: CommandContext) => ({
  command: 'hook [files..]',
  describe: 'Pre-commit entry point: check --staged, with a one-line skip hint when it blocks',
  builder: (y: Argv) => {
    let built = y.positional('files', { type: 'string', array: true, describe: 'Staged files (as pre-commit or lint-staged pass them)' });
    for (const [name, option] of Object.entries(OPTIONS)) built = built.option(name, option);
    return built;
  },
  handler: (args: Record<string, unknown>) => runHook(ctx, parseHookArgs(toArgv(args))),
});

/** yargs' parsed flags back to an argument list, so both parsers share one validation. */
function toArgv(args: Record<string, unknown>): string[] {
  const argv = [...((args.files as string[] | undefined) ?? [])];
  for (const name of Object.keys(OPTIONS)) {
    if (args[name] !== undefined) argv.push(`--${name}`, String(args[name]));
  }
  return argv;
}
