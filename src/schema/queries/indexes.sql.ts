import { USER_RELATIONS } from './common.sql.js';

export interface IndexRow {
  oid: string;
  name: string;
  definition: string;
  unique: boolean;
  partial: boolean;
  constraint: boolean;
  columns: string[];
}

/**
 * Key columns only (not INCLUDE); an expression column is given as its text. pg_constraint has no index on conindid,
 * so the backing constraints are joined as a set rather than looked up per index.
 */
export const INDEXES_SQL = `SELECT i.indrelid::text AS oid, ic.relname AS name, pg_catalog.pg_get_indexdef(i.indexrelid) AS definition,
    i.indisunique AS unique, i.indpred IS NOT NULL AS partial,
    backing.conindid IS NOT NULL AS constraint,
    to_json(ARRAY(SELECT CASE WHEN i.indkey[k - 1] <> 0
        THEN (SELECT a.attname::text FROM pg_catalog.pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1])
        ELSE pg_catalog.pg_get_indexdef(i.indexrelid, k, true) END
      FROM generate_series(1, i.indnkeyatts) k ORDER BY k)) AS columns
  FROM pg_catalog.pg_index i
  JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
  LEFT JOIN (SELECT DISTINCT co.conindid, co.conrelid FROM pg_catalog.pg_constraint co WHERE co.contype IN ('p', 'u', 'x')) backing
    ON backing.conindid = i.indexrelid AND backing.conrelid = i.indrelid
  WHERE i.indrelid IN (${USER_RELATIONS})`;
