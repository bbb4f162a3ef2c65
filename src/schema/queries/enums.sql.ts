import { IN_SCHEMAS, notExtensionMember } from './common.sql.js';

export interface EnumRow {
  schema: string;
  name: string;
  values: string[];
}

export const ENUMS_SQL = `SELECT n.nspname AS schema, t.typname AS name,
    to_json(ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)) AS values
  FROM pg_catalog.pg_type t
  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
  WHERE t.typtype = 'e' AND t.typnamespace ${IN_SCHEMAS} AND ${notExtensionMember('pg_type', 't.oid')}`;
