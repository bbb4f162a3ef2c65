import { describe, it } from 'vitest';
import check from '../../rules/checks/missing-function.js';
import { expectFindings, expectNoFindings } from '../helpers/findings.js';
import { buildSchema, fn } from '../helpers/schema-builder.js';

const schema = buildSchema({
  functions: [
    'public.add_member(org_id uuid, user_id uuid, role text default member)',
    'public.get_stats()',
    'extensions.uuid_generate_v4()',
  ],
});

describe('missing-function', () => {
  it('accepts calls that some overload takes (defaults, named arguments, built-ins, extensions)', () => {
    expectNoFindings(check, {
      schema,
      references: [
        fn('add_member', { argCount: 2 }),
        fn('add_member', { argCount: 3 }),
        fn('public.add_member', { argNames: ['org_id', 'user_id'], argCount: 2 }),
        fn('add_member', { argNames: ['role', 'user_id', 'org_id'], argCount: 3 }),
        fn('get_stats', { argCount: 0 }),
        fn('get_stats'),
        fn('now', { argCount: 0 }),
        fn('pg_catalog.lower', { argCount: 1 }),
        fn('uuid_generate_v4', { argCount: 0 }),
      ],
    });
  });

  // Field trial (graphile/starter): `crypt($2, password_hash)` with pgcrypto installed; the live snapshot leaves it out.
  it('accepts a function of an installed extension, unqualified or in its schema, and only then', () => {
    const withPgcrypto = { ...schema, extensions: [{ name: 'pgcrypto', schema: 'public', version: '1.3' }] };
    expectNoFindings(check, { schema: withPgcrypto, references: [fn('crypt', { argCount: 2 }), fn('public.gen_salt', { argCount: 1 })] });
    expectFindings(check, { schema, references: [fn('crypt', { argCount: 2, at: 'src/auth.ts:3:10' })] }, [
      { messageId: 'functionNotFound', message: 'Function "public.crypt" does not exist.', at: 'src/auth.ts:3:10', relation: '.crypt' },
    ]);
    expectFindings(check, { schema: withPgcrypto, references: [fn('app.crypt', { argCount: 2, at: 'src/auth.ts:4:10' })] }, [
      { messageId: 'functionNotFound', message: 'Function "app.crypt" does not exist.', at: 'src/auth.ts:4:10', relation: 'app.crypt' },
    ]);
  });

  it('reports a function that does not exist, with the nearest name', () => {
    expectFindings(check, { schema, references: [fn('get_stat', { argCount: 0, at: 'app/api/stats/route.ts:8:33' })] }, [
      {
        messageId: 'functionNotFound',
        message: 'Function "public.get_stat" does not exist.',
        help: 'did you mean `get_stats`?',
        at: 'app/api/stats/route.ts:8:33',
        relation: '.get_stat',
      },
    ]);
  });

  it('does not report a function the same file creates (a backfill script), only in that file', () => {
    const created = fn('pg_temp.to_ts', { access: 'ddl', creates: true, at: 'scripts/backfill.ts:4:30' });
    expectFindings(
      check,
      {
        schema,
        references: [created, fn('pg_temp.to_ts', { argCount: 1, at: 'scripts/backfill.ts:9:12' }), fn('pg_temp.to_ts', { argCount: 1, at: 'src/report.ts:3:12' })],
      },
      [{ messageId: 'functionNotFound', message: 'Function "pg_temp.to_ts" does not exist.', at: 'src/report.ts:3:12', relation: 'pg_temp.to_ts' }],
    );
  });

  it('reports a call that no overload accepts, listing the signatures', () => {
    expectFindings(
      check,
      {
        schema,
        references: [
          fn('add_member', { argCount: 1, at: 'src/a.ts:1:1' }),
          fn('add_member', { argNames: ['org', 'user_id'], argCount: 2, at: 'src/a.ts:2:1' }),
          fn('add_member', { argNames: ['role'], argCount: 1, at: 'src/a.ts:3:1' }),
        ],
      },
      ['1 argument', 'the named arguments "org", "user_id"', 'the named arguments "role"'].map((args, i) => ({
        messageId: 'noMatchingOverload',
        message: `Function "public.add_member" has no overload that accepts ${args}.`,
        help: 'existing: `add_member(org_id uuid, user_id uuid, role text default member)`',
        at: `src/a.ts:${i + 1}:1`,
        relation: '.add_member',
      })),
    );
  });
});
