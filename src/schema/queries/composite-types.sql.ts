import { IN_SCHEMAS, notExtensionMember } from './common.sql.js';

export interface CompositeTypeRow {
  schema: string;
  name: string;
  attributes: { name: string; type: string }[];
}

/** Standalone composite types only (relkind 'c'), not the row type every table has. */
export const COMPOSITE_TYPES_SQL = `SELECT n.nspname AS schema, t.typname AS name,
    to_json(ARRAY(SELECT json_build_object('name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod))
      FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)) AS attributes
  FROM pg_catalog.pg_type t
  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
  JOIN pg_catalog.pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
  WHERE t.typtype = 'c' AND t.typnamespace ${IN_SCHEMAS} AND ${notExtensionMember('pg_type', 't.oid')}`;
