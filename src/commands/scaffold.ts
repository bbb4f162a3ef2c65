import { join, resolve } from 'node:path';
import { auditLogs } from '../audit/map.js';
import { loadConfig } from '../config.js';
import { SourceError, UsageError } from '../errors.js';
import { displayPath, extractProject, findProjectRoot, runCheck } from '../run.js';
import { inferScaffold, type ScaffoldTargets } from '../scaffold/infer.js';
import { renderPrismaModels } from '../scaffold/prisma.js';
import { renderScaffoldSql } from '../scaffold/sql.js';
import { targetsFromAudit, targetsFromFindings } from '../scaffold/targets.js';
import { appendModels, detectMigrationFormat, migrationPath, writeNewFile, type MigrationFormat } from '../scaffold/write.js';
import { readLogs } from './audit.js';
import { commonOptions, defineCommand, loadProjectSchema, projectTextReader, schemaOptions, type CommandContext } from './shared.js';

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export const scaffoldCommand = (ctx: CommandContext) =>
  defineCommand(
    'scaffold [paths..]',
    'Propose a migration (CREATE TABLE / ADD COLUMN) for what the code uses and the schema lacks, inferred from the code; never applied',
    (y) =>
      schemaOptions(commonOptions(y))
        .positional('paths', { type: 'string', array: true, describe: 'Files or directories (default: the project)' })
        .option('from-audit', { type: 'string', array: true, describe: 'Scaffold what these logs say is missing (see `dbref audit`) instead of what `check` finds' })
        .option('migration-format', { choices: ['auto', 'supabase', 'prisma', 'sql'] as const, default: 'auto' as const, describe: "Migration layout (default: the repository's own)" })
        .option('out', { type: 'string', describe: 'Write a plain .sql file here' })
        .option('name', { type: 'string', default: 'dbref_scaffold', describe: 'Migration name (after the timestamp)' })
        .option('dry-run', { type: 'boolean', default: false, describe: 'Print the migration instead of writing it' })
        .option('append-models', { type: 'boolean', default: false, describe: 'Prisma: append the model blocks to schema.prisma (default: print them)' })
        .option('format', { choices: ['text', 'json'] as const, default: 'text' as 'text' | 'json', describe: 'json: the inferred plan and the migration text, written nowhere' }),
    async (args) => {
      const paths = (args.paths as string[] | undefined) ?? [];
      const root = args.root ? resolve(ctx.io.cwd, args.root) : findProjectRoot(ctx.io.cwd, paths[0]);
      const { config } = await loadConfig(root, args.config);
      const snapshot = await loadProjectSchema(ctx, root, config, args);
      const searchPath = config.searchPath;
      const extractOptions = { root, config, paths: paths.map((p) => resolve(ctx.io.cwd, p)) };
      let targets: ScaffoldTargets;
      let references;
      const fromAudit = args['from-audit'] as string[] | undefined;
      if (fromAudit && fromAudit.length > 0) {
        const logs = readLogs(fromAudit, ctx.io);
        if (logs.length === 0) throw new SourceError('No readable log for --from-audit');
        references = (await extractProject(extractOptions)).references;
        targets = targetsFromAudit(auditLogs(logs, references, snapshot, searchPath ? { searchPath } : {}));
      } else {
        const run = await runCheck({ ...extractOptions, snapshot });
        references = run.extraction.references;
        targets = targetsFromFindings(run.allFindings, snapshot, searchPath);
      }
      const plan = inferScaffold({
        references,
        snapshot,
        targets,
        readSource: projectTextReader(root),
        ...(searchPath ? { searchPath } : {}),
      });
      const detected = detectMigrationFormat(root);
      const requested = args['migration-format'];
      const format: MigrationFormat = args.out ? 'sql' : requested === 'auto' ? detected.format : requested;
      const sql = renderScaffoldSql(plan, { supabase: format === 'supabase' });
      const empty = plan.tables.length === 0 && plan.columns.length === 0;
      const models = format === 'prisma' && plan.tables.length + plan.columns.length > 0 ? renderPrismaModels(plan) : undefined;

      if (args.format === 'json') {
        // The plan as data (for tools and the PR bot); like --dry-run, nothing is written.
        ctx.out(JSON.stringify({ format, plan, sql, ...(models ? { models } : {}) }, null, 2));
        return;
      }
      if (empty) {
        ctx.out(sql.trimEnd());
        ctx.io.stderr.write('dbref: nothing to scaffold: no missing relations or columns\n');
        return;
      }
      if (args['dry-run'] || (format === 'sql' && !args.out)) {
        ctx.out(sql);
        if (models) ctx.out(`// schema.prisma\n${models}`);
        if (!args['dry-run']) ctx.io.stderr.write('dbref: no migrations folder found; pass --out <file.sql> to write the migration\n');
        return;
      }
      const relative = args.out ? undefined : migrationPath(format, args.name, new Date());
      const target = args.out ? resolve(ctx.io.cwd, args.out) : join(root, relative!);
      try {
        writeNewFile(target, sql);
      } catch (error) {
        throw new UsageError(`Cannot write migration ${displayPath(ctx.io.cwd, target)} (${(error as Error).message})`);
      }
      ctx.io.stderr.write(`dbref: wrote ${displayPath(ctx.io.cwd, target)} (${count(plan.tables.length, 'table')}, ${count(plan.columns.length, 'column')}); review it, then apply it with your migration tool\n`);
      if (models) {
        if (args['append-models']) {
          const schemaPath = join(root, detected.prismaSchema ?? 'prisma/schema.prisma');
          appendModels(schemaPath, models);
          ctx.io.stderr.write(`dbref: appended ${plan.tables.length} models to ${displayPath(ctx.io.cwd, schemaPath)}\n`);
        } else ctx.out(`// Add to schema.prisma:\n${models}`);
      }
    },
  );
