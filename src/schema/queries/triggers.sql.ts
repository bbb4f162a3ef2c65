import { USER_RELATIONS } from './common.sql.js';

export interface TriggerRow {
  oid: string;
  name: string;
  definition: string;
  enabled: boolean;
  function_schema: string;
  function_name: string;
}

/** Internal triggers (those implementing foreign keys) are not the application's. */
export const TRIGGERS_SQL = `SELECT t.tgrelid::text AS oid, t.tgname AS name, pg_catalog.pg_get_triggerdef(t.oid) AS definition,
    t.tgenabled <> 'D' AS enabled, pn.nspname AS function_schema, p.proname AS function_name
  FROM pg_catalog.pg_trigger t
  JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
  JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
  WHERE NOT t.tgisinternal AND t.tgrelid IN (${USER_RELATIONS})`;
