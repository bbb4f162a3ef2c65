export interface ExtensionRow {
  name: string;
  schema: string;
  version: string;
}

/** Extensions are database-wide: listed whatever the schema filter. */
export const EXTENSIONS_SQL = `SELECT e.extname AS name, n.nspname AS schema, e.extversion AS version
  FROM pg_catalog.pg_extension e
  JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace`;
