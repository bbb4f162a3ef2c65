import { BUILTIN_FUNCTIONS } from './builtins.generated.js';
import { str, type Json } from './pg-tree.js';

/**
 * Built-in functions that return rows rather than one value, with their output columns; `null` when the columns depend
 * on the call (a column definition list, the row type of an argument). Other built-ins return one value, except the
 * `pg_*` ones, many of which return rows: those are not known here.
 */
const ROW_FUNCTIONS: Record<string, readonly string[] | null> = {
  json_each: ['key', 'value'],
  json_each_text: ['key', 'value'],
  jsonb_each: ['key', 'value'],
  jsonb_each_text: ['key', 'value'],
  aclexplode: ['grantor', 'grantee', 'privilege_type', 'is_grantable'],
  ts_stat: ['word', 'ndoc', 'nentry'],
  ts_parse: ['tokid', 'token'],
  ts_token_type: ['tokid', 'alias', 'description'],
  ts_debug: ['alias', 'description', 'token', 'dictionaries', 'dictionary', 'lexemes'],
  json_to_record: null,
  json_to_recordset: null,
  jsonb_to_record: null,
  jsonb_to_recordset: null,
  json_populate_record: null,
  json_populate_recordset: null,
  jsonb_populate_record: null,
  jsonb_populate_recordset: null,
};

function names(list: Json[] | undefined, pick: (item: Json) => string | undefined): string[] {
  return (list ?? []).map(pick).filter((s): s is string => !!s);
}

/** The name of a built-in function call, when the call is one (unqualified or `pg_catalog.`). */
function builtinName(call: Json): string | undefined {
  const parts = (call?.funcname as Json[] | undefined)?.map(str) ?? [];
  const name = parts[parts.length - 1];
  if (!name || (parts.length === 2 && parts[0] !== 'pg_catalog') || parts.length > 2) return undefined;
  return BUILTIN_FUNCTIONS.has(name) ? name : undefined;
}

/** Output column names of one function, or `null` when its row type is not known here. */
function ownColumns(call: Json, definitions: string[], columnName: string | undefined): string[] | null {
  if (definitions.length > 0) return definitions;
  const name = builtinName(call);
  if (!name || name.startsWith('pg_')) return null;
  if (Object.hasOwn(ROW_FUNCTIONS, name)) return ROW_FUNCTIONS[name] ? [...ROW_FUNCTIONS[name]] : null;
  return [columnName ?? name];
}

/**
 * The output columns of a function in FROM, as PostgreSQL names them: a column definition list names them; a
 * function that returns one value has one column, named by the table alias when it is the only function (`unnest(x)
 * AS l` gives `l`), else by the function; `WITH ORDINALITY` adds `ordinality`; the alias's column list renames them in
 * order. `null` when a function's row type is not known here (a user function), unless the alias names every column.
 */
export function rangeFunctionColumns(body: Json): Set<string> | null {
  const aliasColumns = names(body.alias?.colnames, str);
  let calls = ((body.functions as Json[] | undefined) ?? []).map((f) => {
    const [call, definitions] = (f.List?.items as Json[] | undefined) ?? [];
    return { call: call?.FuncCall, definitions: names(definitions?.List?.items, (c) => c.ColumnDef?.colname) };
  });
  const single = calls[0];
  if (calls.length === 1 && single?.call) {
    if (body.coldeflist) single.definitions = names(body.coldeflist, (c) => c.ColumnDef?.colname);
    // unnest(a, b) outside ROWS FROM is ROWS FROM(unnest(a), unnest(b)).
    const args = (single.call.args as Json[] | undefined) ?? [];
    if (!body.is_rowsfrom && builtinName(single.call) === 'unnest' && args.length > 1 && single.definitions.length === 0) {
      calls = args.map(() => ({ call: single.call, definitions: [] }));
    }
  }
  const alias = calls.length === 1 ? (body.alias?.aliasname as string | undefined) : undefined;
  const columns: string[] = [];
  for (const { call, definitions } of calls) {
    const own = call ? ownColumns(call, definitions, alias) : null;
    if (!own) return aliasColumns.length > 0 ? new Set(aliasColumns) : null;
    columns.push(...own);
  }
  if (body.ordinality) columns.push('ordinality');
  aliasColumns.forEach((name, i) => (columns[i] = name));
  return new Set(columns);
}
