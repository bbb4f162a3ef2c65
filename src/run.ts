import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import picomatch from 'picomatch';
import { checks, extractors as allExtractors, resolvers } from '../rules/index.js';
import { applyBaseline, type Baseline, type BaselineEntry } from './baseline.js';
import { isUnchecked, runChecks, sortFindings } from './check.js';
import { summarize, type CheckResult } from './reporters/index.js';
import { applySuppressions } from './suppress.js';
import { CONFIG_FILES, type DbrefConfig } from './config.js';
import { detectPackages, enabledExtractors } from './detect.js';
import { decodeSource, discoverFiles, isMigrationScript, looksMinified, MAX_FILE_BYTES, narrowToPaths, toPosix } from './discover.js';
import { ExtractionCache } from './extract/cache.js';
import { extractFromSource, type FileResult } from './extract/file.js';
import { createImportedConstantResolver } from './extract/constants.js';
import { findImportedFiles, markShadowedModels } from './extract/imported-files.js';
import { ensurePythonParser } from './extract/python.js';
import { ensureSqlParser } from './sql/index.js';
import type { ResolveContext } from './extractor.js';
import type { Declaration, Finding, Reference, SchemaSnapshot, Skipped } from './types.js';

export interface ExtractOptions {
  root: string;
  /** Files or directories (relative to root) to analyse; default the whole project. */
  paths?: string[];
  config?: DbrefConfig;
  /** Read file contents from here instead of the disk (the git index, for --staged). */
  readFile?: (file: string) => Buffer | undefined;
  /** Time each extractor (`--performance`); phases are always timed. */
  performance?: boolean;
  /** Reuse and update the per-file extraction cache in .dbref-cache/ (default true). */
  cache?: boolean;
  /**
   * The only files `readFile` serves from elsewhere than the disk (the staged files); the others are read from disk,
   * so the cache may trust their size and mtime instead of reading them.
   */
  readFileOnly?: ReadonlySet<string>;
}

export interface ExtractResult {
  references: Reference[];
  declarations: Declaration[];
  skipped: Skipped[];
  /** Files analysed (after discovery, before the prefilter). */
  files: number;
  /** Their project-relative paths. */
  paths: readonly string[];
  extractors: string[];
  /** The project's dependencies, from its manifests (checks use them to know what frameworks manage). */
  packages: string[];
  /** When paths narrowed the run: the files to report on (everything was still extracted). */
  scope?: string[];
  timings: Record<string, number>;
}

const PROJECT_MARKERS = ['package.json', 'pyproject.toml', 'requirements.txt', 'Pipfile', '.git', ...CONFIG_FILES];

/** The project root for a path: the nearest ancestor (or itself) with a manifest, a config or .git; else `cwd`. */
export function findProjectRoot(cwd: string, path?: string): string {
  let dir = resolve(cwd, path ?? '.');
  if (existsSync(dir) && !isDirectory(dir)) dir = dirname(dir);
  for (;;) {
    if (PROJECT_MARKERS.some((m) => existsSync(join(dir, m)))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(cwd);
    dir = parent;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Finds every reference and declaration in a project. Never throws on bad files: they are listed in `skipped`. */
export async function extractProject(options: ExtractOptions): Promise<ExtractResult> {
  const timings: Record<string, number> = {};
  const time = <T>(name: string, fn: () => T): T => {
    const start = performance.now();
    try {
      return fn();
    } finally {
      timings[name] = (timings[name] ?? 0) + performance.now() - start;
    }
  };
  const { root, config = {} } = options;
  // The whole project is always extracted (cheap with the per-file cache): models declared in one file resolve
  // references in another, and orphan checks need every use. Paths narrow what is reported, through `scope`.
  const discoverStart = performance.now();
  const discovered = await discoverFiles(root, { include: config.include, exclude: config.exclude });
  timings.discover = performance.now() - discoverStart;
  const files = discovered.files;
  let scope: string[] | undefined;
  const scopeSkipped: Skipped[] = [];
  if (options.paths?.length) {
    const scoped = narrowToPaths(root, files, options.paths);
    scopeSkipped.push(...scoped.skipped);
    if (scoped.files.length !== files.length || scoped.skipped.length > 0) scope = scoped.files;
  }
  const packages = time('detect', () => detectPackages(root, discovered.files));
  const active = enabledExtractors(allExtractors, packages, config.extractors);
  const claims = active
    .filter((e) => 'files' in e && e.files && e.files.length > 0)
    .map((e) => ({ id: e.id, match: picomatch((e as { files: string[] }).files, { dot: true }) }));

  const resolveImportedOnDisk = createImportedConstantResolver(root, discovered.files);
  const keywords = [...new Set(active.flatMap((e) => e.keywords))];
  const skipped: Skipped[] = [...discovered.skipped, ...scopeSkipped];

  // Per-file results come from the cache when the file's content is unchanged; only the rest is parsed.
  const cache = options.cache === false ? undefined : ExtractionCache.open(root, { extractors: active.map((e) => e.id), packages });
  const results: FileResult[] = [];
  const misses: { index: number; file: string; bytes: Buffer; fromDisk: boolean }[] = [];
  for (const file of files) {
    const fromDisk = !options.readFile || (options.readFileOnly !== undefined && !options.readFileOnly.has(file));
    const blob = discovered.blobs.get(file);
    const cachedOnDisk = cache && fromDisk ? cache.get(file, { blob, changed: discovered.git && blob === undefined }) : undefined;
    if (cachedOnDisk) {
      results.push(cachedOnDisk);
      continue;
    }
    let bytes: Buffer | undefined;
    try {
      bytes = options.readFile && !fromDisk ? options.readFile(file) : readFileSync(join(root, file));
    } catch (error) {
      // Deleted in the work tree but still in git's index: not a file to analyse, not an error.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      skipped.push({ file, reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
      continue;
    }
    if (!bytes) continue;
    if (bytes.length > MAX_FILE_BYTES) {
      const reason = `too large (${(bytes.length / 1024 / 1024).toFixed(1)} MB; generated or minified code is not analysed)`;
      results.push({ references: [], declarations: [], skipped: [{ file, reason }] });
      continue;
    }
    const cachedByHash = cache && !fromDisk ? cache.get(file, { bytes }) : undefined;
    if (cachedByHash) results.push(cachedByHash);
    else misses.push({ index: results.push({ references: [], declarations: [], skipped: [] }) - 1, file, bytes, fromDisk });
  }

  if (misses.length > 0) {
    await Promise.all([ensureSqlParser(), active.some((e) => (e.languages as string[] | undefined)?.includes('py')) ? ensurePythonParser() : undefined]);
  }
  for (const { index, file, bytes, fromDisk } of misses) {
    // A result that used constants from other files depends on them: it is not cached.
    let usedOtherFiles = false;
    const resolveImported: typeof resolveImportedOnDisk = (...args) => {
      usedOtherFiles = true;
      return resolveImportedOnDisk(...args);
    };
    const result = extractFile(file, bytes, resolveImported);
    results[index] = result;
    if (cache && usedOtherFiles) cache.delete(file);
    else cache?.set(file, bytes, result, fromDisk);
  }
  cache?.save({ prune: true });

  function extractFile(file: string, bytes: Buffer, resolveImported: typeof resolveImportedOnDisk): FileResult {
    const empty: FileResult = { references: [], declarations: [], skipped: [] };
    const claimedBy = new Set(claims.filter((c) => c.match(file)).map((c) => c.id));
    const decoded = decodeSource(bytes);
    if ('reason' in decoded) {
      if (claimedBy.size > 0 || /\.(?:[cm]?[jt]sx?|py|sql)$/.test(file)) empty.skipped.push({ file, reason: decoded.reason });
      return empty;
    }
    const text = decoded.text;
    if (claimedBy.size === 0 && keywords.length > 0 && !keywords.some((k) => text.includes(k))) return empty;
    if (looksMinified(text)) {
      empty.skipped.push({ file, reason: 'minified code is not analysed' });
      return empty;
    }
    return time('extract', () =>
      extractFromSource(file, text, active, { packages, claimedBy, resolveImported, ...(options.performance ? { timings } : {}) }),
    );
  }

  const references: Reference[] = [];
  const declarations: Declaration[] = [];
  for (const result of results) {
    references.push(...result.references);
    declarations.push(...result.declarations);
    skipped.push(...result.skipped);
  }

  let resolved = references;
  let importedFiles: Set<string> | undefined;
  const readText = textReader(root, options.readFile);
  const context: ResolveContext = { isImported: (file) => (importedFiles ??= findImportedFiles(files, readText)).has(file) };
  time('resolve', () => {
    for (const resolveReferences of resolvers) resolved = resolveReferences(resolved, declarations, context);
    markShadowedModels(declarations, context.isImported);
  });
  return {
    references: sortByLocation(resolved),
    declarations: sortByLocation(declarations),
    skipped,
    files: files.length,
    paths: files,
    extractors: active.map((e) => e.id),
    packages: [...packages].sort(),
    ...(scope ? { scope } : {}),
    timings,
  };
}

/** Reads a project file as text: through `readFile` (the git index, for --staged) when given, else from disk. */
function textReader(root: string, readFile?: (file: string) => Buffer | undefined): (file: string) => string | undefined {
  return (file) => {
    try {
      return (readFile ? readFile(file) : readFileSync(join(root, file)))?.toString('utf8');
    } catch {
      return undefined;
    }
  };
}

function sortByLocation<T extends { location: { file: string; line: number; column: number } }>(items: T[]): T[] {
  return items.sort(
    (a, b) =>
      (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : 0) ||
      a.location.line - b.location.line ||
      a.location.column - b.location.column,
  );
}

/** A path shown to users: relative to the current directory when inside it. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : toPosix(rel);
}

export interface CheckRunOptions extends ExtractOptions {
  snapshot: SchemaSnapshot;
  /** Report only findings located in these files (`--staged`, `--changed`); whole-project checks are skipped. */
  reportOnly?: ReadonlySet<string>;
  /** Run whole-project checks (orphans) even when `reportOnly` is set. */
  allRules?: boolean;
  /** Path of a baseline file: findings in it are not reported as new. */
  baseline?: Baseline;
}

export interface CheckRun {
  result: CheckResult;
  extraction: ExtractResult;
  /** Findings the baseline already holds, and baseline entries that no longer occur. */
  baselined: Finding[];
  stale: BaselineEntry[];
  /** All findings before the baseline was applied (for --update-baseline). */
  allFindings: Finding[];
}

/** The check pipeline: extract, judge, apply suppressions and baseline. No formatting. */
export async function runCheck(options: CheckRunOptions): Promise<CheckRun> {
  // `check --staged` reads only the staged (reportOnly) files from the index: the rest may come from the cache by stat.
  const extraction = await extractProject(options);
  const config = options.config ?? {};
  const scope = extraction.scope ? new Set(extraction.scope) : undefined;
  const reportOnly = scope && options.reportOnly ? new Set([...options.reportOnly].filter((f) => scope.has(f))) : (scope ?? options.reportOnly);
  const limited = reportOnly !== undefined && !options.allRules;
  // Migrations written as code query the schema of their day: they are neither findings nor uses of today's tables.
  const discovered = new Set(extraction.paths);
  const migrationScripts = new Set(extraction.paths.filter((f) => isMigrationScript(f, discovered)));
  const raw = runChecks(checks, {
    references: migrationScripts.size > 0 ? extraction.references.filter((r) => !migrationScripts.has(r.location.file)) : extraction.references,
    declarations: extraction.declarations,
    snapshot: options.snapshot,
    severities: config.rules,
    ignoreRelations: config.ignoreRelations,
    ignoreSchemas: config.ignoreSchemas,
    searchPath: config.searchPath,
    skipWholeProject: limited,
    options: { 'missing-relation': { packages: extraction.packages }, 'orphaned-table': { packages: extraction.packages } },
    timings: extraction.timings,
  });
  const inScope = reportOnly
    ? raw.filter((f) => (f.location ? reportOnly.has(f.location.file) : !limited))
    : raw;
  const readText = textReader(options.root, options.readFile);
  const checkedFiles = new Set([...extraction.references, ...extraction.declarations].map((r) => r.location.file));
  const suppressed = applySuppressions(
    inScope,
    readText,
    reportOnly ? [...checkedFiles].filter((f) => reportOnly.has(f)) : checkedFiles,
  );
  const allFindings = sortFindings([...suppressed.findings, ...suppressed.unusedSuppressions]);
  let findings = allFindings;
  let baselined: Finding[] = [];
  let stale: BaselineEntry[] = [];
  if (options.baseline) {
    const applied = applyBaseline(allFindings, options.baseline);
    findings = applied.newFindings;
    baselined = applied.baselined;
    stale = limited ? [] : applied.stale;
  }
  const unchecked = extraction.references.filter(isUnchecked);
  const result: CheckResult = {
    findings,
    summary: summarize(findings, extraction.references),
    schema: { source: options.snapshot.source.description, incomplete: options.snapshot.incomplete },
    unchecked,
  };
  return { result, extraction, baselined, stale, allFindings };
}
