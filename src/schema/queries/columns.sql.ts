import { USER_RELATIONS } from './common.sql.js';

export interface ColumnRow {
  oid: string;
  num: number;
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
  identity: '' | 'a' | 'd';
  generated: string | null;
}

/**
 * A generated column's expression lives in pg_attrdef too: it is reported as `generated`, never as `default`.
 * A default cannot refer to columns, so it is deparsed without its relation (relid 0): pg_get_expr() with a relid takes
 * an AccessShareLock on the table, and introspection should wait on as few locks as it can.
 */
export const COLUMNS_SQL = `SELECT a.attrelid::text AS oid, a.attnum::int AS num, a.attname AS name,
    pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
    CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, 0) END AS default,
    a.attidentity::text AS identity,
    CASE WHEN a.attgenerated <> '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END AS generated
  FROM pg_catalog.pg_attribute a
  LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attrelid IN (${USER_RELATIONS})`;
