export interface SettingsRow {
  search_path: string;
  server_version: string;
  server_version_num: number;
  namespaces: string[];
}

export const SETTINGS_SQL = `SELECT current_setting('search_path') AS search_path,
  current_setting('server_version') AS server_version,
  current_setting('server_version_num')::int AS server_version_num,
  to_json(ARRAY(SELECT nspname::text FROM pg_catalog.pg_namespace)) AS namespaces`;
