export interface SchemaRow {
  name: string;
}

/** User schemas: not pg_catalog, information_schema, pg_toast*, pg_temp*, nor one an extension created. `$1`: JSON list or null. */
export const SCHEMAS_SQL = `SELECT n.nspname AS name FROM pg_catalog.pg_namespace n
  WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep WHERE dep.classid = 'pg_namespace'::regclass AND dep.objid = n.oid AND dep.deptype = 'e')
    AND ($1::jsonb IS NULL OR n.nspname IN (SELECT jsonb_array_elements_text($1::jsonb)))`;
