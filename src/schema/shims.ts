import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Extension } from '@electric-sql/pglite';
import type { MigrationLayout } from './migrations.js';

/** Bump when any shim below changes: it is part of the snapshot cache key. */
export const SHIM_VERSION = 3;

/** Schemas the shims create. Objects in them are the platform's, not the application's. */
export const SHIM_SCHEMAS = ['auth', 'extensions', 'storage', 'supabase_functions'] as const;

/** Extension name in SQL → module under `@electric-sql/pglite/contrib/` (its export has the same name). */
const PGLITE_EXTENSIONS: Record<string, string> = {
  amcheck: 'amcheck',
  bloom: 'bloom',
  btree_gin: 'btree_gin',
  btree_gist: 'btree_gist',
  citext: 'citext',
  cube: 'cube',
  dict_int: 'dict_int',
  dict_xsyn: 'dict_xsyn',
  earthdistance: 'earthdistance',
  file_fdw: 'file_fdw',
  fuzzystrmatch: 'fuzzystrmatch',
  hstore: 'hstore',
  intarray: 'intarray',
  isn: 'isn',
  lo: 'lo',
  ltree: 'ltree',
  moddatetime: 'moddatetime',
  pageinspect: 'pageinspect',
  pg_buffercache: 'pg_buffercache',
  pg_freespacemap: 'pg_freespacemap',
  pg_stat_statements: 'pg_stat_statements',
  pg_surgery: 'pg_surgery',
  pg_trgm: 'pg_trgm',
  pg_visibility: 'pg_visibility',
  pg_walinspect: 'pg_walinspect',
  pgcrypto: 'pgcrypto',
  seg: 'seg',
  tablefunc: 'tablefunc',
  tcn: 'tcn',
  tsm_system_rows: 'tsm_system_rows',
  tsm_system_time: 'tsm_system_time',
  unaccent: 'unaccent',
  'uuid-ossp': 'uuid_ossp',
};

/** Extensions that depend on another one being loaded too. */
const REQUIRES: Record<string, string[]> = { earthdistance: ['cube'] };

export interface ShimPlan {
  /** Supabase's platform schemas and roles. */
  auth: boolean;
  storage: boolean;
  /** Supabase database webhooks: triggers that call `supabase_functions.http_request(...)`. */
  webhooks: boolean;
  extensionsSchema: boolean;
  /** Roles created up front (others are created when a statement names them). */
  roles: string[];
  /** Extensions (SQL names) PGlite ships that the migrations create, plus Supabase's defaults: loaded into PGlite. */
  extensions: string[];
  /** Extensions created before the first migration (Supabase projects start with these in `extensions`). */
  preinstalled: string[];
  /** Extensions the migrations create that PGlite does not ship. */
  unavailable: string[];
  /** The search_path each file starts with. */
  searchPath: string;
  /** Supabase's realtime publication, which migrations `ALTER PUBLICATION ... ADD TABLE`. */
  realtime: boolean;
}

const SUPABASE_ROLES = ['anon', 'authenticated', 'service_role', 'authenticator', 'supabase_admin'];

const CREATE_EXTENSION = /\bcreate\s+extension\s+(?:if\s+not\s+exists\s+)?(?:"([^"]+)"|([\w-]+))/gi;

/** Decides which shims a set of migration texts needs: everything for Supabase, else only what they mention. */
export function planShims(layout: MigrationLayout, texts: string[]): ShimPlan {
  const all = texts.join('\n');
  const isSupabase = layout === 'supabase';
  const mentions = (re: RegExp) => isSupabase || re.test(all);
  const auth = mentions(/\bauth\s*\.\s*(?:"?users"?|uid|jwt|role|email)\b/i);
  const storage = mentions(/\bstorage\s*\.\s*"?(?:buckets|objects|foldername|filename|extension)\b/i);
  const requested = new Set<string>();
  // Comments out: `-- Create extension` above `CREATE EXTENSION pg_trgm` must not read as an extension named `create`.
  const code = all.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/--[^\n]*/g, ' ');
  for (const match of code.matchAll(CREATE_EXTENSION)) requested.add((match[1] ?? match[2]!).toLowerCase());
  const extensionsSchema = isSupabase || /\bextensions\s*\.|\bschema\s+"?extensions\b/i.test(all);
  if (isSupabase) {
    requested.add('pgcrypto');
    requested.add('uuid-ossp');
  }
  const extensions = new Set<string>();
  const unavailable: string[] = [];
  for (const name of requested) {
    if (name === 'plpgsql') continue;
    if (!(name in PGLITE_EXTENSIONS)) {
      unavailable.push(name);
      continue;
    }
    extensions.add(name);
    for (const dep of REQUIRES[name] ?? []) extensions.add(dep);
  }
  const roles = isSupabase || auth || storage ? SUPABASE_ROLES : SUPABASE_ROLES.filter((r) => new RegExp(`\\b${r}\\b`, 'i').test(all));
  return {
    auth,
    storage,
    webhooks: /\bsupabase_functions\s*\.\s*"?http_request\b/i.test(all),
    extensionsSchema,
    roles,
    extensions: [...extensions].sort(),
    unavailable: unavailable.sort(),
    searchPath: extensionsSchema ? '"$user", public, extensions' : '"$user", public',
    preinstalled: isSupabase ? ['pgcrypto', 'uuid-ossp'] : [],
    realtime: isSupabase || /\bsupabase_realtime\b/i.test(all),
  };
}

/** The PGlite extension modules for a plan, imported only when a migration needs them. */
export async function loadExtensionModules(names: string[]): Promise<Record<string, Extension>> {
  const modules: Record<string, Extension> = {};
  for (const name of names) {
    const module = PGLITE_EXTENSIONS[name];
    if (!module) continue;
    const imported = (await import(`@electric-sql/pglite/contrib/${module}`)) as Record<string, Extension>;
    const extension = imported[module];
    if (extension) modules[module] = extension;
  }
  return modules;
}

export function isShippedExtension(name: string): boolean {
  return name.toLowerCase() in PGLITE_EXTENSIONS;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

const AUTH_SQL = `
CREATE SCHEMA IF NOT EXISTS auth;
CREATE TABLE auth.users (
  instance_id uuid,
  id uuid NOT NULL PRIMARY KEY,
  aud character varying(255),
  role character varying(255),
  email character varying(255),
  encrypted_password character varying(255),
  email_confirmed_at timestamp with time zone,
  invited_at timestamp with time zone,
  confirmation_token character varying(255),
  confirmation_sent_at timestamp with time zone,
  recovery_token character varying(255),
  recovery_sent_at timestamp with time zone,
  email_change_token_new character varying(255),
  email_change character varying(255),
  email_change_sent_at timestamp with time zone,
  last_sign_in_at timestamp with time zone,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  is_super_admin boolean,
  created_at timestamp with time zone,
  updated_at timestamp with time zone,
  phone text UNIQUE DEFAULT NULL,
  phone_confirmed_at timestamp with time zone,
  phone_change text DEFAULT '',
  phone_change_token character varying(255) DEFAULT '',
  phone_change_sent_at timestamp with time zone,
  confirmed_at timestamp with time zone GENERATED ALWAYS AS (LEAST(email_confirmed_at, phone_confirmed_at)) STORED,
  email_change_token_current character varying(255) DEFAULT '',
  email_change_confirm_status smallint DEFAULT 0,
  banned_until timestamp with time zone,
  reauthentication_token character varying(255) DEFAULT '',
  reauthentication_sent_at timestamp with time zone,
  is_sso_user boolean NOT NULL DEFAULT false,
  deleted_at timestamp with time zone,
  is_anonymous boolean NOT NULL DEFAULT false
);
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(coalesce(current_setting('request.jwt.claim.sub', true), (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')), '')::uuid
$$;
CREATE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT nullif(coalesce(current_setting('request.jwt.claim.role', true), (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')), '')::text
$$;
CREATE FUNCTION auth.email() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT nullif(coalesce(current_setting('request.jwt.claim.email', true), (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')), '')::text
$$;
CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('request.jwt.claim', true), ''), nullif(current_setting('request.jwt.claims', true), ''))::jsonb
$$;
`;

const STORAGE_SQL = `
CREATE SCHEMA IF NOT EXISTS storage;
CREATE TABLE storage.buckets (
  id text NOT NULL PRIMARY KEY,
  name text NOT NULL,
  owner uuid,
  created_at timestamp with time zone DEFAULT now(),
  updated_at timestamp with time zone DEFAULT now(),
  public boolean DEFAULT false,
  avif_autodetection boolean DEFAULT false,
  file_size_limit bigint,
  allowed_mime_types text[],
  owner_id text
);
CREATE UNIQUE INDEX bname ON storage.buckets USING btree (name);
CREATE TABLE storage.objects (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  bucket_id text REFERENCES storage.buckets (id),
  name text,
  owner uuid,
  created_at timestamp with time zone DEFAULT now(),
  updated_at timestamp with time zone DEFAULT now(),
  last_accessed_at timestamp with time zone DEFAULT now(),
  metadata jsonb,
  path_tokens text[] GENERATED ALWAYS AS (string_to_array(name, '/')) STORED,
  version text,
  owner_id text,
  user_metadata jsonb
);
CREATE UNIQUE INDEX bucketid_objname ON storage.objects USING btree (bucket_id, name);
ALTER TABLE storage.buckets ENABLE ROW LEVEL SECURITY;
ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY;
CREATE FUNCTION storage.foldername(name text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE _parts text[];
BEGIN
  SELECT string_to_array(name, '/') INTO _parts;
  RETURN _parts[1:array_length(_parts, 1) - 1];
END
$$;
CREATE FUNCTION storage.filename(name text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE _parts text[];
BEGIN
  SELECT string_to_array(name, '/') INTO _parts;
  RETURN _parts[array_length(_parts, 1)];
END
$$;
CREATE FUNCTION storage.extension(name text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE _parts text[]; _filename text;
BEGIN
  SELECT string_to_array(name, '/') INTO _parts;
  SELECT _parts[array_length(_parts, 1)] INTO _filename;
  RETURN reverse(split_part(reverse(_filename), '.', 1));
END
$$;
`;

// A trigger function: the real one posts the row to the URL in its trigger arguments (pg_net), which a schema
// replay has no use for.
const WEBHOOKS_SQL = `
CREATE SCHEMA IF NOT EXISTS supabase_functions;
CREATE FUNCTION supabase_functions.http_request() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RETURN NEW;
END
$$;
`;

/** The SQL that installs a plan's shims, run before the first migration. */
export function shimSql(plan: ShimPlan): string {
  const parts: string[] = [];
  for (const role of plan.roles) parts.push(`CREATE ROLE ${quoteIdent(role)} NOLOGIN;`);
  if (plan.extensionsSchema) parts.push('CREATE SCHEMA IF NOT EXISTS extensions;');
  for (const name of plan.preinstalled) parts.push(`CREATE EXTENSION IF NOT EXISTS ${quoteIdent(name)} WITH SCHEMA extensions;`);
  if (plan.auth) parts.push(AUTH_SQL);
  if (plan.storage) parts.push(STORAGE_SQL);
  if (plan.webhooks) parts.push(WEBHOOKS_SQL);
  if (plan.realtime) parts.push('CREATE PUBLICATION supabase_realtime;');
  return parts.join('\n');
}

let pgliteVersion: string | undefined;

/** The installed PGlite's version: part of the cache key and of the template's name. */
export function pgliteVersionOf(): string {
  if (pgliteVersion !== undefined) return pgliteVersion;
  try {
    let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    while (dir !== path.dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === '@electric-sql/pglite') return (pgliteVersion = pkg.version ?? '');
      } catch {
        // no package.json at this level
      }
      dir = path.dirname(dir);
    }
  } catch {
    // unresolvable: the version stays unknown
  }
  return (pgliteVersion = '');
}
