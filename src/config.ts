import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from './errors.js';
import type { Severity } from './types.js';

export interface DbrefConfig {
  /**
   * Schema source: a postgres:// URL (prefer `env:DATABASE_URL`), a migrations folder, a .sql dump or a snapshot .json;
   * several (a monorepo with more than one database) are merged into one schema.
   */
  schema?: string | string[];
  /** Schemas to introspect (default: every user schema). */
  schemas?: string[];
  include?: string[];
  exclude?: string[];
  /** Rule severities: `{ "orphaned-table": "off", "model-drift": "error" }`. */
  rules?: Record<string, Severity | 'off'>;
  /** Relations never reported, as globs: `audit_*`, `archive.*`. */
  ignoreRelations?: string[];
  ignoreSchemas?: string[];
  /** The search path unqualified names resolve through (default: the schema's own, usually `public`). */
  searchPath?: string[];
  /** Turn extractors on or off regardless of the packages found. */
  extractors?: Record<string, boolean>;
  baseline?: string;
}

export const CONFIG_FILES = ['dbref.config.ts', 'dbref.config.mjs', 'dbref.config.js', 'dbref.config.json'];

const KNOWN_KEYS = new Set([
  'schema', 'schemas', 'include', 'exclude', 'rules', 'ignoreRelations', 'ignoreSchemas', 'searchPath', 'extractors', 'baseline', '$schema',
]);
const SEVERITIES = new Set(['error', 'warn', 'info', 'off']);

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Validates a parsed config object, naming the file and the key that is wrong. */
export function validateConfig(value: unknown, file: string): DbrefConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`Invalid config in ${file} (expected an object)`);
  }
  const config = value as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!KNOWN_KEYS.has(key)) throw new ConfigError(`Invalid config in ${file} (unknown key "${key}")`);
  }
  if (config.schema !== undefined && typeof config.schema !== 'string' && !isStringArray(config.schema)) {
    throw new ConfigError(`Invalid config in ${file} ("schema" must be a string or an array of strings)`);
  }
  for (const key of ['schemas', 'include', 'exclude', 'ignoreRelations', 'ignoreSchemas', 'searchPath']) {
    if (config[key] !== undefined && !isStringArray(config[key])) {
      throw new ConfigError(`Invalid config in ${file} ("${key}" must be a list of strings)`);
    }
  }
  if (config.rules !== undefined) {
    if (typeof config.rules !== 'object' || config.rules === null) throw new ConfigError(`Invalid config in ${file} ("rules" must be an object)`);
    for (const [id, severity] of Object.entries(config.rules)) {
      if (typeof severity !== 'string' || !SEVERITIES.has(severity)) {
        throw new ConfigError(`Invalid config in ${file} (rule "${id}": severity must be error, warn, info or off)`);
      }
    }
  }
  if (config.extractors !== undefined) {
    if (typeof config.extractors !== 'object' || config.extractors === null) {
      throw new ConfigError(`Invalid config in ${file} ("extractors" must be an object of booleans)`);
    }
    for (const [id, on] of Object.entries(config.extractors)) {
      if (typeof on !== 'boolean') throw new ConfigError(`Invalid config in ${file} (extractor "${id}" must be true or false)`);
    }
  }
  if (config.baseline !== undefined && typeof config.baseline !== 'string') {
    throw new ConfigError(`Invalid config in ${file} ("baseline" must be a string)`);
  }
  const { $schema: _ignored, ...rest } = config;
  return rest as DbrefConfig;
}

async function importTs(path: string, root: string): Promise<unknown> {
  // TypeScript configs are transpiled with the project's own TypeScript, as ESLint and Vitest do with theirs.
  let ts: typeof import('typescript');
  try {
    ts = createRequire(join(root, 'package.json'))('typescript') as typeof import('typescript');
  } catch {
    throw new ConfigError(`Cannot load ${relative(root, path)} (the project has no "typescript" package; use dbref.config.mjs or .json)`);
  }
  const out = ts.transpileModule(readFileSync(path, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const dir = mkdtempSync(join(tmpdir(), 'dbref-config-'));
  const file = join(dir, 'dbref.config.mjs');
  writeFileSync(file, out);
  try {
    return ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface LoadedConfig {
  config: DbrefConfig;
  /** Project-relative path of the file it came from, if any. */
  file?: string;
}

/** Finds and loads the project's config: an explicit path, a dbref.config.* file, or a "dbref" key in package.json. */
export async function loadConfig(root: string, explicit?: string): Promise<LoadedConfig> {
  const candidates = explicit ? [explicit] : CONFIG_FILES;
  for (const name of candidates) {
    const path = join(root, name);
    if (!existsSync(path)) {
      if (explicit) throw new ConfigError(`Config file not found: ${explicit}`);
      continue;
    }
    const file = relative(root, path) || name;
    let value: unknown;
    try {
      if (name.endsWith('.json')) value = JSON.parse(readFileSync(path, 'utf8'));
      else if (name.endsWith('.ts')) value = await importTs(path, root);
      else value = ((await import(pathToFileURL(path).href)) as { default?: unknown }).default;
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(`Cannot load ${file} (${(error as Error).message.split('\n')[0]})`);
    }
    return { config: validateConfig(value, file), file };
  }
  const pkg = join(root, 'package.json');
  if (existsSync(pkg)) {
    try {
      const json = JSON.parse(readFileSync(pkg, 'utf8')) as { dbref?: unknown };
      if (json.dbref !== undefined) return { config: validateConfig(json.dbref, 'package.json#dbref'), file: 'package.json' };
    } catch (error) {
      if (error instanceof ConfigError) throw error;
    }
  }
  return { config: {} };
}

/** `env:NAME` in a config value reads an environment variable, so URLs with passwords stay out of the repository. */
export function resolveEnv(value: string | undefined): string | undefined {
  if (value?.startsWith('env:')) return process.env[value.slice(4)] || undefined;
  return value;
}

/** The config's schema source(s), `env:NAME` read; a source whose variable is unset is left out. */
export function resolveSchemaSpec(value: string | string[] | undefined): string | string[] | undefined {
  if (!Array.isArray(value)) return resolveEnv(value);
  return value.map(resolveEnv).filter((v): v is string => v !== undefined);
}

/** A config for `defineConfig` type hints in dbref.config.ts. */
export function defineConfig(config: DbrefConfig): DbrefConfig {
  return config;
}
