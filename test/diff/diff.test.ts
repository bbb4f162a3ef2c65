import { describe, expect, it } from 'vitest';
import { diffSnapshots, type Change } from '../../src/schema/diff.js';
import { col, fk, fn, index, pk, snapshot, table } from './build.js';

type Case = { name: string; from: Parameters<typeof snapshot>[0]; to: Parameters<typeof snapshot>[0]; changes: Change[] };

const cases: Case[] = [
  {
    name: 'identical snapshots have no changes',
    from: { relations: [table('users', [col('id', 'integer', { nullable: false })])] },
    to: { relations: [table('users', [col('id', 'integer', { nullable: false })])] },
    changes: [],
  },
  {
    name: 'tables only on one side (seed 000: organizations missing in Railway)',
    from: { relations: [table('contacts', [col('id', 'integer')])] },
    to: { relations: [table('contacts', [col('id', 'integer')]), table('organizations', [col('id', 'uuid'), col('name', 'text', { nullable: false })], { rows: 8 })] },
    changes: [
      {
        objectKind: 'table',
        schema: 'public',
        name: 'organizations',
        change: 'added',
        details: { kind: 'table', columns: [{ name: 'id', type: 'uuid', nullable: true }, { name: 'name', type: 'text', nullable: false }], rows: 8 },
      },
    ],
  },
  {
    name: 'seed 001: clinic_name -> company is a possible rename; nullability change reported with it',
    from: { relations: [table('leads', [col('id', 'integer'), col('clinic_name', 'character varying(255)', { nullable: false }), col('lead_source', 'character varying(50)')])] },
    to: { relations: [table('leads', [col('id', 'integer'), col('company', 'character varying(255)', { nullable: false }), col('source', 'character varying(50)'), col('compliance_score', 'integer', { default: '0' })])] },
    changes: [
      { objectKind: 'column', schema: 'public', name: 'company', change: 'renamed?', details: { table: 'leads', from: 'clinic_name', type: 'character varying(255)', nullable: false, default: null, identity: null, generated: null } },
      { objectKind: 'column', schema: 'public', name: 'source', change: 'renamed?', details: { table: 'leads', from: 'lead_source', type: 'character varying(50)', nullable: true, default: null, identity: null, generated: null } },
      { objectKind: 'column', schema: 'public', name: 'compliance_score', change: 'added', details: { table: 'leads', type: 'integer', nullable: true, default: '0', identity: null, generated: null } },
    ],
  },
  {
    name: 'seed 003: referrer_id/referee_id pair with the closest same-typed names; type change varchar -> text',
    from: {
      relations: [
        table('user_referrals', [col('id', 'uuid'), col('referrer_id', 'uuid', { nullable: false }), col('referee_id', 'uuid', { nullable: false }), col('referee_email', 'character varying(255)', { nullable: false }), col('device_id', 'character varying(255)')]),
      ],
    },
    to: {
      relations: [table('user_referrals', [col('id', 'uuid'), col('referrer_user_id', 'uuid', { nullable: false }), col('referee_user_id', 'uuid'), col('device_id', 'text'), col('referral_code', 'character varying(10)', { nullable: false })])],
    },
    changes: [
      { objectKind: 'column', schema: 'public', name: 'referee_email', change: 'removed', details: { table: 'user_referrals', type: 'character varying(255)', nullable: false, default: null, identity: null, generated: null } },
      { objectKind: 'column', schema: 'public', name: 'referee_user_id', change: 'renamed?', details: { table: 'user_referrals', from: 'referee_id', type: 'uuid', nullable: true, default: null, identity: null, generated: null, fields: { nullable: { from: false, to: true } } } },
      { objectKind: 'column', schema: 'public', name: 'referrer_user_id', change: 'renamed?', details: { table: 'user_referrals', from: 'referrer_id', type: 'uuid', nullable: false, default: null, identity: null, generated: null } },
      { objectKind: 'column', schema: 'public', name: 'device_id', change: 'changed', details: { table: 'user_referrals', fields: { type: { from: 'character varying(255)', to: 'text' } } } },
      { objectKind: 'column', schema: 'public', name: 'referral_code', change: 'added', details: { table: 'user_referrals', type: 'character varying(10)', nullable: false, default: null, identity: null, generated: null } },
    ],
  },
  {
    name: 'a table with the same column set under another name is a possible rename',
    from: { relations: [table('people', [col('id', 'integer'), col('email', 'text')])] },
    to: { relations: [table('persons', [col('id', 'integer'), col('email', 'text')])] },
    changes: [
      { objectKind: 'table', schema: 'public', name: 'persons', change: 'renamed?', details: { from: 'people', kind: 'table', columns: [{ name: 'id', type: 'integer', nullable: true }, { name: 'email', type: 'text', nullable: true }] } },
    ],
  },
  {
    name: 'column default, identity and generated differences',
    from: { relations: [table('t', [col('a', 'integer', { default: '1' }), col('b', 'integer'), col('c', 'integer', { generated: '(a * 2)' })])] },
    to: { relations: [table('t', [col('a', 'integer'), col('b', 'integer', { identity: 'always', nullable: false }), col('c', 'integer', { generated: '(a  *  2)' })])] },
    changes: [
      { objectKind: 'column', schema: 'public', name: 'a', change: 'changed', details: { table: 't', fields: { default: { from: '1', to: null } } } },
      { objectKind: 'column', schema: 'public', name: 'b', change: 'changed', details: { table: 't', fields: { nullable: { from: true, to: false }, identity: { from: null, to: 'always' } } } },
    ],
  },
  {
    name: 'constraints, foreign keys and indexes',
    from: { relations: [table('a', [col('id', 'integer')], { constraints: [pk('a', ['id'])], indexes: [index('a', 'a_x', ['id'])] }), table('b', [col('a_id', 'integer')])] },
    to: {
      relations: [
        table('a', [col('id', 'integer')], { constraints: [pk('a', ['id'])], indexes: [{ ...index('a', 'a_x', ['id']), definition: 'CREATE INDEX a_x ON public.a USING hash (id)' }] }),
        table('b', [col('a_id', 'integer')], { constraints: [fk('b_a_id_fkey', ['a_id'], 'a', ['id'])], indexes: [index('b', 'b_a_id_idx', ['a_id'])] }),
      ],
    },
    changes: [
      { objectKind: 'constraint', schema: 'public', name: 'b_a_id_fkey', change: 'added', details: { table: 'b', type: 'foreign-key', definition: 'FOREIGN KEY (a_id) REFERENCES public.a(id)' } },
      {
        objectKind: 'index',
        schema: 'public',
        name: 'a_x',
        change: 'changed',
        details: { table: 'a', fields: { definition: { from: 'CREATE INDEX a_x ON public.a USING btree(id)', to: 'CREATE INDEX a_x ON public.a USING hash(id)' } } },
      },
      { objectKind: 'index', schema: 'public', name: 'b_a_id_idx', change: 'added', details: { table: 'b', definition: 'CREATE INDEX b_a_id_idx ON public.b USING btree (a_id)' } },
    ],
  },
  {
    name: 'seed 003: enum only in dev; enum values added, removed and reordered',
    from: {
      enums: [
        { schema: 'public', name: 'referral_event_type', values: ['link_clicked', 'error'] },
        { schema: 'public', name: 'referral_status', values: ['pending', 'completed'] },
        { schema: 'public', name: 'mood', values: ['sad', 'happy', 'meh'] },
      ],
    },
    to: {
      enums: [
        { schema: 'public', name: 'referral_status', values: ['pending', 'completed', 'rewarded'] },
        { schema: 'public', name: 'mood', values: ['happy', 'sad'] },
      ],
    },
    changes: [
      {
        objectKind: 'enum',
        schema: 'public',
        name: 'mood',
        change: 'changed',
        details: { fields: { values: { from: ['sad', 'happy', 'meh'], to: ['happy', 'sad'] } }, addedValues: [], removedValues: ['meh'], reordered: true },
      },
      { objectKind: 'enum', schema: 'public', name: 'referral_event_type', change: 'removed', details: { values: ['link_clicked', 'error'] } },
      {
        objectKind: 'enum',
        schema: 'public',
        name: 'referral_status',
        change: 'changed',
        details: { fields: { values: { from: ['pending', 'completed'], to: ['pending', 'completed', 'rewarded'] } }, addedValues: ['rewarded'], removedValues: [], reordered: false },
      },
    ],
  },
  {
    name: 'function bodies and view definitions differing only in whitespace are equal; real differences are not',
    from: {
      relations: [table('v', [col('n', 'integer')], { kind: 'view', definition: ' SELECT 1 AS n;' })],
      functions: [fn('f', '', 'select 1'), fn('g', 'p_user_id uuid', 'select 1'), fn('h', '', 'select 1')],
    },
    to: {
      relations: [table('v', [col('n', 'integer')], { kind: 'view', definition: 'SELECT 1 AS n;\n' })],
      functions: [fn('f', '', '\n  select   1\n'), fn('g', '', 'select 2'), fn('h', '', 'select 1', { returns: 'bigint' })],
    },
    changes: [
      { objectKind: 'function', schema: 'public', name: 'g()', change: 'added', details: { args: '', returns: 'integer', language: 'sql' } },
      { objectKind: 'function', schema: 'public', name: 'g(p_user_id uuid)', change: 'removed', details: { args: 'p_user_id uuid', returns: 'integer', language: 'sql' } },
      {
        objectKind: 'function',
        schema: 'public',
        name: 'h()',
        change: 'changed',
        details: {
          fields: {
            returns: { from: 'integer', to: 'bigint' },
            attributes: { from: 'CREATE OR REPLACE FUNCTION public.h()RETURNS integer LANGUAGE sql AS $function$$function$', to: 'CREATE OR REPLACE FUNCTION public.h()RETURNS bigint LANGUAGE sql AS $function$$function$' },
          },
        },
      },
    ],
  },
  {
    name: 'RLS, policies and triggers',
    from: { relations: [table('t', [col('id', 'integer')], { policies: [{ name: 'p', command: 'select', permissive: true, roles: ['public'], using: '(id > 0)', withCheck: null }] })] },
    to: {
      relations: [
        table('t', [col('id', 'integer')], {
          rlsEnabled: true,
          policies: [{ name: 'p', command: 'select', permissive: true, roles: ['public'], using: '(id > 1)', withCheck: null }],
          triggers: [{ name: 'trg', definition: 'CREATE TRIGGER trg BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.f()', enabled: true, function: { schema: 'public', name: 'f' } }],
        }),
      ],
    },
    changes: [
      { objectKind: 'trigger', schema: 'public', name: 'trg', change: 'added', details: { table: 't', definition: 'CREATE TRIGGER trg BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.f()' } },
      { objectKind: 'rls', schema: 'public', name: 't', change: 'changed', details: { table: 't', fields: { enabled: { from: false, to: true } } } },
      { objectKind: 'policy', schema: 'public', name: 'p', change: 'changed', details: { table: 't', fields: { using: { from: '(id > 0)', to: '(id > 1)' } } } },
    ],
  },
  {
    name: 'schemas, extensions, sequences, domains, composite types',
    from: {
      schemas: ['public'],
      extensions: [{ name: 'pgcrypto', schema: 'public', version: '1.2' }],
      sequences: [{ schema: 'public', name: 's', type: 'bigint', start: '1', increment: '1', min: '1', max: '9223372036854775807', cycle: false, ownedBy: null }],
      domains: [{ schema: 'public', name: 'pos', type: 'integer', nullable: true, default: null, checks: ['CHECK ((VALUE > 0))'] }],
    },
    to: {
      schemas: ['app', 'public'],
      extensions: [{ name: 'pgcrypto', schema: 'public', version: '1.3' }],
      sequences: [{ schema: 'public', name: 's', type: 'bigint', start: '1', increment: '5', min: '1', max: '9223372036854775807', cycle: false, ownedBy: null }],
      domains: [{ schema: 'public', name: 'pos', type: 'integer', nullable: false, default: null, checks: ['CHECK ((VALUE > 0))'] }],
      compositeTypes: [{ schema: 'public', name: 'pair', attributes: [{ name: 'a', type: 'integer' }] }],
    },
    changes: [
      { objectKind: 'schema', schema: 'app', name: 'app', change: 'added', details: {} },
      { objectKind: 'extension', schema: 'public', name: 'pgcrypto', change: 'changed', details: { fields: { version: { from: '1.2', to: '1.3' } } } },
      { objectKind: 'domain', schema: 'public', name: 'pos', change: 'changed', details: { fields: { nullable: { from: true, to: false } } } },
      { objectKind: 'composite-type', schema: 'public', name: 'pair', change: 'added', details: { attributes: [{ name: 'a', type: 'integer' }] } },
      { objectKind: 'sequence', schema: 'public', name: 's', change: 'changed', details: { fields: { increment: { from: '1', to: '5' } } } },
    ],
  },
];

describe('diffSnapshots', () => {
  const names = cases.map((c) => c.name);
  it('case names are unique', () => expect(new Set(names).size).toBe(names.length));
  for (const c of cases) {
    it(c.name, () => {
      const result = diffSnapshots(snapshot(c.from), snapshot(c.to));
      expect(result.changes).toEqual(c.changes);
      expect(result.summary.identical).toBe(c.changes.length === 0);
    });
  }

  it('lists the kinds it does not compare, aggregates by name, and incomplete sources', () => {
    const agg = { ...fn('my_sum', 'integer', ''), kind: 'aggregate' as const, definition: null };
    const result = diffSnapshots(snapshot({ functions: [agg] }), snapshot({ incomplete: true, problems: [{ kind: 'failed', message: 'x' }] }));
    expect(result.changes).toEqual([]);
    expect(result.notCompared).toContain('privileges (GRANT/REVOKE, default privileges)');
    expect(result.notCompared).toContain('comments');
    expect(result.notCompared).toContain('aggregate public.my_sum(integer)');
    expect(result.notCompared).toContain('objects the to source could not build (1 problem)');
  });

  it('summarises counts per kind and row counts side by side', () => {
    const result = diffSnapshots(
      snapshot({ relations: [table('leads', [col('id', 'integer')], { rows: 5008 }), table('users', [col('id', 'integer')], { rows: 28 })] }),
      snapshot({ relations: [table('leads', [col('id', 'integer'), col('x', 'text')], { rows: 5003 })] }),
    );
    expect(result.summary).toEqual({
      identical: false,
      added: 1,
      removed: 1,
      changed: 0,
      renamed: 0,
      byKind: { table: { added: 0, removed: 1, changed: 0, renamed: 0 }, column: { added: 1, removed: 0, changed: 0, renamed: 0 } },
      rows: { 'public.leads': [5008, 5003], 'public.users': [28, null] },
    });
  });

  it('renames can be turned off', () => {
    const result = diffSnapshots(snapshot({ relations: [table('a', [col('x', 'text')])] }), snapshot({ relations: [table('a', [col('y', 'text')])] }), { renames: false });
    expect(result.changes.map((c) => `${c.change} ${c.name}`)).toEqual(['removed x', 'added y']);
  });
});

describe('argumentTypes', () => {
  it('drops argument names so a renamed parameter is the same function', async () => {
    const { argumentTypes } = await import('../../src/schema/diff.js');
    expect(argumentTypes({ args: 'p_referee_id uuid, "Weird Name" text, VARIADIC rest integer[]', argNames: ['p_referee_id', 'Weird Name', 'rest'] })).toBe('uuid, text, VARIADIC integer[]');
    expect(argumentTypes({ args: 'character varying, numeric(10,2)', argNames: ['', ''] })).toBe('character varying, numeric(10,2)');
  });
});
