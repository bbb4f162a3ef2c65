/**
 * Fragments shared by the catalog queries. `$1` is always a JSON array of the schema names to describe.
 * Queries read pg_catalog only (information_schema hides what the role may not use) and never sort by a
 * collation-dependent ORDER BY: the caller sorts in code so every server gives the same order.
 */
export const IN_SCHEMAS = `IN (SELECT ns.oid FROM pg_catalog.pg_namespace ns WHERE ns.nspname IN (SELECT jsonb_array_elements_text($1::jsonb)))`;

/** Objects created by an extension belong to it, not to the application. */
export const notExtensionMember = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep WHERE dep.classid = '${catalog}'::regclass AND dep.objid = ${oid} AND dep.deptype = 'e')`;

/** Oids of the described relations: tables, views, materialized views, partitioned and foreign tables. */
export const USER_RELATIONS = `SELECT c.oid FROM pg_catalog.pg_class c
  WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f') AND c.relnamespace ${IN_SCHEMAS} AND ${notExtensionMember('pg_class', 'c.oid')}`;
