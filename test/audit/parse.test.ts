import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { classifyMessage } from '../../src/audit/messages.js';
import { normaliseTimestamp, parseLog, readLogBytes, type LogEntry } from '../../src/audit/parse.js';

const FIXTURES = 'test/fixtures/logs';

interface Case {
  name: string;
  file: string;
  entries: LogEntry[];
  lines: number;
  unrecognized: number;
}

const cases: Case[] = [
  {
    name: 'PostgreSQL stderr, log_line_prefix %t:%r:%u@%d:[%p]:, interleaved sessions, multi-line statement',
    file: 'postgres-prefix.log',
    lines: 15,
    unrecognized: 1,
    entries: [
      {
        kind: 'relation', object: { schema: null, name: 'order_notes' }, code: '42P01', format: 'postgres',
        message: 'relation "order_notes" does not exist at character 15', timestamp: '2025-03-04T09:15:03.000Z',
        statement: 'SELECT id, body\nFROM order_notes\nWHERE order_id = $1', source: { file: 'postgres-prefix.log', line: 2 },
      },
      {
        kind: 'column', object: { schema: null, name: 'orders' }, column: 'discount_code', code: '42703', format: 'postgres',
        message: 'column "discount_code" of relation "orders" does not exist at character 40', timestamp: '2025-03-04T09:15:03.000Z',
        statement: 'INSERT INTO orders (customer_id, discount_code) VALUES ($1, $2)', source: { file: 'postgres-prefix.log', line: 3 },
      },
      {
        kind: 'function', object: { schema: 'shop', name: 'recalc_totals' }, args: 'integer', code: '42883', format: 'postgres',
        message: 'function shop.recalc_totals(integer) does not exist at character 8', timestamp: '2025-03-04T09:16:40.000Z',
        statement: 'SELECT shop.recalc_totals(42)', source: { file: 'postgres-prefix.log', line: 8 },
      },
      {
        kind: 'not-null', object: { schema: null, name: 'customers' }, column: 'email', code: '23502', format: 'postgres',
        message: 'null value in column "email" of relation "customers" violates not-null constraint', timestamp: '2025-03-04T09:20:11.000Z',
        detail: 'Failing row contains (17, null, Ada).', statement: 'INSERT INTO customers (name) VALUES ($1)',
        source: { file: 'postgres-prefix.log', line: 11 },
      },
    ],
  },
  {
    name: 'csvlog with a quoted multi-line query and a LOG record',
    file: 'postgresql.csv',
    lines: 4,
    unrecognized: 0,
    entries: [
      {
        kind: 'relation', object: { schema: null, name: 'invoices' }, code: '42P01', format: 'csvlog',
        message: 'relation "invoices" does not exist', timestamp: '2025-03-04T10:00:01.120Z',
        statement: 'SELECT *\nFROM invoices WHERE id = $1', source: { file: 'postgresql.csv', line: 1 },
      },
      {
        kind: 'column', object: { schema: null, name: 'orders' }, column: 'shipped_on', code: '42703', format: 'csvlog',
        message: 'column "shipped_on" of relation "orders" does not exist', timestamp: '2025-03-04T10:05:09.031Z',
        statement: 'UPDATE orders SET shipped_on = now() WHERE id = $1', source: { file: 'postgresql.csv', line: 4 },
      },
    ],
  },
  {
    name: 'jsonlog (PostgreSQL 15+)',
    file: 'postgresql.json',
    lines: 2,
    unrecognized: 0,
    entries: [
      {
        kind: 'relation', object: { schema: 'public', name: 'refunds' }, code: '42P01', format: 'jsonlog',
        message: 'relation "public.refunds" does not exist', timestamp: '2025-03-04T11:00:00.001Z',
        statement: 'SELECT * FROM public.refunds', source: { file: 'postgresql.json', line: 1 },
      },
    ],
  },
  {
    name: 'PostgREST bodies: PGRST205, PGRST204, pretty-printed PGRST202, and an unrelated pino line',
    file: 'postgrest.log',
    lines: 9,
    unrecognized: 0,
    entries: [
      {
        kind: 'relation', object: { schema: 'public', name: 'order_notes' }, code: 'PGRST205', format: 'postgrest',
        message: "Could not find the table 'public.order_notes' in the schema cache", source: { file: 'postgrest.log', line: 1 },
      },
      {
        kind: 'column', object: { schema: null, name: 'orders' }, column: 'discount_code', code: 'PGRST204', format: 'postgrest',
        message: "Could not find the 'discount_code' column of 'orders' in the schema cache", source: { file: 'postgrest.log', line: 2 },
      },
      {
        kind: 'function', object: { schema: 'public', name: 'recalc_totals' }, args: 'order_id', code: 'PGRST202', format: 'postgrest',
        message: 'Could not find the function public.recalc_totals(order_id) in the schema cache',
        detail: 'Searched for the function public.recalc_totals with parameter order_id or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
        source: { file: 'postgrest.log', line: 3 },
      },
    ],
  },
  {
    name: "node-postgres error printed with its fields (code: '42P01'), then a column error with a timestamp",
    file: 'node-pg.log',
    lines: 16,
    unrecognized: 1,
    entries: [
      {
        kind: 'relation', object: { schema: null, name: 'order_notes' }, code: '42P01', format: 'node',
        message: 'relation "order_notes" does not exist', source: { file: 'node-pg.log', line: 2 },
      },
      {
        kind: 'column', object: { schema: null, name: '' }, column: 'discount_code', code: '42703', format: 'node',
        message: 'column "discount_code" does not exist', timestamp: '2025-03-04T12:30:00.000Z', source: { file: 'node-pg.log', line: 16 },
      },
    ],
  },
  {
    name: 'Python: psycopg2 + SQLAlchemy traceback (one error, stated twice), psycopg 3 UndefinedColumn, asyncpg UndefinedFunctionError',
    file: 'python.log',
    lines: 22,
    unrecognized: 1,
    entries: [
      {
        kind: 'relation', object: { schema: null, name: 'order_notes' }, code: '42P01', format: 'python',
        message: 'relation "order_notes" does not exist', timestamp: '2025-03-04T13:00:00.412',
        statement: 'SELECT order_notes.id, order_notes.body\nFROM order_notes\nWHERE order_notes.order_id = %(order_id_1)s',
        source: { file: 'python.log', line: 6 },
      },
      {
        kind: 'column', object: { schema: null, name: 'orders' }, column: 'discount_code', code: '42703', format: 'python',
        message: 'column orders.discount_code does not exist', timestamp: '2025-03-04T13:02:10.003', source: { file: 'python.log', line: 25 },
      },
      {
        kind: 'function', object: { schema: null, name: 'recalc_totals' }, args: 'integer', code: '42883', format: 'python',
        message: 'function recalc_totals(integer) does not exist', timestamp: '2025-03-04T13:03:00.000', source: { file: 'python.log', line: 26 },
      },
    ],
  },
];

describe('parseLog', () => {
  it('has unique case names', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });
  for (const c of cases) {
    it(c.name, () => {
      const parsed = parseLog(readLogBytes(join(FIXTURES, c.file)), c.file);
      expect(parsed.entries).toEqual(c.entries);
      expect({ lines: parsed.lines, unrecognized: parsed.unrecognized }).toEqual({ lines: c.lines, unrecognized: c.unrecognized });
    });
  }

  it('reads gzip files directly and names them in entries', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbref-logs-'));
    const file = join(dir, 'postgresql.json.gz');
    writeFileSync(file, gzipSync(readFileSync(join(FIXTURES, 'postgresql.json'))));
    const parsed = parseLog(readLogBytes(file), 'postgresql.json.gz');
    expect(parsed.entries.map((e) => [e.kind, e.object.name, e.source.line])).toEqual([['relation', 'refunds', 1]]);
  });

  it('reads standard input for -', () => {
    const text = readLogBytes('-', () => Buffer.from('error: relation "ghosts" does not exist\n'));
    expect(parseLog(text, '<stdin>').entries).toEqual([
      { kind: 'relation', object: { schema: null, name: 'ghosts' }, code: '42P01', format: 'node', message: 'relation "ghosts" does not exist', source: { file: '<stdin>', line: 1 } },
    ]);
  });

  it('names the file and the cause when a log cannot be read', () => {
    expect(() => readLogBytes('test/fixtures/logs/missing.log')).toThrow('Cannot read log test/fixtures/logs/missing.log (ENOENT)');
  });

  it('strips `docker compose logs` prefixes and counts what it does not understand', () => {
    const parsed = parseLog(
      ['api-1  | Traceback (most recent call last):', 'api-1  |   File "/app/x.py", line 3, in f', 'api-1  | django.db.utils.ProgrammingError: relation "app_item" does not exist', 'api-1  | booting worker', ''].join('\n'),
      'compose.log',
    );
    expect(parsed.entries.map((e) => [e.kind, e.object.name, e.format, e.source.line])).toEqual([['relation', 'app_item', 'python', 3]]);
    expect(parsed.unrecognizedSamples).toEqual([{ line: 4, text: 'booting worker' }]);
  });
});

describe('issue-report excerpts (modelled on real GitHub issues: node-postgres dumps, supabase-js error objects, Bun, old pg, compose, German server)', () => {
  it('finds every missing object and counts the rest', () => {
    const parsed = parseLog(readLogBytes(join(FIXTURES, 'issue-reports.log')), 'issue-reports.log');
    expect(parsed.entries.map((e) => [e.source.line, e.kind, e.object.schema, e.object.name, e.column ?? null, e.code, e.format, e.timestamp ?? null])).toEqual([
      [8, 'relation', null, 'comment_votes', null, '42P01', 'node', null],
      [21, 'relation', 'public', 'page_sections', null, '42P01', 'text', null],
      [23, 'relation', null, 'members', null, '42P01', 'node', null],
      [25, 'relation', null, 'Profile', null, '42P01', 'node', null],
      [29, 'column', null, 'lead_forms', 'tenant_id', 'PGRST204', 'node', null],
      [30, 'relation', null, 'topic', null, '42P01', 'python', null],
      [33, 'relation', null, 'app_schema_cache', null, '42P01', 'postgres', '2025-08-11T07:42:19.118Z'],
      [35, 'relation', null, 'app_schema_cache', null, '42P01', 'postgres', '2025-08-11T07:42:20.001Z'],
      [37, 'relation', null, 'info_user', null, '42P01', 'text', null],
    ]);
    expect(parsed.unrecognizedSamples.map((s) => s.line)).toEqual([1, 2, 4, 17]);
  });
});

describe('a Vercel function log of a Supabase app whose migrations never ran (modelled on issue reports)', () => {
  it('reads plain error lines, PostgREST bodies and pino JSON in one file', () => {
    const parsed = parseLog(readLogBytes(join(FIXTURES, 'subscription-payments.log')), 'subscription-payments.log');
    expect(parsed.entries.map((e) => [e.source.line, e.kind, `${e.object.schema}.${e.object.name}${e.column ? `.${e.column}` : ''}`, e.code, e.format, e.timestamp ?? null])).toEqual([
      [3, 'relation', 'public.products', '42P01', 'node', '2024-05-14T09:12:03.551Z'],
      [5, 'relation', 'public.prices', 'PGRST205', 'postgrest', null],
      [7, 'relation', 'public.subscriptions', '42P01', 'postgrest', '2024-05-14T09:15:40.870Z'],
      [8, 'relation', 'public.customers', 'PGRST205', 'node', '2024-05-14T09:15:40.870Z'],
      [10, 'column', 'null.users.full_name', '42703', 'postgrest', null],
    ]);
    expect(parsed.unrecognized).toBe(5);
  });
});

describe('classifyMessage', () => {
  const messages: [string, ReturnType<typeof classifyMessage>][] = [
    ['null value in column "clinic_name" violates not-null constraint', { kind: 'not-null', object: { schema: null, name: '' }, column: 'clinic_name', impliedCode: '23502', text: 'null value in column "clinic_name" violates not-null constraint' }],
    ['relation "My Table" does not exist', { kind: 'relation', object: { schema: null, name: 'My Table' }, impliedCode: '42P01', text: 'relation "My Table" does not exist' }],
    ['Could not find the function public.ping without parameters in the schema cache', { kind: 'function', object: { schema: 'public', name: 'ping' }, args: '', impliedCode: 'PGRST202', text: 'Could not find the function public.ping without parameters in the schema cache' }],
    ['The table `public.Post` does not exist in the current database.', { kind: 'relation', object: { schema: 'public', name: 'Post' }, impliedCode: 'P2021', text: 'The table `public.Post` does not exist in the current database' }],
    ['duplicate key value violates unique constraint "users_pkey"', undefined],
  ];
  for (const [message, expected] of messages) it(message, () => expect(classifyMessage(message)).toEqual(expected));
});

describe('normaliseTimestamp', () => {
  const stamps: [string, string | undefined][] = [
    ['2025-10-02 14:03:11.482 UTC [2231]', '2025-10-02T14:03:11.482Z'],
    ['2025-10-02 16:03:11 +02 [1]', '2025-10-02T14:03:11.000Z'],
    ['2025-10-02 14:03:11 CEST', '2025-10-02T14:03:11 CEST'],
    ['2025-03-04 13:00:00,412 ERROR app', '2025-03-04T13:00:00.412'],
    ['no time here', undefined],
  ];
  for (const [text, expected] of stamps) it(text, () => expect(normaliseTimestamp(text)).toBe(expected));
});
