import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { serialiseSnapshot } from '../schema/snapshot.js';
import { commonOptions, defineCommand, loadProjectSchema, reportSchemaProblems, schemaOptions, type CommandContext } from './shared.js';

export const snapshotCommand = (ctx: CommandContext) =>
  defineCommand(
    'snapshot',
    'Write the schema snapshot (deterministic JSON) that offline runs and hooks use',
    (y) =>
    schemaOptions(commonOptions(y))
      .option('out', { type: 'string', describe: 'Write to this file instead of stdout' })
      .option('format', { choices: ['json'] as const, default: 'json' as const }),
    async (args) => {
    const root = args.root ? resolve(ctx.io.cwd, args.root) : ctx.io.cwd;
    const { config } = await loadConfig(root, args.config);
    const snapshot = await loadProjectSchema(ctx, root, config, args);
    const json = serialiseSnapshot(snapshot);
    if (args.out) {
      writeFileSync(resolve(ctx.io.cwd, args.out), json);
      ctx.io.stderr.write(
        `dbref: wrote ${args.out} (${snapshot.relations.length} relations, ${snapshot.functions.length} functions${snapshot.incomplete ? `; incomplete: ${snapshot.problems.filter((p) => p.kind === 'failed').length} statements failed` : ''})\n`,
      );
    } else ctx.out(json);
  // The snapshot is still written, but an incomplete schema is an error for this command: it exists to be trusted.
  reportSchemaProblems(ctx.io, snapshot.problems, Number.POSITIVE_INFINITY);
  if (snapshot.incomplete) ctx.setExitCode(2);
  },
  );
