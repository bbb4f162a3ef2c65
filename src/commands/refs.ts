import { resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { formatRefs } from '../reporters/refs.js';
import { extractProject, findProjectRoot } from '../run.js';
import { commonOptions, useColor, defineCommand, type CommandContext, reportTimings } from './shared.js';

export const refsCommand = (ctx: CommandContext) =>
  defineCommand(
    'refs [paths..]',
    'List every table, column and function reference found in the code',
    (y) =>
    commonOptions(y)
      .positional('paths', { type: 'string', array: true, describe: 'Files or directories (default: the project)' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as 'text' | 'json' })
      .option('performance', { type: 'boolean', default: false, describe: 'Print the time each phase took (stderr)' })
      .option('debug', { type: 'boolean', default: false, describe: 'Also list what was skipped and why' }),
    async (args) => {
    const paths = (args.paths as string[] | undefined) ?? [];
    const root = args.root ? resolve(ctx.io.cwd, args.root) : findProjectRoot(ctx.io.cwd, paths[0]);
    const { config } = await loadConfig(root, args.config);
    const result = await extractProject({ root, paths: paths.map((p) => resolve(ctx.io.cwd, p)), config, performance: args.performance });
    if (args.performance) reportTimings(ctx.io, result.timings);
    if (result.scope) {
      // Everything was extracted (so models declared elsewhere resolve); show what the paths name.
      const scope = new Set(result.scope);
      result.references = result.references.filter((r) => scope.has(r.location.file));
      result.declarations = result.declarations.filter((d) => scope.has(d.location.file));
      const aboutPaths = new Set(['no such file or directory', 'outside the project root']);
      result.skipped = result.skipped.filter((s) => scope.has(s.file) || aboutPaths.has(s.reason));
      result.files = scope.size;
    }
    ctx.out(formatRefs(result, { format: args.format, color: useColor(ctx.io, ctx.io.stdout), debug: args.debug }));
  },
  );
