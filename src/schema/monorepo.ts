import { existsSync } from 'node:fs';
import path from 'node:path';
import { discoverFiles } from '../discover.js';
import { detectMigrations, migrationsAt, type MigrationSet } from './migrations.js';

/** Folders whose migrations are examples or test data, not the project's database. */
const NOT_THE_PROJECT = /(?:^|\/)(?:tests?|__tests__|e2e|fixtures?|examples?|samples?|templates?|docs?)\//;

/**
 * Migration sets in the packages of a monorepo (`packages/db/prisma/migrations`, `apps/api/supabase/migrations`, a
 * drizzle folder with its journal, a Prisma folder with its `migration_lock.toml` under any name, a package with a
 * `drizzle.config.*`), for a root that has none of its own. Found
 * in the project's file list (git's, or a glob), so ignored and dependency folders never count.
 */
export async function findMigrationSetsBelow(root: string): Promise<MigrationSet[]> {
  const { files } = await discoverFiles(root);
  const packages = new Set<string>();
  // Migration folders known by a marker file: a drizzle journal, a Prisma migration_lock.toml.
  const folders = new Set<string>();
  for (const file of files) {
    if (NOT_THE_PROJECT.test(file)) continue;
    let match = /^(?:(.*)\/)?(?:prisma\/migrations\/[^/]+\/migration\.sql|supabase\/migrations\/[^/]+\.sql)$/.exec(file);
    if (match) {
      packages.add(match[1] ?? '.');
      continue;
    }
    match = /^(?:(.*)\/)?drizzle\.config\.[cm]?[jt]s$/.exec(file);
    if (match) {
      packages.add(match[1] ?? '.');
      continue;
    }
    if (file.endsWith('.sql')) {
      const folder = path.posix.dirname(file);
      if (!folders.has(folder) && existsSync(path.join(root, folder, 'meta', '_journal.json'))) folders.add(folder);
      // A Prisma migrations folder under another name (`migration/`): its lock file says what it is.
      const prismaFolder = path.posix.dirname(folder);
      if (file.endsWith('/migration.sql') && !folders.has(prismaFolder) && existsSync(path.join(root, prismaFolder, 'migration_lock.toml'))) {
        folders.add(prismaFolder);
      }
    }
  }
  const sets = new Map<string, MigrationSet>();
  const add = (set: MigrationSet | undefined) => {
    if (set && set.files.length > 0 && !sets.has(set.files[0]!)) sets.set(set.files[0]!, set);
  };
  for (const dir of [...packages].sort()) add(detectMigrations(path.join(root, dir), { relativeTo: root }));
  // A folder that a package's layout already found is the same set (same first file).
  for (const folder of [...folders].sort()) add(migrationsAt(path.join(root, folder), { relativeTo: root }));
  return [...sets.values()].sort((a, b) => (a.files[0]! < b.files[0]! ? -1 : 1));
}

/**
 * The folder a migration set lives in (the file of a one-file dump): the longest common folder of its files, and for
 * Prisma the `migrations` folder above the one-folder-per-migration layout.
 */
export function migrationsFolder(set: MigrationSet): string {
  const files = set.files;
  if (set.layout === 'dump') return files[0]!;
  let common = path.posix.dirname(files[0]!).split('/');
  for (const file of files.slice(1)) {
    const parts = path.posix.dirname(file).split('/');
    let i = 0;
    while (i < common.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  if (set.layout === 'prisma' && files.length === 1) common = common.slice(0, -1);
  return common.join('/') || '.';
}
