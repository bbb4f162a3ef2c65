import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse/sync';
import { SourceError } from '../errors.js';
import type { QualifiedName } from '../types.js';
import { classifyMessage, MESSAGE_HINT, type MissingKind, type MissingObject } from './messages.js';

export type { MissingKind } from './messages.js';

/** Where an entry came from: the PostgreSQL server's own logs, PostgREST, or an application's output. */
export type LogFormat = 'postgres' | 'csvlog' | 'jsonlog' | 'postgrest' | 'json' | 'node' | 'python' | 'text';

/** One error about a missing object, found in a log. */
export interface LogEntry {
  kind: MissingKind;
  /** The relation (relation, column, not-null) or function (function) as the log names it; `name` is empty when unknown. */
  object: QualifiedName;
  column?: string;
  args?: string;
  /** SQLSTATE (`42P01`) or PostgREST code (`PGRST205`): as logged, else implied by the message. */
  code?: string;
  message: string;
  /** ISO 8601 when the log gives a zone, else the timestamp as logged. */
  timestamp?: string;
  /** The SQL statement, when the log has it (`STATEMENT:` line, csvlog/jsonlog query, SQLAlchemy `[SQL: ...]`). */
  statement?: string;
  detail?: string;
  format: LogFormat;
  source: { file: string; line: number };
}

export interface ParsedLog {
  file: string;
  entries: LogEntry[];
  /** Non-blank lines read. */
  lines: number;
  /** Lines that belong to no recognised record (not an error, not a log record, not a stack trace). */
  unrecognized: number;
  /** The first few unrecognised lines, for --debug. */
  unrecognizedSamples: { line: number; text: string }[];
}

const TIMESTAMP = /(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:[.,](\d+))?(?:\s*(Z|UTC|GMT|[+-]\d\d(?::?\d\d)?|[A-Z]{1,4}T)\b)?/;

/** A log timestamp as ISO 8601 in UTC when its zone is known; else as written, with `T`. */
export function normaliseTimestamp(text: string): string | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const fraction = m[3] ? `.${m[3].padEnd(3, '0').slice(0, 3)}` : '';
  const local = `${m[1]}T${m[2]}${fraction}`;
  const zone = m[4];
  if (zone === undefined) return local;
  if (zone === 'Z' || zone === 'UTC' || zone === 'GMT') return `${local}${fraction ? '' : '.000'}Z`;
  if (/^[+-]/.test(zone)) {
    const offset = zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    const date = new Date(`${local}${offset}`);
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  }
  return `${local} ${zone}`;
}

function timestampFromJson(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // pino writes epoch milliseconds; some loggers write seconds.
    const ms = value > 1e12 ? value : value * 1000;
    return new Date(ms).toISOString();
  }
  return typeof value === 'string' ? normaliseTimestamp(value) : undefined;
}

/** Reads a log file (gzip detected by its magic bytes) or standard input (`-`). */
export function readLogBytes(file: string, readStdin: () => Buffer = () => readFileSync(0)): string {
  let bytes: Buffer;
  try {
    bytes = file === '-' ? readStdin() : readFileSync(file);
  } catch (error) {
    throw new SourceError(`Cannot read log ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new SourceError(`Cannot read log ${file} (corrupt gzip: ${(error as Error).message})`);
    }
  }
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

// PostgreSQL's stderr format: any log_line_prefix, then a severity and two spaces.
const PG_LINE = /^(.*?)\b(ERROR|FATAL|PANIC|WARNING|NOTICE|LOG|INFO|DEBUG[1-5]?|DETAIL|HINT|STATEMENT|CONTEXT|QUERY|LOCATION):  (.*)$/;
const PG_PID = /\[(\d+)(?:-\d+)?\]|\bpid[=:](\d+)/;
const MAX_JSON_LINES = 200;
const COMPOSE_PREFIX = /^[\w.-]+[-_]\d+\s+\| ?/;
const CSVLOG_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? [A-Za-z0-9+:-]+,/;

// Lines that belong to an error block printed by an application: stack frames, Node's dump of the error object,
// Python tracebacks, SQLAlchemy's and psycopg's extra lines.
const CONTEXT_LINES = [
  /^\s+at\s/, // JS stack frame
  /^\s*[{}[\]],?\s*$/,
  /^\s+['"]?[\w$]+['"]?:\s.*,?$/, // `  code: '42P01',`
  /^\s*\.\.\.\s*\d*\s*(?:more|lines? matching).*$/,
  /^Traceback \(most recent call last\):/,
  /^\s+File ".*", line \d+/,
  /^\s{4,}\S/, // indented source lines in tracebacks
  /^\s*[~^]+\s*$/, // carets under the failing part (Python 3.11+ marks it with ~~~^^^)
  /^\s*LINE \d+:/,
  /^The above exception was the direct cause/,
  /^During handling of the above exception/,
  /^\(Background on this error at:/,
  /^\[parameters: /,
  /^\s*HINT:\s/,
];

interface PgRecord {
  key: string;
  entry?: LogEntry;
  field?: 'statement' | 'detail';
}

/** Parses one log's text. Never throws: what it does not understand is counted. */
export function parseLog(text: string, file: string): ParsedLog {
  const lines = text.split(/\r?\n/);
  const firstLine = lines.find((l) => l.trim() !== '') ?? '';
  if (file.endsWith('.csv') || file.endsWith('.csv.gz') || CSVLOG_LINE.test(firstLine)) {
    const csv = parseCsvlog(text, file);
    if (csv) return csv;
  }
  const result: ParsedLog = { file, entries: [], lines: 0, unrecognized: 0, unrecognizedSamples: [] };
  const lastByKey = new Map<string, PgRecord>();
  let lastPg: PgRecord | undefined;
  let lastApp: LogEntry | undefined;
  let lastAppLine = 0;
  let sqlBlock: LogEntry | undefined;
  let pendingTimestamp: { value: string; line: number } | undefined;

  const push = (found: MissingObject, extra: Omit<LogEntry, 'kind' | 'object' | 'column' | 'args'>): LogEntry => {
    const entry: LogEntry = {
      kind: found.kind,
      object: found.object,
      ...(found.column !== undefined ? { column: found.column } : {}),
      ...(found.args !== undefined ? { args: found.args } : {}),
      ...extra,
      ...(extra.code ?? found.impliedCode ? { code: extra.code ?? found.impliedCode } : {}),
    };
    result.entries.push(entry);
    return entry;
  };
  const unrecognized = (n: number, line: string) => {
    result.unrecognized++;
    if (result.unrecognizedSamples.length < 10) result.unrecognizedSamples.push({ line: n, text: line.slice(0, 200) });
  };

  for (let i = 0; i < lines.length; i++) {
    // `docker compose logs` puts `service-1  | ` in front of every line.
    const line = lines[i]!.replace(COMPOSE_PREFIX, '');
    const n = i + 1;
    if (line.trim() === '') continue;
    result.lines++;

    if (sqlBlock) {
      // SQLAlchemy's `[SQL: ...]` may span lines until the closing bracket.
      sqlBlock.statement = `${sqlBlock.statement}\n${line}`;
      if (/\]\s*$/.test(line)) {
        sqlBlock.statement = sqlBlock.statement!.replace(/\]\s*$/, '').trim();
        sqlBlock = undefined;
      }
      continue;
    }

    // A continuation of the previous PostgreSQL record (multi-line statements are indented with a tab).
    if (line.startsWith('\t') && lastPg) {
      if (lastPg.entry && lastPg.field) {
        const field = lastPg.field;
        lastPg.entry[field] = `${lastPg.entry[field] ?? ''}\n${line.slice(1)}`;
      }
      continue;
    }

    const trimmed = line.trim();
    let jsonText = trimmed.startsWith('{') && trimmed.endsWith('}') ? trimmed : undefined;
    let jsonEnd = i;
    if (trimmed === '{') {
      // A pretty-printed JSON body (a PostgREST error pasted into a log): read on until it parses.
      for (let j = i + 1, text = trimmed; j < Math.min(lines.length, i + MAX_JSON_LINES); j++) {
        text += `\n${lines[j]!.replace(COMPOSE_PREFIX, '')}`;
        if (/^\s*\}/.test(lines[j]!.replace(COMPOSE_PREFIX, '')) && tryJson(text) !== undefined) {
          jsonText = text;
          jsonEnd = j;
          break;
        }
      }
    }
    if (jsonText !== undefined) {
      const json = tryJson(jsonText);
      if (json !== undefined) {
        lastPg = undefined;
        const found = parseJsonRecord(json);
        if (found) push(found.object, { message: found.message, format: found.format, source: { file, line: n }, ...found.extra });
        result.lines += lines.slice(i + 1, jsonEnd + 1).filter((l) => l.trim() !== '').length;
        i = jsonEnd;
        continue;
      }
    }

    const pg = PG_LINE.exec(line);
    if (pg) {
      const [, prefix = '', severity = '', message = ''] = pg;
      const pid = PG_PID.exec(prefix);
      const key = pid ? (pid[1] ?? pid[2]!) : '';
      if (severity === 'STATEMENT' || severity === 'DETAIL' || severity === 'QUERY' || severity === 'HINT' || severity === 'CONTEXT' || severity === 'LOCATION') {
        const previous = lastByKey.get(key);
        if (previous?.entry && (severity === 'STATEMENT' || severity === 'DETAIL')) {
          const field = severity === 'STATEMENT' ? 'statement' : 'detail';
          if (previous.entry[field] === undefined) previous.entry[field] = message;
          previous.field = field;
        } else if (previous) previous.field = undefined;
        lastPg = previous;
        continue;
      }
      const record: PgRecord = { key };
      if (severity === 'ERROR' || severity === 'FATAL' || severity === 'PANIC') {
        const found = classifyMessage(message);
        const timestamp = normaliseTimestamp(prefix);
        if (found) record.entry = push(found, { message, format: 'postgres', source: { file, line: n }, ...(timestamp ? { timestamp } : {}) });
      }
      lastByKey.set(key, record);
      lastPg = record;
      continue;
    }
    lastPg = undefined;

    const found = classifyMessage(unescapeJsonString(line));
    const lineTimestamp = normaliseTimestamp(line);
    if (found) {
      const isPython = /\b(?:psycopg2?|sqlalchemy|asyncpg|django)\b|Error: \(|^\w+(?:\.\w+)+: /.test(line);
      const isPostgrest = /^\s*"message"\s*:/.test(line);
      const format: LogFormat = isPython ? 'python' : isPostgrest ? 'postgrest' : /\b[Ee]rror:\s/.test(line) ? 'node' : 'text';
      // A Python traceback states the same error twice (the driver's, then SQLAlchemy's or Django's wrapper).
      if (
        format === 'python' &&
        lastApp?.format === 'python' &&
        n - lastAppLine <= 60 &&
        sameObject(lastApp, found)
      ) {
        lastAppLine = n;
        continue;
      }
      // A traceback's timestamp is on the logging line that introduced it.
      const timestamp = lineTimestamp ?? (pendingTimestamp && n - pendingTimestamp.line <= 30 ? pendingTimestamp.value : undefined);
      pendingTimestamp = undefined;
      lastApp = push(found, { message: found.text, format, source: { file, line: n }, ...(timestamp ? { timestamp } : {}) });
      lastAppLine = n;
      continue;
    }

    if (lastApp && n - lastAppLine <= 60) {
      const code = /^\s*['"]?code['"]?\s*:\s*['"]([0-9A-Z]{5}|PGRST\d{3})['"]/.exec(line);
      if (code) {
        lastApp.code = code[1]!;
        if (code[1]!.startsWith('PGRST') && lastApp.format === 'text') lastApp.format = 'postgrest';
        lastAppLine = n;
        continue;
      }
      const sql = /^\s*\[SQL:\s?(.*)$/.exec(line);
      if (sql) {
        lastAppLine = n;
        if (/\]\s*$/.test(sql[1]!)) lastApp.statement ??= sql[1]!.replace(/\]\s*$/, '').trim();
        else if (lastApp.statement === undefined) {
          lastApp.statement = sql[1]!;
          sqlBlock = lastApp;
        }
        continue;
      }
      if (CONTEXT_LINES.some((re) => re.test(line))) {
        lastAppLine = n;
        continue;
      }
    }
    if (lineTimestamp) pendingTimestamp = { value: lineTimestamp, line: n };
    if (CONTEXT_LINES.some((re) => re.test(line))) continue;
    unrecognized(n, line);
  }
  return result;
}

function sameObject(entry: LogEntry, found: MissingObject): boolean {
  return (
    entry.kind === found.kind &&
    entry.object.name === found.object.name &&
    entry.object.schema === found.object.schema &&
    entry.column === found.column
  );
}

function unescapeJsonString(line: string): string {
  return line.includes('\\"') ? line.replace(/\\"/g, '"') : line;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

interface JsonFinding {
  object: MissingObject;
  message: string;
  format: LogFormat;
  extra: Partial<Pick<LogEntry, 'code' | 'timestamp' | 'statement' | 'detail'>>;
}

/**
 * A JSON log line: PostgreSQL's jsonlog, a PostgREST error body, or an application's structured log that carries
 * one (pino, winston, Supabase's log explorer `event_message`).
 */
function parseJsonRecord(json: unknown): JsonFinding | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const record = json as Record<string, unknown>;
  if (typeof record.error_severity === 'string' && typeof record.message === 'string') {
    const object = classifyMessage(record.message);
    if (!object) return undefined;
    const timestamp = timestampFromJson(record.timestamp);
    return {
      object,
      message: record.message,
      format: 'jsonlog',
      extra: {
        ...(typeof record.state_code === 'string' ? { code: record.state_code } : {}),
        ...(timestamp ? { timestamp } : {}),
        ...(typeof record.statement === 'string' ? { statement: record.statement } : {}),
        ...(typeof record.detail === 'string' ? { detail: record.detail } : {}),
      },
    };
  }
  if (!MESSAGE_HINT.test(JSON.stringify(json))) return undefined;
  const found = findErrorObject(record, 0);
  if (!found) return undefined;
  const timestamp =
    timestampFromJson(record.time) ??
    timestampFromJson(record.timestamp) ??
    timestampFromJson(record['@timestamp']) ??
    timestampFromJson(record.ts) ??
    timestampFromJson(record.date);
  const code = typeof found.holder.code === 'string' ? found.holder.code : undefined;
  const isPostgrest = code?.startsWith('PGRST') || ('hint' in found.holder && 'details' in found.holder);
  const detail = typeof found.holder.details === 'string' ? found.holder.details : typeof found.holder.detail === 'string' ? found.holder.detail : undefined;
  return {
    object: found.object,
    message: found.message,
    format: isPostgrest ? 'postgrest' : 'json',
    extra: { ...(code ? { code } : {}), ...(timestamp ? { timestamp } : {}), ...(detail ? { detail } : {}) },
  };
}

/** The first string value (preferring `message`) that names a missing object, with the object holding it. */
function findErrorObject(
  holder: Record<string, unknown>,
  depth: number,
): { object: MissingObject; message: string; holder: Record<string, unknown> } | undefined {
  if (depth > 5) return undefined;
  const keys = Object.keys(holder).sort((a, b) => Number(b === 'message') - Number(a === 'message'));
  for (const key of keys) {
    const value = holder[key];
    if (typeof value === 'string') {
      const object = classifyMessage(value);
      if (object) return { object, message: value, holder };
    }
  }
  for (const key of keys) {
    const value = holder[key];
    if (typeof value === 'object' && value !== null) {
      const inner = Array.isArray(value)
        ? value.map((v) => (typeof v === 'object' && v !== null ? findErrorObject(v as Record<string, unknown>, depth + 1) : undefined)).find(Boolean)
        : findErrorObject(value as Record<string, unknown>, depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
}

// csvlog columns (PostgreSQL 13–17): log_time, user, database, pid, connection_from, session_id, session_line_num,
// command_tag, session_start_time, vxid, xid, error_severity, sql_state_code, message, detail, hint,
// internal_query, internal_query_pos, context, query, query_pos, location, application_name, ...
const CSV = { time: 0, pid: 3, severity: 11, state: 12, message: 13, detail: 14, query: 19 } as const;

function parseCsvlog(text: string, file: string): ParsedLog | undefined {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true }) as unknown as typeof records;
  } catch {
    return undefined;
  }
  const result: ParsedLog = { file, entries: [], lines: text.split(/\r?\n/).filter((l) => l.trim() !== '').length, unrecognized: 0, unrecognizedSamples: [] };
  // info.lines is the line the record ends on; its first line is found by counting its newlines back.
  for (const { record, info } of records) {
    const firstLine = info.lines - (record.join('').match(/\n/g)?.length ?? 0);
    if (record.length < 14 || !TIMESTAMP.test(record[CSV.time] ?? '')) {
      result.unrecognized++;
      if (result.unrecognizedSamples.length < 10) result.unrecognizedSamples.push({ line: firstLine, text: record.join(',').slice(0, 200) });
      continue;
    }
    const severity = record[CSV.severity] ?? '';
    if (severity !== 'ERROR' && severity !== 'FATAL' && severity !== 'PANIC') continue;
    const message = record[CSV.message] ?? '';
    const found = classifyMessage(message);
    if (!found) continue;
    const timestamp = normaliseTimestamp(record[CSV.time]!);
    const code = record[CSV.state] || found.impliedCode;
    result.entries.push({
      kind: found.kind,
      object: found.object,
      ...(found.column !== undefined ? { column: found.column } : {}),
      ...(found.args !== undefined ? { args: found.args } : {}),
      ...(code ? { code } : {}),
      message,
      ...(timestamp ? { timestamp } : {}),
      ...(record[CSV.query] ? { statement: record[CSV.query] } : {}),
      ...(record[CSV.detail] ? { detail: record[CSV.detail] } : {}),
      format: 'csvlog',
      source: { file, line: firstLine },
    });
  }
  return result;
}
