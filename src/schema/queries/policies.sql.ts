import { USER_RELATIONS } from './common.sql.js';

export interface PolicyRow {
  oid: string;
  name: string;
  cmd: '*' | 'r' | 'a' | 'w' | 'd';
  permissive: boolean;
  roles: string[];
  using: string | null;
  with_check: string | null;
}

export const POLICIES_SQL = `SELECT pol.polrelid::text AS oid, pol.polname AS name, pol.polcmd::text AS cmd, pol.polpermissive AS permissive,
    to_json(ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(r)::text END FROM unnest(pol.polroles) r)) AS roles,
    pg_catalog.pg_get_expr(pol.polqual, pol.polrelid) AS using,
    pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid) AS with_check
  FROM pg_catalog.pg_policy pol
  WHERE pol.polrelid IN (${USER_RELATIONS})`;
