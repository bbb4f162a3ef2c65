import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILES } from '../config.js';
import { detectPackages } from '../detect.js';
import { detectMigrations, type MigrationLayout } from '../schema/migrations.js';
import { findMigrationSetsBelow, migrationsFolder } from '../schema/monorepo.js';

/** Database libraries dbref has extractors for, by the package that enables them. */
const STACK: [string, string][] = [
  ['@prisma/client', 'Prisma'],
  ['prisma', 'Prisma'],
  ['drizzle-orm', 'Drizzle'],
  ['typeorm', 'TypeORM'],
  ['sequelize', 'Sequelize'],
  ['knex', 'Knex'],
  ['kysely', 'Kysely'],
  ['@supabase/supabase-js', 'supabase-js'],
  ['pg', 'node-postgres'],
  ['postgres', 'postgres.js'],
  ['@vercel/postgres', '@vercel/postgres'],
  ['slonik', 'Slonik'],
  ['sqlalchemy', 'SQLAlchemy'],
  ['sqlmodel', 'SQLModel'],
  ['django', 'Django'],
  ['psycopg', 'psycopg'],
  ['psycopg2', 'psycopg2'],
  ['psycopg2-binary', 'psycopg2'],
  ['asyncpg', 'asyncpg'],
];

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun' | 'none';

export interface ProjectFacts {
  /** Libraries found, display names, sorted and unique. */
  stack: string[];
  migrations?: { layout: MigrationLayout; path: string; files: number };
  packageManager: PackageManager;
  /** Whether the project has a package.json (dbref can then be a devDependency). */
  hasPackageJson: boolean;
  /** Whether package.json lists dbref, so `npx dbref` finds it. */
  dependsOnDbref: boolean;
  /** The existing dbref config, if any (a file name or `package.json`). */
  config?: string;
  /** Hook managers in use. */
  husky: boolean;
  preCommit: boolean;
  lintStaged: boolean;
  /** A plain `.git/hooks/pre-commit` script exists. */
  gitHook: boolean;
  isGitRepo: boolean;
  /** Workflow files under .github/workflows. */
  workflows: string[];
}

function packageManager(root: string): PackageManager {
  if (existsSync(join(root, 'pnpm-lock.yaml'))) return 'pnpm';
  if (existsSync(join(root, 'yarn.lock'))) return 'yarn';
  if (existsSync(join(root, 'bun.lockb')) || existsSync(join(root, 'bun.lock'))) return 'bun';
  if (existsSync(join(root, 'package-lock.json')) || existsSync(join(root, 'package.json'))) return 'npm';
  return 'none';
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** What `dbref init` needs to know about a project. Reads only; never throws on odd files. */
export async function detectProject(root: string): Promise<ProjectFacts> {
  const packages = detectPackages(root, []);
  const stack = [...new Set(STACK.filter(([pkg]) => packages.has(pkg)).map(([, name]) => name))].sort();
  // A monorepo's migrations live in a package; the first set found is written, and `check` names any others.
  const set = detectMigrations(root) ?? (await findMigrationSetsBelow(root))[0];
  const pkg = readJson(join(root, 'package.json'));
  const config = CONFIG_FILES.find((f) => existsSync(join(root, f))) ?? (pkg && pkg.dbref !== undefined ? 'package.json' : undefined);
  const workflowsDir = join(root, '.github', 'workflows');
  let workflows: string[] = [];
  try {
    workflows = readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => `.github/workflows/${f}`);
  } catch {
    // no workflows
  }
  return {
    stack,
    ...(set ? { migrations: { layout: set.layout, path: migrationsFolder(set), files: set.files.length } } : {}),
    packageManager: packageManager(root),
    hasPackageJson: pkg !== undefined,
    dependsOnDbref: packages.has('dbref'),
    ...(config ? { config } : {}),
    husky: existsSync(join(root, '.husky')),
    preCommit: existsSync(join(root, '.pre-commit-config.yaml')),
    lintStaged:
      (pkg !== undefined && pkg['lint-staged'] !== undefined) ||
      ['.lintstagedrc', '.lintstagedrc.json', '.lintstagedrc.js', '.lintstagedrc.mjs', 'lint-staged.config.js', 'lint-staged.config.mjs'].some((f) =>
        existsSync(join(root, f)),
      ),
    gitHook: existsSync(join(root, '.git', 'hooks', 'pre-commit')),
    isGitRepo: existsSync(join(root, '.git')),
    workflows,
  };
}
