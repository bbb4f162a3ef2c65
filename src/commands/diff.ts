import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatDiffJson } from '../reporters/diff-json.js';
import { formatDiffMarkdown } from '../reporters/diff-markdown.js';
import { formatDiffText } from '../reporters/diff-text.js';
import { generateMigration } from '../schema/ddl.js';
import { diffSnapshots } from '../schema/diff.js';
import { resolveSchemaSource } from '../schema/source.js';
import type { SchemaSnapshot } from '../types.js';
import { maskUrl } from '../util/mask.js';
import { defineCommand, useColor, type CommandContext } from './shared.js';

const isUrl = (spec: string) => /^postgres(?:ql)?:\/\//i.test(spec);

/** A label for a source in reports: URLs masked, paths as given. */
function label(spec: string): string {
  return isUrl(spec) ? maskUrl(spec) : spec;
}

const PLATFORM_SCHEMAS = new Set(['auth', 'storage']);

/**
 * Migrations replayed embedded get stand-ins for Supabase's `auth` and `storage` (marked `shim`). Compared with a real
 * Supabase database, or with a plain one, those stand-ins are noise: when either side has them, both sides are compared
 * without the platform schemas, and the report says so.
 */
function withoutPlatformStandIns(from: SchemaSnapshot, to: SchemaSnapshot): [SchemaSnapshot, SchemaSnapshot, string?] {
  const hasShims = (s: SchemaSnapshot) => s.relations.some((r) => r.shim) || s.functions.some((f) => f.shim);
  if (!hasShims(from) && !hasShims(to)) return [from, to];
  const strip = (s: SchemaSnapshot): SchemaSnapshot => ({
    ...s,
    schemas: s.schemas.filter((n) => !PLATFORM_SCHEMAS.has(n)),
    relations: s.relations.filter((r) => !r.shim && !PLATFORM_SCHEMAS.has(r.schema)),
    functions: s.functions.filter((f) => !f.shim && !PLATFORM_SCHEMAS.has(f.schema)),
    enums: s.enums.filter((e) => !PLATFORM_SCHEMAS.has(e.schema)),
    domains: s.domains.filter((d) => !PLATFORM_SCHEMAS.has(d.schema)),
    compositeTypes: s.compositeTypes.filter((c) => !PLATFORM_SCHEMAS.has(c.schema)),
    sequences: s.sequences.filter((q) => !PLATFORM_SCHEMAS.has(q.schema)),
  });
  return [strip(from), strip(to), 'Supabase platform schemas auth and storage (stand-ins when replayed embedded)'];
}

/**
 * A snapshot replayed embedded carries PGlite's extension versions, not the ones a server would install: versions are
 * compared only between two live databases (or snapshots of them).
 */
function withoutEmbeddedExtensionVersions(from: SchemaSnapshot, to: SchemaSnapshot): [SchemaSnapshot, SchemaSnapshot, string?] {
  const embedded = (s: SchemaSnapshot) => s.source.kind === 'migrations' || s.source.kind === 'sql-file';
  if (!embedded(from) && !embedded(to)) return [from, to];
  const blank = (s: SchemaSnapshot): SchemaSnapshot => ({ ...s, extensions: s.extensions.map((e) => ({ ...e, version: '' })) });
  return [blank(from), blank(to), 'extension versions (a schema replayed from migrations has the embedded server\'s)'];
}

export const diffCommand = (ctx: CommandContext) =>
  defineCommand(
    'diff <from> <to>',
    'Compare two database schemas (URLs, migrations folders, dumps or snapshots) and write the SQL that syncs them',
    (y) =>
      y
        .positional('from', { type: 'string', demandOption: true, describe: 'The schema to change (URL, migrations folder, .sql, .json)' })
        .positional('to', { type: 'string', demandOption: true, describe: 'The schema to match' })
        .option('format', { alias: 'f', choices: ['text', 'markdown', 'json'] as const, default: 'text' as const })
        .option('sql', {
          type: 'string',
          describe: 'Print the migration that turns <from> into <to> (or write it to this file)',
        })
        .option('allow-destructive', { type: 'boolean', default: false, describe: 'Emit drops and narrowing changes instead of commenting them out' })
        .option('rows', {
          type: 'string',
          describe: 'Show row counts of live sources side by side: estimated from the catalog, or --rows=exact',
        })
        .option('schemas', { type: 'string', array: true, describe: 'Database schemas to compare (default: every user schema)' })
        .option('renames', { type: 'boolean', default: true, describe: 'Report a removed and an added object of the same shape as a possible rename' })
        .option('cache', { type: 'boolean', default: true, describe: 'Reuse cached snapshots of unchanged migrations' })
        .option('color', { type: 'boolean', describe: 'Force colour on or off' }),
    async (args) => {
      const rows = args.rows === undefined ? false : args.rows === 'exact' ? ('exact' as const) : ('estimate' as const);
      const load = (spec: string): Promise<SchemaSnapshot> =>
        isUrl(spec) && rows
          ? import('../schema/introspect.js').then(({ introspectUrl }) => introspectUrl(spec, { rows, ...(args.schemas ? { schemas: args.schemas } : {}) }))
          : resolveSchemaSource(spec, { cwd: ctx.io.cwd, schemas: args.schemas, noCache: !args.cache, env: ctx.io.env });
      const [loadedFrom, loadedTo] = await Promise.all([load(args.from), load(args.to)]);
      const [strippedFrom, strippedTo, platformNote] = withoutPlatformStandIns(loadedFrom, loadedTo);
      const [from, to, versionNote] = withoutEmbeddedExtensionVersions(strippedFrom, strippedTo);
      const diff = diffSnapshots(from, to, { renames: args.renames, ...(args.schemas ? { schemas: args.schemas } : {}) });
      for (const note of [platformNote, versionNote]) if (note) diff.notCompared.push(note);
      const wantsSql = args.sql !== undefined;
      const migration = wantsSql ? generateMigration(diff, from, to, { allowDestructive: args.allowDestructive }) : undefined;
      const fromLabel = label(args.from);
      const toLabel = label(args.to);

      if (migration && args.sql) {
        writeFileSync(resolve(ctx.io.cwd, args.sql), migration.sql);
        ctx.io.stderr.write(
          `dbref: wrote ${args.sql} (${migration.statements.length} statements${migration.skippedCount ? `, ${migration.skippedCount} destructive left commented out: --allow-destructive emits them` : ''})\n`,
        );
      }
      if (migration && !args.sql) {
        // `--sql` without a file: the migration is the output (pipe it to psql), the report goes to stderr.
        ctx.out(migration.sql);
        if (migration.skippedCount > 0) {
          ctx.io.stderr.write(`dbref: ${migration.skippedCount} destructive statements commented out; --allow-destructive emits them\n`);
        }
      } else if (args.format === 'json') ctx.out(formatDiffJson(diff));
      else if (args.format === 'markdown') ctx.out(formatDiffMarkdown(diff, { fromLabel, toLabel, from, to, ...(migration ? { migration } : {}) }));
      else ctx.out(formatDiffText(diff, { color: args.color ?? useColor(ctx.io, ctx.io.stdout), fromLabel, toLabel }));

      for (const [name, snapshot] of [[fromLabel, from], [toLabel, to]] as const) {
        if (snapshot.incomplete) {
          ctx.io.stderr.write(`dbref: ${name} is incomplete (${snapshot.problems.filter((p) => p.kind === 'failed').length} statements failed); differences may be missing\n`);
        }
      }
      ctx.setExitCode(diff.summary.identical ? 0 : 1);
    },
  );
