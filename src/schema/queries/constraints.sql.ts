import { USER_RELATIONS } from './common.sql.js';

export interface ConstraintRow {
  oid: string;
  name: string;
  contype: 'p' | 'u' | 'c' | 'f' | 'x';
  definition: string;
  columns: string[];
  ref_schema: string | null;
  ref_name: string | null;
  ref_columns: string[];
  deferrable: boolean;
}

const columnNames = (keys: string, rel: string) =>
  `to_json(ARRAY(SELECT a.attname::text FROM unnest(${keys}) WITH ORDINALITY k(num, ord)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = ${rel} AND a.attnum = k.num ORDER BY k.ord))`;

/** PostgreSQL 18 also stores NOT NULL as constraints (contype 'n'); they are column facts here, as on older servers. */
export const CONSTRAINTS_SQL = `SELECT co.conrelid::text AS oid, co.conname AS name, co.contype::text AS contype,
    pg_catalog.pg_get_constraintdef(co.oid) AS definition,
    ${columnNames('co.conkey', 'co.conrelid')} AS columns,
    fn.nspname AS ref_schema, fc.relname AS ref_name,
    ${columnNames('co.confkey', 'co.confrelid')} AS ref_columns,
    co.condeferrable AS deferrable
  FROM pg_catalog.pg_constraint co
  LEFT JOIN pg_catalog.pg_class fc ON fc.oid = co.confrelid
  LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
  WHERE co.contype IN ('p', 'u', 'c', 'f', 'x') AND co.conrelid IN (${USER_RELATIONS})`;
