import { describe, expect, it } from 'vitest';
import check from '../../rules/checks/orphaned-table.js';
import { expectFindings, expectNoFindings, run } from '../helpers/findings.js';
import { buildSchema, col, decl, fn, ref } from '../helpers/schema-builder.js';

describe('orphaned-table', () => {
  it('counts uses by code, models, candidates, views, called functions and triggers', () => {
    const schema = buildSchema({
      tables: {
        'public.videos': ['id serial'],
        'public.channels': ['id serial'],
        'public.tags': ['id serial'],
        'public.ratings': ['id serial'],
        'public.view_source': ['id serial'],
        'public.fn_target': ['id serial'],
        'public.audit_rows': ['id serial'],
      },
      relations: [
        { schema: 'public', name: 'v_stats', kind: 'view', definition: 'SELECT count(*) FROM public.view_source' },
        { schema: 'public', name: 'comments', kind: 'table', triggers: [{ function: { schema: 'public', name: 'audit' } }] },
        { schema: 'public', name: 'events', kind: 'partitioned-table' },
        { schema: 'public', name: 'events_2024', kind: 'table', partitionOf: { schema: 'public', name: 'events', bound: '' } },
      ],
      functions: ['public.rate()', 'public.audit()'],
    });
    schema.functions[0]!.body = 'INSERT INTO ratings VALUES (1); INSERT INTO fn_target DEFAULT VALUES';
    schema.functions[1]!.body = 'INSERT INTO audit_rows DEFAULT VALUES';
    expectNoFindings(check, {
      schema,
      references: [
        ref('videos'),
        col('videos.id', { candidates: [{ schema: null, name: 'videos' }, { schema: null, name: 'tags' }] }),
        ref('v_stats'),
        fn('rate'),
        ref('comments', { access: 'insert' }),
        ref('events'),
      ],
      declarations: [decl('channels', ['id'])],
    });
  });

  it('reports unused tables with no location, excluding bookkeeping tables and platform schemas', () => {
    const schema = buildSchema({
      tables: {
        'public.videos': ['id serial'],
        'public.old_reports': ['id serial'],
        'public.scratch': ['id serial'],
        'public._prisma_migrations': ['id text'],
        'public.knex_migrations_lock': ['index serial'],
        'drizzle.__drizzle_migrations': ['id serial'],
        'supabase_migrations.schema_migrations': ['version text'],
        'auth.users': ['id uuid'],
        'storage.objects': ['id uuid'],
        'archive.orders': ['id serial'],
      },
      views: { 'public.unused_view': ['id integer'] },
    });
    expectFindings(
      check,
      { schema, references: [ref('videos'), ref('tmp', { confidence: 'dynamic' })], ignoreRelations: ['archive.*'] },
      ['old_reports', 'scratch'].map((name) => ({
        messageId: 'orphaned',
        message: `Table "public.${name}" is not used by any code or model.`,
        help: `drop it in a migration if it is obsolete, or add \`public.${name}\` to \`ignoreRelations\` if something outside this repository uses it`,
        at: null,
        relation: `public.${name}`,
      })),
    );
  });

  it('leaves tables that the project\'s own packages manage (Django, connect-pg-simple, graphile-worker)', () => {
    const schema = buildSchema({
      tables: {
        'public.django_session': ['session_key text'],
        'public.auth_group': ['id serial'],
        'public.session': ['sid text'],
        'graphile_worker.jobs': ['id bigserial'],
        'public.polls': ['id serial'],
      },
    });
    const packages = ['django', 'connect-pg-simple', 'graphile-worker'];
    expectFindings(check, { schema, options: { 'orphaned-table': { packages } } }, [
      {
        messageId: 'orphaned',
        message: 'Table "public.polls" is not used by any code or model.',
        help: 'drop it in a migration if it is obsolete, or add `public.polls` to `ignoreRelations` if something outside this repository uses it',
        at: null,
        relation: 'public.polls',
      },
    ]);
    // Without those packages the same names are the app's own tables.
    const findings = run(check, { schema });
    expect(findings.map((f) => f.relation?.name)).toEqual(['jobs', 'auth_group', 'django_session', 'polls', 'session']);
  });

  it('is skipped when only part of the project is checked', () => {
    const schema = buildSchema({ tables: { 'public.old_reports': ['id serial'] } });
    expectNoFindings(check, { schema, skipWholeProject: true });
  });
});
