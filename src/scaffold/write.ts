import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type MigrationFormat = 'supabase' | 'prisma' | 'sql';

/** The repository's own migration format: Supabase's folder, else a Prisma schema, else a plain SQL file. */
export function detectMigrationFormat(root: string): { format: MigrationFormat; prismaSchema?: string } {
  if (existsSync(join(root, 'supabase', 'migrations')) || existsSync(join(root, 'supabase', 'config.toml'))) return { format: 'supabase' };
  for (const candidate of ['prisma/schema.prisma', 'schema.prisma']) {
    if (existsSync(join(root, candidate))) return { format: 'prisma', prismaSchema: candidate };
  }
  return { format: 'sql' };
}

/** `20251002141311`: the UTC timestamp Supabase and Prisma put in front of migration names. */
export function migrationTimestamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Project-relative path of the new migration file. */
export function migrationPath(format: MigrationFormat, name: string, now: Date): string {
  const stamp = migrationTimestamp(now);
  if (format === 'supabase') return `supabase/migrations/${stamp}_${name}.sql`;
  if (format === 'prisma') return `prisma/migrations/${stamp}_${name}/migration.sql`;
  return `${name}.sql`;
}

/** Writes a file, creating its folder; refuses to overwrite an existing migration. */
export function writeNewFile(path: string, text: string): void {
  if (existsSync(path)) throw new Error(`${path} already exists`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

export function appendModels(schemaPath: string, models: string): void {
  appendFileSync(schemaPath, `\n${models}`);
}
