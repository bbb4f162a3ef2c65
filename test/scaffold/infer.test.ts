import { describe, expect, it } from 'vitest';
import { inferScaffold, type InferredColumn, type ScaffoldTargets } from '../../src/scaffold/infer.js';
import { renderPrismaModels } from '../../src/scaffold/prisma.js';
import { renderScaffoldSql } from '../../src/scaffold/sql.js';
import type { Reference, ValueHint } from '../../src/types.js';
import { buildSchema, type SchemaSpec } from '../helpers/schema-builder.js';

const FILE = 'src/api.ts';
const loc = (line: number, column = 1) => ({ file: FILE, line, column, endLine: line, endColumn: column + 1 });

/** `ref('orders.total', 'insert', 3, [{ kind: 'decimal', text: '9.5' }])`, a column reference at line 3 (column 1). */
function ref(path: string, access: Reference['access'], line: number, values?: Omit<ValueHint, 'location'>[], column = 1): Reference {
  const [table, col] = path.split('.') as [string, string | undefined];
  return {
    extractor: 'test',
    kind: col ? 'column' : 'relation',
    relation: { schema: null, name: table },
    ...(col ? { column: col } : {}),
    access,
    written: col ?? table,
    quoted: false,
    confidence: 'exact',
    location: loc(line, column),
    ...(values ? { values: values.map((v) => ({ ...v, location: loc(line, column + 10) })) } : {}),
  };
}

interface Case {
  name: string;
  schema: SchemaSpec;
  references: Reference[];
  targets: ScaffoldTargets;
  source?: string;
  /** Expected columns of the first new table (or of the column proposals). */
  columns: Pick<InferredColumn, 'name' | 'type' | 'reason'>[] | Partial<InferredColumn>[];
}

const cases: Case[] = [
  {
    name: 'types from literal values: integer, bigint, decimal → numeric, boolean, ISO date, object',
    schema: { tables: { 'public.users': ['id bigint identity'] } },
    references: [
      ref('orders', 'insert', 1),
      ref('orders.quantity', 'insert', 2, [{ kind: 'integer', text: '3' }]),
      ref('orders.big', 'insert', 3, [{ kind: 'integer', text: '9000000000' }]),
      ref('orders.total', 'insert', 4, [{ kind: 'integer', text: '10' }]),
      ref('orders.total', 'update', 5, [{ kind: 'decimal', text: '9.5' }]),
      ref('orders.paid', 'read', 6, [{ kind: 'boolean' }]),
      ref('orders.due', 'insert', 7, [{ kind: 'date', text: '2025-01-01' }]),
      ref('orders.extra', 'insert', 8, [{ kind: 'object' }]),
      ref('orders.note', 'read', 9),
    ],
    targets: { relations: [{ schema: 'public', name: 'orders' }], columns: [] },
    columns: [
      { name: 'id', type: 'bigint', primaryKey: 'identity', reason: 'identity like the ids of public.users' },
      { name: 'quantity', type: 'integer', reason: '3 at src/api.ts:2' },
      { name: 'big', type: 'bigint', reason: '9000000000 at src/api.ts:3' },
      { name: 'total', type: 'numeric', reason: '9.5 at src/api.ts:5' },
      { name: 'paid', type: 'boolean', reason: 'a boolean at src/api.ts:6' },
      { name: 'due', type: 'timestamptz', reason: "'2025-01-01' at src/api.ts:7" },
      { name: 'extra', type: 'jsonb', reason: 'an object at src/api.ts:8' },
      { name: 'note', type: 'text', todo: true, reason: 'TODO: type not inferred (read at src/api.ts:9)' },
    ],
  },
  {
    name: 'uuid id when the code compares id with a uuid; user_id to an existing table; created_at with a default',
    schema: { tables: { 'public.users': ['id bigint identity'] } },
    references: [
      ref('tokens', 'read', 1),
      ref('tokens.id', 'read', 2, [{ kind: 'uuid', text: '5b0c1a7e-2a51-4f0e-9d8b-1f0f6f7b9a10' }]),
      ref('tokens.user_id', 'read', 3),
      ref('tokens.created_at', 'read', 4),
    ],
    targets: { relations: [{ schema: 'public', name: 'tokens' }], columns: [] },
    columns: [
      { name: 'id', type: 'uuid', primaryKey: 'uuid', reason: 'compared with a uuid at src/api.ts:2' },
      { name: 'user_id', type: 'bigint', references: { schema: 'public', name: 'users', column: 'id' }, reason: 'foreign key: named after public.users (src/api.ts:3)' },
      { name: 'created_at', type: 'timestamptz', notNull: true, default: 'now()', reason: 'read at src/api.ts:4' },
    ],
  },
  {
    name: 'values read from the source: `x ?? "voice"`, `new Date().toISOString()`, `[]`, `user.id`, `Date.now()`',
    schema: { relations: [{ schema: 'auth', name: 'users', kind: 'table', columns: [{ name: 'id', type: 'uuid', nullable: false }] }] },
    source: [
      "await db.from('calls').insert({",
      "  kind: body.kind ?? 'voice',",
      '  started: new Date().toISOString(),',
      '  people: [],',
      '  by: user!.id,',
      '  stamp: Date.now(),',
      '  label: `call ${n}`,',
      '});',
    ].join('\n'),
    references: [
      ref('calls', 'insert', 1),
      ref('calls.kind', 'insert', 2, undefined, 3),
      ref('calls.started', 'insert', 3, undefined, 3),
      ref('calls.people', 'insert', 4, undefined, 3),
      ref('calls.by', 'insert', 5, undefined, 3),
      ref('calls.stamp', 'insert', 6, undefined, 3),
      ref('calls.label', 'insert', 7, undefined, 3),
    ],
    targets: { relations: [{ schema: 'public', name: 'calls' }], columns: [] },
    columns: [
      { name: 'id', type: 'bigint', primaryKey: 'identity', reason: 'identity: nothing in the code or schema says the ids are uuids' },
      { name: 'kind', type: 'text', reason: "?? 'voice' written at src/api.ts:2" },
      { name: 'started', type: 'timestamptz', reason: 'toISOString() written at src/api.ts:3' },
      { name: 'people', type: 'jsonb', reason: 'an array written at src/api.ts:4' },
      { name: 'by', type: 'uuid', reason: 'written from user.id at src/api.ts:5 (auth.users.id is uuid)' },
      { name: 'stamp', type: 'bigint', reason: 'Date.now() written at src/api.ts:6' },
      { name: 'label', type: 'text', reason: 'a template string written at src/api.ts:7' },
    ],
  },
];

describe('inferScaffold', () => {
  it('has unique case names', () => expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length));
  for (const c of cases) {
    it(c.name, () => {
      const plan = inferScaffold({ references: c.references, snapshot: buildSchema(c.schema), targets: c.targets, readSource: () => c.source });
      expect(plan.tables[0]!.columns).toEqual(c.columns);
    });
  }

  it('orders new tables so foreign keys resolve, deferring the one that closes a cycle', () => {
    const references = [
      ref('messages.channel_id', 'read', 1),
      ref('channels.last_message_id', 'read', 2),
      ref('calls.channel_id', 'read', 3),
    ];
    const plan = inferScaffold({
      references,
      snapshot: buildSchema({ tables: { 'public.orgs': ['id uuid'] } }),
      targets: { relations: ['calls', 'channels', 'messages'].map((name) => ({ schema: 'public', name })), columns: [] },
    });
    expect(plan.tables.map((t) => t.name)).toEqual(['channels', 'calls', 'messages']);
    expect(plan.deferredForeignKeys).toEqual([
      { table: { schema: 'public', name: 'channels' }, column: 'last_message_id', references: { schema: 'public', name: 'messages', column: 'id' } },
    ]);
    expect(renderScaffoldSql(plan)).toBe(
      [
        '-- Proposed by `dbref scaffold` from how the code uses objects the schema lacks.',
        '-- Every choice names what it was inferred from. Review it before applying: dbref never applies anything.',
        '',
        '-- Used at src/api.ts:2',
        'CREATE TABLE public.channels (',
        '  id uuid PRIMARY KEY DEFAULT gen_random_uuid(), -- uuid like the ids of public.orgs',
        '  last_message_id uuid -- foreign key: named after public.messages (src/api.ts:2)',
        ');',
        '',
        '-- Used at src/api.ts:3',
        'CREATE TABLE public.calls (',
        '  id uuid PRIMARY KEY DEFAULT gen_random_uuid(), -- uuid like the ids of public.orgs',
        '  channel_id uuid REFERENCES public.channels (id) -- foreign key: named after public.channels (src/api.ts:3)',
        ');',
        '',
        '-- Used at src/api.ts:1',
        'CREATE TABLE public.messages (',
        '  id uuid PRIMARY KEY DEFAULT gen_random_uuid(), -- uuid like the ids of public.orgs',
        '  channel_id uuid REFERENCES public.channels (id) -- foreign key: named after public.channels (src/api.ts:1)',
        ');',
        '',
        'ALTER TABLE public.channels ADD FOREIGN KEY (last_message_id) REFERENCES public.messages (id);',
        '',
      ].join('\n'),
    );
  });

  it('adds missing columns to existing tables and names missing functions without inventing them', () => {
    const fn: Reference = { ...ref('recalc', 'call', 7), kind: 'function' };
    const plan = inferScaffold({
      references: [ref('orders.shipped_at', 'update', 4), ref('orders.coupon', 'insert', 5, [{ kind: 'string', text: 'X1' }]), fn],
      snapshot: buildSchema({ tables: { 'public.orders': ['id bigint identity'] } }),
      targets: {
        relations: [],
        columns: [{ relation: { schema: 'public', name: 'orders' }, column: 'shipped_at' }, { relation: { schema: 'public', name: 'orders' }, column: 'coupon' }],
        functions: [{ schema: 'public', name: 'recalc' }],
      },
    });
    expect(renderScaffoldSql(plan).split('\n').slice(2)).toEqual([
      '',
      '-- Used at src/api.ts:4',
      'ALTER TABLE public.orders ADD COLUMN shipped_at timestamptz; -- named like a timestamp (*_at) (src/api.ts:4)',
      '',
      '-- Used at src/api.ts:5',
      "ALTER TABLE public.orders ADD COLUMN coupon text; -- 'X1' at src/api.ts:5",
      '',
      '-- Not scaffolded: function public.recalc is called at src/api.ts:7 but does not exist; its body cannot be inferred.',
      '',
    ]);
  });

  it('writes Prisma model blocks matching the migration', () => {
    const plan = inferScaffold({
      references: [ref('audit_events.payload', 'insert', 1, [{ kind: 'object' }]), ref('audit_events.created_at', 'read', 2)],
      snapshot: buildSchema({}),
      targets: { relations: [{ schema: 'public', name: 'audit_events' }], columns: [] },
    });
    expect(renderPrismaModels(plan)).toBe(
      [
        'model AuditEvents {',
        '  id BigInt @id @default(autoincrement()) // identity: nothing in the code or schema says the ids are uuids',
        '  payload Json? // an object at src/api.ts:1',
        '  created_at DateTime @default(now()) @db.Timestamptz(6) // read at src/api.ts:2',
        '',
        '  @@map("audit_events")',
        '}',
        '',
      ].join('\n'),
    );
  });
});
