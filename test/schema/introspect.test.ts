import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntrospectionError } from '../../src/errors.js';
import { hashBody, introspect, introspectUrl, resolveSearchPath } from '../../src/schema/introspect.js';
import { unqualifySingleRelationView } from '../../src/schema/view-definition.js';
import type { Column, Relation, SchemaSnapshot } from '../../src/types.js';
import { createFreshDatabase, itWithServer, serverAvailable, type FreshDatabase } from '../helpers/pg.js';

const FIXTURE = readFileSync(new URL('../fixtures/all-kinds.sql', import.meta.url), 'utf8');

const col = (name: string, type: string, extra: Partial<Column> = {}): Column => ({
  name,
  type,
  nullable: true,
  default: null,
  identity: null,
  generated: null,
  ...extra,
});

const noChildren = { constraints: [], indexes: [], triggers: [], policies: [], rlsEnabled: false, rlsForced: false };
const pk = (table: string, column = 'id') => ({
  name: `${table}_pkey`,
  type: 'primary-key' as const,
  columns: [column],
  definition: `PRIMARY KEY (${column})`,
  deferrable: false,
});
const pkIndex = (schema: string, table: string, column = 'id') => ({
  name: `${table}_pkey`,
  definition: `CREATE UNIQUE INDEX ${table}_pkey ON ${schema}.${table} USING btree (${column})`,
  unique: true,
  partial: false,
  constraint: true,
  columns: [column],
});
const eventColumns = [col('id', 'bigint', { nullable: false }), col('happened_on', 'date', { nullable: false }), col('payload', 'jsonb')];

let db: FreshDatabase | undefined;
let snapshot: SchemaSnapshot;

beforeAll(async () => {
  if (!(await serverAvailable())) return;
  db = await createFreshDatabase('dbref_introspect');
  await db.exec(FIXTURE);
  await db.exec('ANALYZE');
  snapshot = await introspectUrl(db.url, { rows: 'exact' });
}, 60_000);

afterAll(async () => {
  await db?.drop();
});

const relation = (schema: string, name: string): Relation | undefined =>
  snapshot.relations.find((r) => r.schema === schema && r.name === name);

describe('introspectUrl on every object kind', () => {
  itWithServer('describes the source, search path and schemas', async () => {
    expect(snapshot.version).toBe(1);
    expect(snapshot.source).toEqual({
      kind: 'live',
      description: db!.url,
      serverVersion: expect.stringMatching(/^\d+\.\d+/),
    });
    expect(snapshot.searchPath).toEqual(['public']);
    expect(snapshot.schemas).toEqual(['app', 'public']);
    expect(snapshot.incomplete).toBe(false);
    expect(snapshot.problems).toEqual([]);
  });

  itWithServer('lists relations sorted by schema then name, extension objects excluded', async () => {
    expect(snapshot.relations.map((r) => `${r.schema}.${r.name}:${r.kind}`)).toEqual([
      'app.accounts:table',
      'app.active_bookings:view',
      'app.archived_accounts:foreign-table',
      'app.booking_counts:materialized-view',
      'app.bookings:table',
      'app.events:partitioned-table',
      'app.events_2024:table',
      'app.events_2025:table',
      'public.notes:table',
    ]);
  });

  itWithServer('table with identity, generated and defaults, three constraint kinds, trigger, forced RLS and policies', async () => {
    expect(relation('app', 'accounts')).toEqual({
      schema: 'app',
      name: 'accounts',
      kind: 'table',
      columns: [
        col('id', 'bigint', { nullable: false, identity: 'always' }),
        col('email', 'public.citext', { nullable: false }),
        col('token', 'text', { nullable: false, default: "encode(public.gen_random_bytes(8), 'hex'::text)" }),
        col('mood', 'app.mood', { nullable: false, default: "'ok'::app.mood" }),
        col('credits', 'app.positive_int'),
        col('price_cents', 'integer', { nullable: false, default: '0' }),
        col('price', 'numeric(12,2)', { generated: '((price_cents)::numeric / 100.0)' }),
        col('home', 'app.address'),
        col('created_at', 'timestamp with time zone', { nullable: false, default: 'now()' }),
      ],
      constraints: [
        { name: 'accounts_email_key', type: 'unique', columns: ['email'], definition: 'UNIQUE (email)', deferrable: false },
        pk('accounts'),
        {
          name: 'accounts_price_cents_check',
          type: 'check',
          columns: ['price_cents'],
          definition: 'CHECK ((price_cents >= 0))',
          deferrable: false,
        },
      ],
      indexes: [
        {
          name: 'accounts_email_key',
          definition: 'CREATE UNIQUE INDEX accounts_email_key ON app.accounts USING btree (email)',
          unique: true,
          partial: false,
          constraint: true,
          columns: ['email'],
        },
        pkIndex('app', 'accounts'),
      ],
      triggers: [
        {
          name: 'accounts_touch',
          definition: 'CREATE TRIGGER accounts_touch BEFORE INSERT ON app.accounts FOR EACH ROW EXECUTE FUNCTION app.touch()',
          enabled: true,
          function: { schema: 'app', name: 'touch' },
        },
      ],
      policies: [
        { name: 'accounts_read', command: 'select', permissive: true, roles: ['public'], using: 'true', withCheck: null },
        {
          name: 'accounts_update',
          command: 'update',
          permissive: false,
          roles: ['pg_database_owner'],
          using: "(mood <> 'sad'::app.mood)",
          withCheck: '(price_cents > 0)',
        },
      ],
      rlsEnabled: true,
      rlsForced: true,
      rows: 2,
    });
  });

  itWithServer('table with serial, foreign key, exclusion constraint, partial/unique/expression indexes, disabled trigger', async () => {
    expect(relation('app', 'bookings')).toEqual({
      schema: 'app',
      name: 'bookings',
      kind: 'table',
      columns: [
        col('id', 'integer', { nullable: false, default: "nextval('app.bookings_id_seq'::regclass)" }),
        col('account_id', 'bigint', { nullable: false }),
        col('room', 'integer', { nullable: false }),
        col('during', 'tstzrange', { nullable: false }),
        col('invoice', 'integer', { default: "nextval('app.invoice_no'::regclass)" }),
        col('cancelled', 'boolean', { nullable: false, default: 'false' }),
      ],
      constraints: [
        {
          name: 'bookings_account_id_fkey',
          type: 'foreign-key',
          columns: ['account_id'],
          definition: 'FOREIGN KEY (account_id) REFERENCES app.accounts(id) ON DELETE CASCADE',
          deferrable: false,
          references: { schema: 'app', name: 'accounts', columns: ['id'] },
        },
        {
          name: 'bookings_no_overlap',
          type: 'exclusion',
          columns: ['room', 'during'],
          definition: 'EXCLUDE USING gist (room WITH =, during WITH &&)',
          deferrable: false,
        },
        pk('bookings'),
      ],
      indexes: [
        {
          name: 'bookings_active_idx',
          definition: 'CREATE INDEX bookings_active_idx ON app.bookings USING btree (account_id) WHERE (NOT cancelled)',
          unique: false,
          partial: true,
          constraint: false,
          columns: ['account_id'],
        },
        {
          name: 'bookings_invoice_key',
          definition: 'CREATE UNIQUE INDEX bookings_invoice_key ON app.bookings USING btree (invoice)',
          unique: true,
          partial: false,
          constraint: false,
          columns: ['invoice'],
        },
        {
          name: 'bookings_lower_idx',
          definition: 'CREATE INDEX bookings_lower_idx ON app.bookings USING btree (room, lower(during))',
          unique: false,
          partial: false,
          constraint: false,
          columns: ['room', 'lower(during)'],
        },
        {
          name: 'bookings_no_overlap',
          definition: 'CREATE INDEX bookings_no_overlap ON app.bookings USING gist (room, during)',
          unique: false,
          partial: false,
          constraint: true,
          columns: ['room', 'during'],
        },
        pkIndex('app', 'bookings'),
      ],
      triggers: [
        {
          name: 'bookings_touch',
          definition: 'CREATE TRIGGER bookings_touch BEFORE UPDATE ON app.bookings FOR EACH ROW EXECUTE FUNCTION app.touch()',
          enabled: false,
          function: { schema: 'app', name: 'touch' },
        },
      ],
      policies: [],
      rlsEnabled: false,
      rlsForced: false,
      rows: 1,
    });
  });

  itWithServer('view and materialized view with their definitions (the PostgreSQL 16+ unqualified form)', async () => {
    expect(relation('app', 'active_bookings')).toEqual({
      schema: 'app',
      name: 'active_bookings',
      kind: 'view',
      columns: [col('id', 'integer'), col('account_id', 'bigint'), col('room', 'integer')],
      ...noChildren,
      definition: ' SELECT id,\n    account_id,\n    room\n   FROM app.bookings b\n  WHERE NOT cancelled;',
    });
    expect(relation('app', 'booking_counts')).toEqual({
      schema: 'app',
      name: 'booking_counts',
      kind: 'materialized-view',
      columns: [col('account_id', 'bigint'), col('n', 'bigint')],
      ...noChildren,
      definition: ' SELECT account_id,\n    count(*) AS n\n   FROM app.bookings\n  GROUP BY account_id;',
      rows: 1,
    });
  });

  itWithServer('partitioned table with its key, partitions with parent and bound', async () => {
    expect(relation('app', 'events')).toEqual({
      schema: 'app',
      name: 'events',
      kind: 'partitioned-table',
      columns: eventColumns,
      ...noChildren,
      partitionKey: 'RANGE (happened_on)',
      rows: 3,
    });
    expect(relation('app', 'events_2024')).toEqual({
      schema: 'app',
      name: 'events_2024',
      kind: 'table',
      columns: eventColumns,
      ...noChildren,
      partitionOf: { schema: 'app', name: 'events', bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" },
      rows: 1,
    });
    expect(relation('app', 'events_2025')?.partitionOf).toEqual({
      schema: 'app',
      name: 'events',
      bound: "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
    });
    expect(relation('app', 'events_2025')?.rows).toBe(2);
  });

  itWithServer('foreign table (postgres_fdw), without a row count', async () => {
    expect(relation('app', 'archived_accounts')).toEqual({
      schema: 'app',
      name: 'archived_accounts',
      kind: 'foreign-table',
      columns: [col('id', 'bigint', { nullable: false }), col('email', 'text')],
      ...noChildren,
    });
  });

  itWithServer('table in the second schema with a cross-schema foreign key and a deferrable unique constraint', async () => {
    expect(relation('public', 'notes')).toEqual({
      schema: 'public',
      name: 'notes',
      kind: 'table',
      columns: [
        col('id', 'integer', { nullable: false }),
        col('account_id', 'bigint'),
        col('slug', 'text', { nullable: false }),
        col('body', 'text'),
      ],
      constraints: [
        {
          name: 'notes_account_id_fkey',
          type: 'foreign-key',
          columns: ['account_id'],
          definition: 'FOREIGN KEY (account_id) REFERENCES app.accounts(id)',
          deferrable: false,
          references: { schema: 'app', name: 'accounts', columns: ['id'] },
        },
        pk('notes'),
        {
          name: 'notes_slug_key',
          type: 'unique',
          columns: ['slug'],
          definition: 'UNIQUE (slug) DEFERRABLE INITIALLY DEFERRED',
          deferrable: true,
        },
      ],
      indexes: [
        pkIndex('public', 'notes'),
        {
          name: 'notes_slug_key',
          definition: 'CREATE UNIQUE INDEX notes_slug_key ON public.notes USING btree (slug)',
          unique: true,
          partial: false,
          constraint: true,
          columns: ['slug'],
        },
      ],
      triggers: [],
      policies: [],
      rlsEnabled: false,
      rlsForced: false,
      rows: 0,
    });
  });

  itWithServer('enum values in sort order, domain, standalone composite type', async () => {
    expect(snapshot.enums).toEqual([{ schema: 'app', name: 'mood', values: ['sad', 'meh', 'ok', 'happy'] }]);
    expect(snapshot.domains).toEqual([
      { schema: 'app', name: 'positive_int', type: 'integer', nullable: false, default: '1', checks: ['CHECK ((VALUE > 0))'] },
    ]);
    expect(snapshot.compositeTypes).toEqual([
      {
        schema: 'app',
        name: 'address',
        attributes: [
          { name: 'street', type: 'text' },
          { name: 'zip', type: 'character varying(10)' },
        ],
      },
    ]);
  });

  itWithServer('sequences: identity, serial and standalone', async () => {
    const seq = (name: string, type: string, max: string, ownedBy: string | null, start = '1', increment = '1') => ({
      schema: 'app',
      name,
      type,
      start,
      increment,
      min: '1',
      max,
      cycle: false,
      ownedBy,
    });
    expect(snapshot.sequences).toEqual([
      seq('accounts_id_seq', 'bigint', '9223372036854775807', 'app.accounts.id'),
      seq('bookings_id_seq', 'integer', '2147483647', 'app.bookings.id'),
      seq('invoice_no', 'integer', '2147483647', null, '1000', '5'),
    ]);
  });

  itWithServer('functions, procedure, aggregate and window function; none of the extensions\' functions', async () => {
    const totalBody = ' SELECT count(*)::int   FROM app.bookings WHERE account_id = p_account ';
    const touchBody = '\nBEGIN\n  NEW.created_at := now();\n  RETURN NEW;\nEND\n';
    const cancelBody = 'BEGIN ATOMIC\n UPDATE app.bookings SET cancelled = true\n   WHERE (bookings.id = cancel_booking.p_id);\nEND';
    expect(snapshot.functions).toEqual([
      {
        schema: 'app',
        name: 'account_total',
        args: 'p_account bigint, p_since date',
        argsWithDefaults: 'p_account bigint, p_since date DEFAULT NULL::date',
        returns: 'integer',
        language: 'sql',
        kind: 'function',
        volatility: 'stable',
        securityDefiner: false,
        argNames: ['p_account', 'p_since'],
        argDefaults: 1,
        bodyHash: '67c780815a84e7a694aca5aa9dba2426b7cd96a37927afffe5c68d4f12651c55',
        body: totalBody,
        definition:
          'CREATE OR REPLACE FUNCTION app.account_total(p_account bigint, p_since date DEFAULT NULL::date)\n RETURNS integer\n' +
          ` LANGUAGE sql\n STABLE\nAS $function$${totalBody}$function$\n`,
      },
      {
        schema: 'app',
        name: 'cancel_booking',
        args: 'IN p_id integer',
        argsWithDefaults: 'IN p_id integer',
        returns: '',
        language: 'sql',
        kind: 'procedure',
        volatility: 'volatile',
        securityDefiner: false,
        argNames: ['p_id'],
        argDefaults: 0,
        bodyHash: hashBody(cancelBody),
        body: cancelBody,
        definition: `CREATE OR REPLACE PROCEDURE app.cancel_booking(IN p_id integer)\n LANGUAGE sql\n${cancelBody}\n`,
      },
      {
        schema: 'app',
        name: 'row_no',
        args: '',
        argsWithDefaults: '',
        returns: 'bigint',
        language: 'internal',
        kind: 'window',
        volatility: 'volatile',
        securityDefiner: false,
        argNames: [],
        argDefaults: 0,
        bodyHash: hashBody('window_row_number'),
        body: 'window_row_number',
        definition: 'CREATE OR REPLACE FUNCTION app.row_no()\n RETURNS bigint\n LANGUAGE internal\n WINDOW\nAS $function$window_row_number$function$\n',
      },
      {
        schema: 'app',
        name: 'total',
        args: 'integer',
        argsWithDefaults: 'integer',
        returns: 'integer',
        language: 'internal',
        kind: 'aggregate',
        volatility: 'immutable',
        securityDefiner: false,
        argNames: [],
        argDefaults: 0,
        bodyHash: hashBody('aggregate_dummy'),
        body: 'aggregate_dummy',
        definition: null,
      },
      {
        schema: 'app',
        name: 'touch',
        args: '',
        argsWithDefaults: '',
        returns: 'trigger',
        language: 'plpgsql',
        kind: 'function',
        volatility: 'volatile',
        securityDefiner: true,
        argNames: [],
        argDefaults: 0,
        bodyHash: '0b2be3c7340365d7743d22e1a158a2a3c5ea6789b49ad499005da811196f7185',
        body: touchBody,
        definition: `CREATE OR REPLACE FUNCTION app.touch()\n RETURNS trigger\n LANGUAGE plpgsql\n SECURITY DEFINER\nAS $function$${touchBody}$function$\n`,
      },
    ]);
  });

  itWithServer('extensions with versions, sorted by name', async () => {
    expect(snapshot.extensions.map((e) => `${e.name}@${e.schema}`)).toEqual([
      'btree_gist@public',
      'citext@public',
      'pgcrypto@public',
      'plpgsql@pg_catalog',
      'postgres_fdw@public',
    ]);
    for (const extension of snapshot.extensions) expect(extension.version).toMatch(/^\d+\.\d+$/);
  });

  itWithServer('the schemas option narrows every list but extensions', async () => {
    const narrowed = await introspectUrl(db!.url, { schemas: ['public'] });
    expect(narrowed.schemas).toEqual(['public']);
    expect(narrowed.relations.map((r) => `${r.schema}.${r.name}`)).toEqual(['public.notes']);
    expect(narrowed.relations[0]?.rows).toBeUndefined();
    expect([narrowed.enums, narrowed.domains, narrowed.compositeTypes, narrowed.functions, narrowed.sequences]).toEqual([[], [], [], [], []]);
    expect(narrowed.extensions).toEqual(snapshot.extensions);
    // The foreign key still names its target in the schema left out.
    expect(narrowed.relations[0]?.constraints[0]?.references).toEqual({ schema: 'app', name: 'accounts', columns: ['id'] });
  });

  itWithServer('estimated row counts come from the catalog (after ANALYZE, equal to the exact ones)', async () => {
    const estimated = await introspectUrl(db!.url, { rows: 'estimate' });
    expect(estimated.relations.map((r) => `${r.name}=${r.rows ?? '-'}`)).toEqual([
      'accounts=2',
      'active_bookings=-',
      'archived_accounts=-',
      'booking_counts=1',
      'bookings=1',
      'events=3',
      'events_2024=1',
      'events_2025=2',
      'notes=0',
    ]);
  });

  itWithServer('a lock held by another session ends introspection after lock_timeout with one clear line', async () => {
    const holder = new pg.Client({ connectionString: db!.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE app.events_2025 IN ACCESS EXCLUSIVE MODE');
      // Deparsing an index, a check or a view takes an AccessShareLock, as pg_dump does. This partition has none of
      // those, so describing it needs no lock; an exact count(*) does, and must give up after lock_timeout.
      await expect(introspectUrl(db!.url, { rows: 'exact', lockTimeoutMillis: 200 })).rejects.toThrow(
        new IntrospectionError(`cannot introspect ${db!.url}: query "row counts" failed (canceling statement due to lock timeout)`),
      );
      const { relations } = await introspectUrl(db!.url, { lockTimeoutMillis: 200 });
      expect(relations.find((r) => r.name === 'events_2025')?.columns.map((c) => c.name)).toEqual(['id', 'happened_on', 'payload']);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  });

  itWithServer(
    'the same DDL replayed in PGlite (PostgreSQL 18) gives the same snapshot, extension versions apart',
    async () => {
      // PGlite has no postgres_fdw: leave out the foreign table and its server.
      const ddl = FIXTURE.replace('CREATE EXTENSION postgres_fdw;', '').replace(/CREATE SERVER[\s\S]*?table_name 'accounts'\);/, '');
      expect(ddl).not.toMatch(/FOREIGN|postgres_fdw/);
      const live = await createFreshDatabase('dbref_introspect_pglite');
      const embedded = await PGlite.create({ extensions: { citext, pgcrypto, btree_gist } });
      try {
        await live.exec(ddl);
        await embedded.exec(ddl);
        const { source, ...fromServer } = await introspectUrl(live.url);
        const pathQuery = `SELECT current_setting('search_path') AS p`;
        const pathBefore = (await embedded.query<{ p: string }>(pathQuery)).rows;
        const fromPglite = await introspect(embedded);
        expect(source.serverVersion).toMatch(/^15\./);
        const withoutVersions = (s: Omit<SchemaSnapshot, 'source'>) => ({
          ...s,
          extensions: s.extensions.map(({ name, schema }) => ({ name, schema })),
        });
        expect(withoutVersions(fromPglite)).toEqual(withoutVersions(fromServer));
        // The session's search_path is restored after introspection.
        expect((await embedded.query<{ p: string }>(pathQuery)).rows).toEqual(pathBefore);
      } finally {
        await embedded.close();
        await live.drop();
      }
    },
    180_000,
  );
});

describe('resolveSearchPath', () => {
  const cases: { name: string; setting: string; existing: string[]; expected: string[] }[] = [
    { name: 'default path, no schema named after the user', setting: '"$user", public', existing: ['public', 'app'], expected: ['public'] },
    { name: 'missing schemas dropped', setting: 'app, extensions, public', existing: ['public', 'app'], expected: ['app', 'public'] },
    { name: 'quoted names keep case, unquoted fold', setting: '"Billing", APP', existing: ['Billing', 'app'], expected: ['Billing', 'app'] },
    { name: 'pg_temp and duplicates dropped', setting: 'pg_temp, public, public', existing: ['public', 'pg_temp'], expected: ['public'] },
    { name: 'empty path', setting: '', existing: ['public'], expected: [] },
  ];
  for (const c of cases) it(c.name, () => expect(resolveSearchPath(c.setting, c.existing)).toEqual(c.expected));
});

describe('hashBody', () => {
  it('ignores whitespace layout but not content', () => {
    expect(hashBody('\n  SELECT 1\n\tFROM t  ')).toBe(hashBody('SELECT 1 FROM t'));
    expect(hashBody('SELECT 1 FROM t')).not.toBe(hashBody('SELECT 2 FROM t'));
  });
});

describe('unqualifySingleRelationView (PostgreSQL 15 view text → 16+ form)', () => {
  const cases: { name: string; before: string; after: string }[] = [
    {
      name: 'alias prefix removed from top-level columns',
      before: ' SELECT b.id,\n    b.room\n   FROM app.bookings b\n  WHERE NOT b.cancelled;',
      after: ' SELECT id,\n    room\n   FROM app.bookings b\n  WHERE NOT cancelled;',
    },
    {
      name: 'relation name prefix removed when there is no alias',
      before: ' SELECT bookings.account_id, count(*) AS n FROM app.bookings GROUP BY bookings.account_id;',
      after: ' SELECT account_id, count(*) AS n FROM app.bookings GROUP BY account_id;',
    },
    {
      name: 'joins keep their qualifiers',
      before: ' SELECT a.id, b.id AS bid FROM (app.a a JOIN app.b b ON ((a.id = b.id)));',
      after: ' SELECT a.id, b.id AS bid FROM (app.a a JOIN app.b b ON ((a.id = b.id)));',
    },
    {
      name: 'sub-queries keep their qualifiers',
      before: ' SELECT t.id FROM app.t t WHERE (EXISTS ( SELECT 1 FROM app.u WHERE (u.t_id = t.id)));',
      after: ' SELECT id FROM app.t t WHERE (EXISTS ( SELECT 1 FROM app.u WHERE (u.t_id = t.id)));',
    },
    {
      name: 'non-ASCII text before a column keeps byte offsets right',
      before: " SELECT 'café'::text AS label, t.id FROM app.t t;",
      after: " SELECT 'café'::text AS label, id FROM app.t t;",
    },
    { name: 'unparsable text unchanged', before: 'not sql at all', after: 'not sql at all' },
  ];
  for (const c of cases) it(c.name, async () => expect(await unqualifySingleRelationView(c.before)).toBe(c.after));
});
