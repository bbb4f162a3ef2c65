import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { auditLogs } from '../audit/map.js';
import { parseLog, readLogBytes, type ParsedLog } from '../audit/parse.js';
import { loadConfig } from '../config.js';
import { isDbrefError, UsageError } from '../errors.js';
import { formatAuditJson } from '../reporters/audit-json.js';
import { formatAuditMarkdown } from '../reporters/audit-markdown.js';
import { formatAuditText } from '../reporters/audit-text.js';
import { displayPath, extractProject, findProjectRoot } from '../run.js';
import { inferScaffold } from '../scaffold/infer.js';
import { targetsFromAudit } from '../scaffold/targets.js';
import { maskPasswords } from '../util/mask.js';
import { commonOptions, defineCommand, loadProjectSchema, projectTextReader, schemaOptions, useColor, type CommandContext, type Io } from './shared.js';

/** Reads and parses logs; an unreadable log is reported on stderr and skipped. `-` is standard input. */
export function readLogs(files: string[], io: Io): ParsedLog[] {
  const parsed: ParsedLog[] = [];
  for (const file of files) {
    const display = file === '-' ? '<stdin>' : displayPath(io.cwd, resolve(io.cwd, file));
    try {
      parsed.push(parseLog(readLogBytes(file === '-' ? '-' : resolve(io.cwd, file)), display));
    } catch (error) {
      if (!isDbrefError(error)) throw error;
      io.stderr.write(`dbref: ${maskPasswords(error.message)}\n`);
    }
  }
  return parsed;
}

export const auditCommand = (ctx: CommandContext) =>
  defineCommand(
    'audit <logs..>',
    'Map "relation does not exist" and similar errors in logs (PostgreSQL, PostgREST, app output; gzip or - for stdin) to the code, with fix DDL',
    (y) =>
      schemaOptions(commonOptions(y))
        .positional('logs', { type: 'string', array: true, demandOption: true, describe: 'Log files (.gz read directly), or - for standard input' })
        .option('format', { alias: 'f', choices: ['text', 'markdown', 'json'] as const, default: 'text' as const })
        .option('output', { alias: 'o', type: 'string', describe: 'Write the report to a file instead of stdout' })
        .option('color', { type: 'boolean', describe: 'Force colour on or off (default: on a terminal, off with NO_COLOR)' }),
    async (args) => {
      const files = (args.logs as string[] | undefined) ?? [];
      if (files.length === 0) throw new UsageError('Name at least one log file, or - for standard input');
      const root = args.root ? resolve(ctx.io.cwd, args.root) : findProjectRoot(ctx.io.cwd);
      const logs = readLogs(files, ctx.io);
      if (logs.length === 0) {
        ctx.setExitCode(2);
        return;
      }
      const { config } = await loadConfig(root, args.config);
      const snapshot = await loadProjectSchema(ctx, root, config, args);
      const extraction = await extractProject({ root, config });
      const searchPath = config.searchPath;
      const result = auditLogs(logs, extraction.references, snapshot, searchPath ? { searchPath } : {});
      const plan = inferScaffold({
        references: extraction.references,
        snapshot,
        targets: targetsFromAudit(result),
        readSource: projectTextReader(root),
        ...(searchPath ? { searchPath } : {}),
      });
      const report = { result, plan };
      const stream = args.output ? { isTTY: false } : ctx.io.stdout;
      const text =
        args.format === 'json'
          ? formatAuditJson(report)
          : args.format === 'markdown'
            ? formatAuditMarkdown(report)
            : formatAuditText(report, { color: args.color ?? useColor(ctx.io, stream) });
      if (args.output) writeFileSync(resolve(ctx.io.cwd, args.output), text);
      else ctx.out(text);
      ctx.setExitCode(result.items.some((i) => i.status === 'missing') ? 1 : 0);
    },
  );
