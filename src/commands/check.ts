import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checks } from '../../rules/index.js';
import { readBaseline, writeBaseline } from '../baseline.js';
import { loadConfig } from '../config.js';
import { UsageError } from '../errors.js';
import { reporters, ruleInfos } from '../reporters/index.js';
import { findProjectRoot, runCheck } from '../run.js';
import { changedFiles, readStagedAll, stagedFiles } from '../util/git.js';
import { VERSION } from '../version.js';
import { commonOptions, defineCommand, loadProjectSchema, reportSchemaProblems, reportTimings, schemaOptions, useColor, type CommandContext } from './shared.js';

export const checkCommand = (ctx: CommandContext) =>
  defineCommand(
    'check [paths..]',
    'Check the code against the schema: missing relations, columns and functions, NOT NULL gaps, orphaned tables',
    (y) =>
    schemaOptions(commonOptions(y))
      .positional('paths', { type: 'string', array: true, describe: 'Files or directories (default: the project)' })
      .option('format', { alias: 'f', choices: ['text', 'json', 'sarif', 'markdown', 'github'] as const, default: 'text' as const })
      .option('performance', { type: 'boolean', default: false, describe: 'Print the time each phase and check took (stderr)' })
      .option('output', { alias: 'o', type: 'string', describe: 'Write the report to a file instead of stdout' })
      .option('max-warnings', { type: 'number', describe: 'Exit 1 when there are more warnings than this' })
      .option('show-unchecked', { type: 'boolean', default: false, describe: 'List the dynamic references that could not be checked' })
      .option('baseline', { type: 'string', describe: 'Only fail on findings not in this baseline file' })
      .option('update-baseline', { type: 'boolean', default: false, describe: 'Write the current findings to the baseline file' })
      .option('staged', { type: 'boolean', default: false, describe: 'Check the staged content of staged files (pre-commit hooks)' })
      .option('changed', { type: 'string', describe: 'Report only findings in files changed since this git ref (PR bots)' })
      .option('all-rules', { type: 'boolean', default: false, describe: 'With --staged/--changed, also run whole-project rules (orphans)' })
      .option('color', { type: 'boolean', describe: 'Force colour on or off (default: on a terminal, off with NO_COLOR)' }),
    (args) => runCheckCommand(ctx, args),
  );

/** What `dbref check` takes (its flags, parsed by yargs, or by the hook's own parser). */
export interface CheckArgs {
  paths?: string[];
  config?: string;
  root?: string;
  schema?: string;
  schemas?: string[];
  cache: boolean;
  format: keyof typeof reporters;
  performance?: boolean;
  output?: string;
  'max-warnings'?: number;
  'show-unchecked'?: boolean;
  baseline?: string;
  'update-baseline'?: boolean;
  staged?: boolean;
  changed?: string;
  'all-rules'?: boolean;
  color?: boolean;
}

/** Runs `dbref check` with parsed flags; sets the exit code through `ctx` (0 clean, 1 findings). */
export async function runCheckCommand(ctx: CommandContext, args: CheckArgs): Promise<void> {
  const paths = args.paths ?? [];
  const root = args.root ? resolve(ctx.io.cwd, args.root) : findProjectRoot(ctx.io.cwd, paths[0]);
  const { config } = await loadConfig(root, args.config);
  let reportOnly: Set<string> | undefined;
  let readFile: ((file: string) => Buffer | undefined) | undefined;
  if (args.staged && args.changed) throw new UsageError('Use --staged or --changed, not both');
  if (args.staged) {
    reportOnly = new Set(stagedFiles(root));
    const staged = reportOnly;
    const contents = readStagedAll(root, [...staged]);
    readFile = (file) => (staged.has(file) ? contents.get(file) : readFileSync(join(root, file)));
  } else if (args.changed) reportOnly = new Set(changedFiles(root, args.changed));
  const started = performance.now();
  const snapshot = await loadProjectSchema(ctx, root, config, args);
  const baselinePath = args.baseline ?? config.baseline;
  const baseline =
    baselinePath && !args['update-baseline'] && existsSync(resolve(root, baselinePath))
      ? readBaseline(resolve(root, baselinePath))
      : undefined;
  if (baselinePath && !baseline && !args['update-baseline'] && args.baseline) {
    throw new UsageError(`Baseline file not found: ${args.baseline} (create it with --update-baseline)`);
  }
  const schemaMs = performance.now() - started;
  const run = await runCheck({
    performance: args.performance,
    root,
    paths: paths.map((p) => resolve(ctx.io.cwd, p)),
    config,
    snapshot,
    reportOnly,
    readFile,
    ...(args.staged && reportOnly ? { readFileOnly: reportOnly } : {}),
    allRules: args['all-rules'],
    baseline,
  });
  if (args.performance) reportTimings(ctx.io, { schema: schemaMs, ...run.extraction.timings });
  if (args['update-baseline']) {
    const target = resolve(root, baselinePath ?? 'dbref-baseline.json');
    writeBaseline(target, run.allFindings);
    ctx.io.stderr.write(`dbref: wrote ${relative(ctx.io.cwd, target) || target} (${run.allFindings.length} findings)\n`);
    return;
  }
  const stream = args.output ? { isTTY: false } : ctx.io.stdout;
  const report = reporters[args.format](
    { ...run.result, ...(args['show-unchecked'] ? {} : { unchecked: undefined }) },
    {
      color: args.color ?? useColor(ctx.io, stream),
      rules: ruleInfos(checks),
      version: VERSION,
      rootUri: pathToFileURL(root + '/').href,
    },
  );
  if (args.output) writeFileSync(resolve(ctx.io.cwd, args.output), report);
  else ctx.out(report);
  if (run.stale.length > 0) {
    ctx.io.stderr.write(
      `dbref: ${run.stale.length} baseline entries no longer occur; run with --update-baseline to shrink the baseline\n`,
    );
  }
  reportSchemaProblems(ctx.io, snapshot.problems, 5);
  const { errors, warnings } = run.result.summary;
  ctx.setExitCode(errors > 0 || (args['max-warnings'] !== undefined && warnings > args['max-warnings']) ? 1 : 0);
}
