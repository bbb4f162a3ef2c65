import type { SchemaIndex, Suggestion } from '../../src/schema/index.js';
import type { QualifiedName, Reference, Relation } from '../../src/types.js';

/** `schema.name` for messages. */
export function qualified(relation: { schema: string; name: string }): string {
  return `${relation.schema}.${relation.name}`;
}

/** The `did you mean` / `exists in schema` help for a relation name that does not resolve. */
export function relationHelp(
  schema: SchemaIndex,
  name: QualifiedName,
  quoted: boolean,
): { helpId: 'existsInSchema' | 'didYouMean'; helpData: Record<string, string> } | undefined {
  const elsewhere = schema.sameNameElsewhere(name, quoted);
  if (elsewhere.length > 0) {
    return { helpId: 'existsInSchema', helpData: { schema: elsewhere.map((r) => r.schema).join('`, `'), name: elsewhere[0]!.name } };
  }
  const suggestion = schema.nearestRelation(name.name);
  return suggestion ? { helpId: 'didYouMean', helpData: { suggestion } } : undefined;
}

/** Help data for a column suggestion, by reason. */
export function columnHelp(
  suggestion: Suggestion | undefined,
  column: string,
): { helpId: 'didYouMean' | 'renamed' | 'similarName'; helpData: Record<string, string> } | undefined {
  if (!suggestion) return undefined;
  const list = suggestion.names.map((n) => `\`${n}\``).join(', ');
  if (suggestion.reason === 'spelling') return { helpId: 'didYouMean', helpData: { suggestion: suggestion.names[0]!, column } };
  if (suggestion.reason === 'rename' || (suggestion.reason === 'suffix' && suggestion.names.length === 1)) return { helpId: 'renamed', helpData: { suggestion: suggestion.names[0]!, column } };
  return { helpId: 'similarName', helpData: { suggestions: list, column } };
}

/** Relations that a reference counts as using: its relation, or every candidate of a multi-table column reference. */
export function usedRelations(schema: SchemaIndex, ref: Reference): Relation[] {
  const names = ref.candidates?.length ? ref.candidates : [ref.relation];
  return names.map((n) => schema.resolveRelation(n, ref.quoted)).filter((r): r is Relation => r !== undefined);
}

/**
 * Whether code in a reference's own file creates what it names (`CREATE TABLE`, `CREATE FUNCTION` run by the code: a
 * temporary table, a backfill script's helper), so the schema need not have it.
 */
export function createdInSameFile(schema: SchemaIndex, references: readonly Reference[], kind: 'relation' | 'function'): (ref: Reference) => boolean {
  const key = (ref: Reference) => `${ref.location.file}\u0000${schema.qualify(ref.relation, ref.quoted)}`;
  const created = new Set(references.filter((r) => r.creates && (r.kind === 'function') === (kind === 'function')).map(key));
  return (ref) => created.has(key(ref));
}

/** Relation and column references, excluding DDL (code that creates or drops a table is not a use of it). */
export function isDataReference(ref: Reference): boolean {
  return (ref.kind === 'relation' || ref.kind === 'column') && ref.access !== 'ddl';
}

/** Migration bookkeeping tables of common tools; never orphaned. */
export const BOOKKEEPING_TABLES = [
  '_prisma_migrations',
  'schema_migrations',
  'knex_migrations',
  'knex_migrations_lock',
  'alembic_version',
  '__drizzle_migrations',
  'typeorm_metadata',
  'migrations',
  'SequelizeMeta',
  'flyway_schema_history',
  'goose_db_version',
  'django_migrations',
];

/**
 * Tables and schemas that a library or framework creates and uses itself, by the package that does: they are not the
 * app's to orphan when the project depends on that package (a `session` table elsewhere is the app's own).
 */
export const MANAGED_BY_PACKAGE: Record<string, { tables?: string[]; schemas?: string[] }> = {
  django: {
    tables: [
      'django_content_type', 'django_session', 'django_admin_log', 'django_site', 'auth_permission', 'auth_group',
      'auth_group_permissions', 'auth_user', 'auth_user_groups', 'auth_user_user_permissions',
    ],
  },
  'connect-pg-simple': { tables: ['session'] },
  // drizzle-kit's migrator keeps its journal table (any name: `migrationsTable`) in the `drizzle` schema.
  'drizzle-orm': { schemas: ['drizzle'] },
  'graphile-worker': { schemas: ['graphile_worker'] },
  'graphile-migrate': { schemas: ['graphile_migrate'] },
  'pg-boss': { schemas: ['pgboss'] },
  'celery': { tables: ['celery_taskmeta', 'celery_tasksetmeta'] },
  'django-celery-results': { tables: ['django_celery_results_taskresult', 'django_celery_results_groupresult', 'django_celery_results_chordcounter'] },
};

/** Schemas managed by a platform (Supabase and its extensions); their tables are not the app's to orphan. */
export const PLATFORM_SCHEMAS = [
  'auth', 'storage', 'realtime', 'supabase_functions', 'supabase_migrations', 'extensions', 'graphql',
  'graphql_public', 'pgsodium', 'vault', 'net', 'cron', 'pg_catalog', 'information_schema',
];

/**
 * Schemas that the project's dependencies create at run time (graphile-worker's `graphile_worker`, pg-boss's `pgboss`)
 * and that the schema source does not hold: references into them cannot be judged, so they are not findings.
 */
export function runtimeManagedSchemas(packages: readonly string[], existing: readonly string[]): Set<string> {
  const schemas = new Set<string>();
  for (const name of packages) for (const s of MANAGED_BY_PACKAGE[name]?.schemas ?? []) if (!existing.includes(s)) schemas.add(s);
  return schemas;
}
