import { IN_SCHEMAS, notExtensionMember } from './common.sql.js';

export interface DomainRow {
  schema: string;
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
  checks: string[];
}

/** Only CHECK constraints: PostgreSQL 17+ also records a domain's NOT NULL as a constraint, here it is `nullable`. */
export const DOMAINS_SQL = `SELECT n.nspname AS schema, t.typname AS name, pg_catalog.format_type(t.typbasetype, t.typtypmod) AS type,
    NOT t.typnotnull AS nullable, t.typdefault AS default,
    to_json(ARRAY(SELECT pg_catalog.pg_get_constraintdef(co.oid) FROM pg_catalog.pg_constraint co
      WHERE co.contypid = t.oid AND co.contype = 'c' ORDER BY co.conname COLLATE "C")) AS checks
  FROM pg_catalog.pg_type t
  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
  WHERE t.typtype = 'd' AND t.typnamespace ${IN_SCHEMAS} AND ${notExtensionMember('pg_type', 't.oid')}`;
