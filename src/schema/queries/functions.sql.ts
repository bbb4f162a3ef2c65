import { IN_SCHEMAS, notExtensionMember } from './common.sql.js';

export interface FunctionRow {
  schema: string;
  name: string;
  args: string;
  args_with_defaults: string;
  returns: string | null;
  language: string;
  prokind: 'f' | 'p' | 'a' | 'w';
  volatility: 'i' | 's' | 'v';
  security_definer: boolean;
  arg_names: string[] | null;
  arg_modes: string[] | null;
  arg_defaults: number;
  body: string | null;
  definition: string | null;
}

/**
 * The body is prosrc, or for SQL-standard bodies (`BEGIN ATOMIC`, PostgreSQL 14+) the deparsed prosqlbody.
 * pg_get_functiondef() refuses aggregates.
 */
export const FUNCTIONS_SQL = `SELECT n.nspname AS schema, p.proname AS name,
    pg_catalog.pg_get_function_identity_arguments(p.oid) AS args,
    pg_catalog.pg_get_function_arguments(p.oid) AS args_with_defaults,
    pg_catalog.pg_get_function_result(p.oid) AS returns,
    l.lanname AS language, p.prokind::text AS prokind, p.provolatile::text AS volatility, p.prosecdef AS security_definer,
    to_json(p.proargnames) AS arg_names, to_json(p.proargmodes::text[]) AS arg_modes, p.pronargdefaults::int AS arg_defaults,
    CASE WHEN p.prosqlbody IS NOT NULL THEN pg_catalog.pg_get_function_sqlbody(p.oid) ELSE p.prosrc END AS body,
    CASE WHEN p.prokind <> 'a' THEN pg_catalog.pg_get_functiondef(p.oid) END AS definition
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  JOIN pg_catalog.pg_language l ON l.oid = p.prolang
  WHERE p.pronamespace ${IN_SCHEMAS} AND ${notExtensionMember('pg_proc', 'p.oid')}`;
