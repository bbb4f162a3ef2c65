import { IN_SCHEMAS, notExtensionMember } from './common.sql.js';

export interface RelationRow {
  oid: string;
  schema: string;
  name: string;
  relkind: 'r' | 'v' | 'm' | 'p' | 'f';
  rls_enabled: boolean;
  rls_forced: boolean;
  definition: string | null;
  parent_schema: string | null;
  parent_name: string | null;
  bound: string | null;
  partition_key: string | null;
  reltuples: number;
  readable: boolean;
  populated: boolean;
}

/** A partition bound holds only constants: deparsed without its relation, so without taking a lock on it. */
export const RELATIONS_SQL = `SELECT c.oid::text AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind,
    c.relrowsecurity AS rls_enabled, c.relforcerowsecurity AS rls_forced,
    CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid, true) END AS definition,
    pn.nspname AS parent_schema, pc.relname AS parent_name,
    CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, 0) END AS bound,
    CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_key,
    c.reltuples::float8 AS reltuples,
    pg_catalog.has_table_privilege(c.oid, 'SELECT') AS readable, c.relispopulated AS populated
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_inherits inh ON c.relispartition AND inh.inhrelid = c.oid
  LEFT JOIN pg_catalog.pg_class pc ON pc.oid = inh.inhparent
  LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
  WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f') AND c.relnamespace ${IN_SCHEMAS} AND ${notExtensionMember('pg_class', 'c.oid')}`;
