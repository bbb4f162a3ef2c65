import { IN_SCHEMAS, notExtensionMember } from './common.sql.js';

export interface SequenceRow {
  schema: string;
  name: string;
  type: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cycle: boolean;
  owned_by: string | null;
}

/** `owned_by` follows the 'a' (serial, OWNED BY) and 'i' (identity) dependencies to the column. */
export const SEQUENCES_SQL = `SELECT n.nspname AS schema, c.relname AS name, pg_catalog.format_type(s.seqtypid, NULL) AS type,
    s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS min, s.seqmax::text AS max, s.seqcycle AS cycle,
    (SELECT tn.nspname || '.' || tc.relname || '.' || a.attname
      FROM pg_catalog.pg_depend d
      JOIN pg_catalog.pg_class tc ON tc.oid = d.refobjid
      JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
      JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
        AND d.deptype IN ('a', 'i') LIMIT 1) AS owned_by
  FROM pg_catalog.pg_sequence s
  JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relnamespace ${IN_SCHEMAS} AND ${notExtensionMember('pg_class', 'c.oid')}`;
