import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export type MigrationLayout = 'supabase' | 'prisma' | 'drizzle' | 'graphile' | 'plain' | 'dump';

/** An ordered list of SQL files to replay. `files` are POSIX paths relative to `root`. */
export interface MigrationSet {
  layout: MigrationLayout;
  /** Absolute directory the file paths are relative to (the project root). */
  root: string;
  files: string[];
}

export interface DetectOptions {
  /** Make file paths relative to this directory instead of the searched one (the project root). */
  relativeTo?: string;
}

const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

const toPosix = (p: string) => p.split(path.sep).join('/');

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function sqlFilesIn(dir: string): string[] {
  if (!isDirectory(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.sql'))
    .map((e) => e.name);
}

/** `001_x.up.sql` / `001_x.down.sql` pairs: only the up half is replayed; rollback-only files are skipped. */
function isDownMigration(name: string): boolean {
  return /[._-]down\.sql$/i.test(name) || /^down\.sql$/i.test(name) || /[._-]rollback\.sql$/i.test(name);
}

function naturalSort(names: string[]): string[] {
  return [...names].sort((a, b) => natural.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Supabase and Prisma apply migrations in name order, compared byte by byte (a 14-digit timestamp prefix): a
 * hand-named `20250625_x` sorts after `20250409154352_y` there, where a numeric sort would put it first.
 */
function nameSort(names: string[]): string[] {
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function makeSet(layout: MigrationLayout, root: string, absolute: string[]): MigrationSet {
  return { layout, root, files: absolute.map((f) => toPosix(path.relative(root, f))) };
}

function supabase(dir: string, root: string): MigrationSet | undefined {
  const folder = path.join(dir, 'supabase', 'migrations');
  const names = sqlFilesIn(folder).filter((n) => !isDownMigration(n));
  if (names.length === 0) return undefined;
  return makeSet('supabase', root, nameSort(names).map((n) => path.join(folder, n)));
}

function prismaFolder(folder: string, root: string): MigrationSet | undefined {
  if (!isDirectory(folder)) return undefined;
  const dirs = readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isDirectory() && isFile(path.join(folder, e.name, 'migration.sql')))
    .map((e) => e.name);
  if (dirs.length === 0) return undefined;
  return makeSet('prisma', root, nameSort(dirs).map((d) => path.join(folder, d, 'migration.sql')));
}

function prisma(dir: string, root: string): MigrationSet | undefined {
  return prismaFolder(path.join(dir, 'prisma', 'migrations'), root);
}

/** The `out` folder of a drizzle config, when one is written as a string literal. */
function drizzleOut(dir: string): string | undefined {
  for (const name of ['drizzle.config.ts', 'drizzle.config.js', 'drizzle.config.mjs', 'drizzle.config.cjs', 'drizzle.config.json']) {
    const file = path.join(dir, name);
    if (!isFile(file)) continue;
    const match = /["']?out["']?\s*:\s*["'`]([^"'`]+)["'`]/.exec(readFileSync(file, 'utf8'));
    if (match) return match[1];
  }
  return undefined;
}

interface DrizzleJournal {
  entries?: { idx?: number; tag?: string }[];
}

function drizzleFolder(folder: string, root: string): MigrationSet | undefined {
  const journalFile = path.join(folder, 'meta', '_journal.json');
  if (isFile(journalFile)) {
    try {
      const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as DrizzleJournal;
      const entries = (journal.entries ?? [])
        .filter((e): e is { idx: number; tag: string } => typeof e.tag === 'string')
        .sort((a, b) => (a.idx ?? 0) - (b.idx ?? 0));
      const files = entries.map((e) => path.join(folder, `${e.tag}.sql`)).filter(isFile);
      if (files.length > 0) return makeSet('drizzle', root, files);
    } catch {
      // An unreadable journal: fall back to the file names, which drizzle-kit numbers in order.
    }
  }
  const names = sqlFilesIn(folder);
  if (names.length === 0) return undefined;
  return makeSet('drizzle', root, naturalSort(names).map((n) => path.join(folder, n)));
}

function drizzle(dir: string, root: string): MigrationSet | undefined {
  const out = drizzleOut(dir);
  const candidates = [...(out ? [path.resolve(dir, out)] : []), path.join(dir, 'drizzle'), path.join(dir, 'drizzle', 'migrations')];
  for (const folder of candidates) {
    const set = drizzleFolder(folder, root);
    if (set) return set;
  }
  return undefined;
}

/** Whether a graphile-migrate file holds a statement: its fresh `current.sql` is only `-- Enter migration here`. */
function hasSql(file: string): boolean {
  try {
    return readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/--.*$/gm, '').trim() !== '';
  } catch {
    return false;
  }
}

/**
 * graphile-migrate: `afterReset.sql` (roles, extensions: what a reset runs first), then `committed/*.sql` in order,
 * then the migration being written — `current.sql`, or the files of a `current/` folder — when it holds SQL,
 * because the development database the code is written against has it applied (`graphile-migrate watch`).
 */
function graphileFolder(folder: string, root: string, withCurrent = true): MigrationSet | undefined {
  const committedDir = path.join(folder, 'committed');
  const committed = sqlFilesIn(committedDir);
  if (committed.length === 0) return undefined;
  const files = [
    ...(isFile(path.join(folder, 'afterReset.sql')) ? [path.join(folder, 'afterReset.sql')] : []),
    ...naturalSort(committed).map((n) => path.join(committedDir, n)),
  ];
  if (withCurrent) {
    const currentDir = path.join(folder, 'current');
    const current = isFile(path.join(folder, 'current.sql'))
      ? [path.join(folder, 'current.sql')]
      : naturalSort(sqlFilesIn(currentDir)).map((n) => path.join(currentDir, n));
    files.push(...current.filter(hasSql));
  }
  return makeSet('graphile', root, files);
}

function graphile(dir: string, root: string): MigrationSet | undefined {
  return graphileFolder(path.join(dir, 'migrations'), root);
}

// Sub-folders of a migrations folder that hold no up-migrations.
const NOT_MIGRATIONS = /^(?:downs?|rollbacks?|seeds?|node_modules)$/i;

/** `.sql` paths under a folder (relative, POSIX), in sub-folders too, except rollbacks, seeds and hidden folders. */
function sqlFilesUnder(folder: string, prefix = ''): string[] {
  if (!isDirectory(folder)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && !NOT_MIGRATIONS.test(entry.name)) {
      found.push(...sqlFilesUnder(path.join(folder, entry.name), `${prefix}${entry.name}/`));
    } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.sql') && !isDownMigration(entry.name)) {
      found.push(`${prefix}${entry.name}`);
    }
  }
  return found;
}

/** Natural order of relative paths, folder by folder: `2024/12_x.sql` before `2025/1_y.sql`, `9/a.sql` before `10/a.sql`. */
function pathSort(paths: string[]): string[] {
  const split = new Map(paths.map((p) => [p, p.split('/')]));
  return [...paths].sort((a, b) => {
    const x = split.get(a)!;
    const y = split.get(b)!;
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const order = natural.compare(x[i]!, y[i]!) || (x[i]! < y[i]! ? -1 : x[i]! > y[i]! ? 1 : 0);
      if (order !== 0) return order;
    }
    return x.length - y.length;
  });
}

/**
 * A folder of plain `.sql` files. Only its own files when it has some; with none, or when the user named the folder
 * (`recursive`), the files of its sub-folders too (`2024/…`, `0001_init/up.sql`), ordered by relative path.
 */
function plainFolder(folder: string, root: string, recursive = false): MigrationSet | undefined {
  const names = sqlFilesIn(folder).filter((n) => !isDownMigration(n));
  const relative = names.length > 0 && !recursive ? naturalSort(names) : pathSort(sqlFilesUnder(folder));
  if (relative.length === 0) return undefined;
  return makeSet('plain', root, relative.map((n) => path.join(folder, ...n.split('/'))));
}

function plain(dir: string, root: string): MigrationSet | undefined {
  return plainFolder(path.join(dir, 'migrations'), root) ?? plainFolder(path.join(dir, 'db', 'migrations'), root);
}

const SCHEMA_FILES = ['schema.sql', path.join('db', 'schema.sql'), path.join('db', 'structure.sql'), path.join('supabase', 'schema.sql')];

function schemaFile(dir: string, root: string): MigrationSet | undefined {
  for (const name of SCHEMA_FILES) {
    const file = path.join(dir, name);
    if (isFile(file)) return makeSet('dump', root, [file]);
  }
  return undefined;
}

/**
 * Finds the migrations of a project, in priority order: Supabase, Prisma, Drizzle, graphile-migrate
 * (`migrations/committed/`), plain `migrations/` or `db/migrations/`, then a single schema file. Undefined when
 * there is none.
 */
export function detectMigrations(dir: string, options: DetectOptions = {}): MigrationSet | undefined {
  const absolute = path.resolve(dir);
  const root = path.resolve(options.relativeTo ?? absolute);
  return (
    supabase(absolute, root) ??
    prisma(absolute, root) ??
    drizzle(absolute, root) ??
    graphile(absolute, root) ??
    plain(absolute, root) ??
    schemaFile(absolute, root)
  );
}

/**
 * The migrations a path given by the user names: a project directory (detected inside), a migrations folder itself
 * (Prisma folders of `*\/migration.sql`, a drizzle folder with its journal, a graphile-migrate folder or its
 * `committed/` folder, or `*.sql` files in it and its sub-folders), or one SQL file.
 */
export function migrationsAt(target: string, options: DetectOptions = {}): MigrationSet | undefined {
  const absolute = path.resolve(target);
  const root = path.resolve(options.relativeTo ?? (isDirectory(absolute) ? absolute : path.dirname(absolute)));
  if (isFile(absolute)) return makeSet('dump', root, [absolute]);
  if (!isDirectory(absolute)) return undefined;
  const inside = detectMigrations(absolute, { relativeTo: root });
  if (inside) return inside;
  const base = path.basename(absolute);
  const parent = path.basename(path.dirname(absolute));
  if (parent === 'supabase' && base === 'migrations') {
    const names = sqlFilesIn(absolute).filter((n) => !isDownMigration(n));
    if (names.length > 0) return makeSet('supabase', root, nameSort(names).map((n) => path.join(absolute, n)));
  }
  const prismaSet = prismaFolder(absolute, root);
  if (prismaSet) return prismaSet;
  if (isFile(path.join(absolute, 'meta', '_journal.json'))) return drizzleFolder(absolute, root);
  const graphileSet = graphileFolder(absolute, root);
  if (graphileSet) return graphileSet;
  // `committed/` named directly: the committed migrations, after the afterReset.sql they are built on.
  if (base === 'committed' && isFile(path.join(path.dirname(absolute), 'afterReset.sql'))) {
    return graphileFolder(path.dirname(absolute), root, false);
  }
  return plainFolder(absolute, root, true);
}

const DOWN_MARKERS = [
  /^\s*--\s*migrate:down\b/im, // dbmate
  /^\s*--\s*\+migrate\s+down\b/im, // sql-migrate
  /^\s*--\s*\+goose\s+down\b/im, // goose
];

/**
 * The text of a migration file to replay. Tools that keep both directions in one file (dbmate, goose, sql-migrate)
 * mark the down half; it is blanked out, keeping line numbers, so only the up half runs.
 */
export function readMigrationText(set: MigrationSet, file: string): string {
  const text = readFileSync(path.resolve(set.root, file), 'utf8').replace(/^\uFEFF/, '');
  let cut = -1;
  for (const marker of DOWN_MARKERS) {
    const match = marker.exec(text);
    if (match && (cut < 0 || match.index < cut)) cut = match.index;
  }
  if (cut < 0) return text;
  return text.slice(0, cut) + text.slice(cut).replace(/[^\n]/g, '');
}
