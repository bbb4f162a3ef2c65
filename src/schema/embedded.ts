import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { SourceError } from '../errors.js';
import type { Relation, SchemaSnapshot } from '../types.js';
import { introspect } from './introspect.js';
import { readMigrationText, type MigrationSet } from './migrations.js';
import { Replayer } from './replayer.js';
import { loadExtensionModules, pgliteVersionOf, planShims, SHIM_SCHEMAS, shimSql, type ShimPlan } from './shims.js';
import { normaliseSnapshot } from './snapshot.js';

export { blankPsqlData } from './psql-script.js';
export { splitStatements, type SplitResult, type SqlStatement } from './split-statements.js';
export { unknownTypeOf } from './type-downgrade.js';

export interface EmbeddedOptions {
  schemas?: string[];
  /**
   * A folder for a template data directory (an initialised, empty cluster): starting from it skips initdb,
   * several seconds of every cold replay. Written on the first start.
   */
  templateDir?: string;
}

/** Counts PGlite starts: the cache's proof that a second run never starts one. */
export const embeddedStats = { starts: 0 };

async function startPglite(plan: ShimPlan, templateDir: string | undefined): Promise<PGlite> {
  embeddedStats.starts++;
  const extensions = await loadExtensionModules(plan.extensions);
  const template = templateDir && pgliteVersionOf() ? path.join(templateDir, `pglite-${pgliteVersionOf()}-datadir.tar.gz`) : undefined;
  if (template && existsSync(template)) {
    try {
      return await PGlite.create({ loadDataDir: new Blob([readFileSync(template)]), extensions });
    } catch {
      // A damaged template: start cold and write it again.
    }
  }
  const db = await PGlite.create({ extensions });
  if (template) {
    try {
      const dump = await db.dumpDataDir('gzip');
      mkdirSync(path.dirname(template), { recursive: true });
      const temporary = `${template}.${process.pid}.tmp`;
      writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
      renameSync(temporary, template);
    } catch {
      // The template only saves time.
    }
  }
  return db;
}

function describeSet(set: MigrationSet): string {
  if (set.files.length === 1) return set.files[0]!;
  const dirs = set.files.map((f) => path.posix.dirname(f));
  let common = dirs[0]!.split('/');
  for (const dir of dirs.slice(1)) {
    const parts = dir.split('/');
    let i = 0;
    while (i < common.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join('/') || '.';
}

function readTexts(set: MigrationSet): string[] {
  return set.files.map((file) => {
    try {
      return readMigrationText(set, file);
    } catch (error) {
      throw new SourceError(`Cannot read migration ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  });
}

const shimKey = (schema: string, name: string, args = '') => `${schema}\u0000${name}\u0000${args}`;

/**
 * Replays migrations in an embedded PostgreSQL (PGlite), statement by statement, after installing the shims they
 * need, then describes the result with the same catalog queries as a live server. Statements that fail are listed
 * in `problems` with file and line, and the snapshot says it is incomplete.
 */
export async function buildEmbeddedSnapshot(set: MigrationSet, options: EmbeddedOptions = {}): Promise<SchemaSnapshot> {
  const texts = readTexts(set);
  const plan = planShims(set.layout, texts);
  const db = await startPglite(plan, options.templateDir);
  try {
    await db.exec(shimSql(plan));
    const planned: Record<(typeof SHIM_SCHEMAS)[number], boolean> = {
      auth: plan.auth,
      extensions: plan.extensionsSchema,
      storage: plan.storage,
      supabase_functions: plan.webhooks,
    };
    const shimSchemas = SHIM_SCHEMAS.filter((s) => planned[s]);
    const baseline = shimSchemas.length > 0 ? await introspect(db, { schemas: [...shimSchemas] }) : undefined;

    const replayer = new Replayer(db, plan);
    for (let i = 0; i < set.files.length; i++) await replayer.replayFile(set.files[i]!, texts[i]!);
    await replayer.resetSession();

    const described = await introspect(db, options.schemas ? { schemas: options.schemas } : {});
    const { rows } = await db.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    // Objects the shims made keep a mark, so checks and diffs can tell them from the application's own.
    const shimRelations = new Map((baseline?.relations ?? []).map((r) => [shimKey(r.schema, r.name), r]));
    const shimFunctions = new Set((baseline?.functions ?? []).map((f) => shimKey(f.schema, f.name, f.args)));
    const relations: Relation[] = described.relations.map((r) =>
      shimRelations.has(shimKey(r.schema, r.name)) ? { ...r, shim: true } : r,
    );
    const functions = described.functions.map((f) => (shimFunctions.has(shimKey(f.schema, f.name, f.args)) && !redefined(f, baseline?.functions) ? { ...f, shim: true } : f));
    const problems = [...described.problems, ...replayer.problems];
    return normaliseSnapshot({
      ...described,
      source: {
        kind: set.layout === 'dump' ? 'sql-file' : 'migrations',
        description: describeSet(set),
        layout: set.layout,
        serverVersion: rows[0]?.v ?? '',
      },
      relations,
      functions,
      incomplete: problems.some((p) => p.kind === 'failed'),
      problems,
    });
  } finally {
    await db.close();
  }
}

function redefined(fn: { schema: string; name: string; args: string; bodyHash: string }, baseline: { schema: string; name: string; args: string; bodyHash: string }[] = []): boolean {
  const original = baseline.find((b) => b.schema === fn.schema && b.name === fn.name && b.args === fn.args);
  return original !== undefined && original.bodyHash !== fn.bodyHash;
}
