import { describe, it } from 'vitest';
import check from '../../rules/checks/missing-relation.js';
import { expectFindings, expectNoFindings } from '../helpers/findings.js';
import { buildSchema, col, decl, ref } from '../helpers/schema-builder.js';

const schema = buildSchema({
  tables: {
    'public.organization_memberships': ['id serial', 'org_id uuid'],
    'public.users': ['id serial', 'email text'],
    'public.Accounts': ['id serial'],
    'auth.sessions': ['id uuid'],
  },
  views: { 'public.active_users': ['id integer'] },
});

describe('missing-relation', () => {
  it('finds nothing when every relation resolves (search path, qualification, views, quoted names)', () => {
    expectNoFindings(check, {
      schema,
      references: [
        ref('users'),
        ref('public.users'),
        ref('USERS'),
        ref('active_users'),
        ref('Accounts', { quoted: true }),
        ref('auth.sessions'),
        col('users.email'),
      ],
      declarations: [decl('users', ['id', 'email'], { model: 'User' })],
    });
  });

  it('resolves system catalogs (pg_catalog unqualified, information_schema qualified) and skips migration bookkeeping', () => {
    expectNoFindings(check, {
      schema,
      references: [ref('pg_class'), ref('pg_stat_activity'), ref('pg_catalog.pg_indexes'), ref('information_schema.columns'), ref('_prisma_migrations'), col('pg_class.relname')],
    });
    expectFindings(check, { schema, references: [ref('columns', { at: 'src/db.ts:4:21' }), ref('pg_catalog.pg_nothing', { at: 'src/db.ts:5:21' })] }, [
      {
        messageId: 'relationNotFound',
        message: 'Relation "public.columns" does not exist.',
        at: 'src/db.ts:4:21',
        relation: 'public.columns',
      },
      {
        messageId: 'relationNotFound',
        message: 'Relation "pg_catalog.pg_nothing" does not exist.',
        at: 'src/db.ts:5:21',
        relation: 'pg_catalog.pg_nothing',
      },
    ]);
  });

  it('reports a quoted missing relation once, though its column references carry the column quoting', () => {
    expectFindings(
      check,
      {
        schema,
        references: [ref('Survey', { quoted: true, at: 'src/report.ts:2:30' }), col('Survey.id', { at: 'src/report.ts:2:19' })],
      },
      [{ messageId: 'relationNotFound', message: 'Relation "public.Survey" does not exist.', at: 'src/report.ts:2:30', relation: 'public.Survey' }],
    );
  });

  it('does not report a table the same file creates (a temporary table, a test fixture), only in that file', () => {
    const created = { ...ref('scratch_rows', { at: 'test/fixture.ts:3:20' }), access: 'ddl' as const, creates: true as const };
    expectFindings(
      check,
      {
        schema,
        references: [
          created,
          ref('scratch_rows', { at: 'test/fixture.ts:4:20' }),
          col('scratch_rows.payload', { at: 'test/fixture.ts:5:20' }),
          ref('scratch_rows', { at: 'src/other.ts:2:20' }),
        ],
      },
      [{ messageId: 'relationNotFound', message: 'Relation "public.scratch_rows" does not exist.', at: 'src/other.ts:2:20', relation: 'public.scratch_rows' }],
    );
  });

  it('reports a key-named embed of a missing table once, as the missing table; a table-named one as missing too', () => {
    const invoices = { schema: null, name: 'invoices' };
    expectFindings(
      check,
      {
        schema,
        references: [
          ref('invoices', { at: 'src/invoice.ts:4:13' }),
          ref('customer_id', { embeddedIn: invoices, at: 'src/invoice.ts:5:30' }),
          col('customer_id.name', { embeddedIn: invoices, at: 'src/invoice.ts:5:42' }),
          ref('no_such_key', { embeddedIn: { schema: null, name: 'users' }, at: 'src/invoice.ts:8:30' }),
          ref('invoice_lines', { embeddedIn: invoices, at: 'src/invoice.ts:9:30' }),
        ],
      },
      [
        { messageId: 'relationNotFound', message: 'Relation "public.invoices" does not exist.', at: 'src/invoice.ts:4:13', relation: 'public.invoices' },
        { messageId: 'relationNotFound', message: 'Relation "public.no_such_key" does not exist.', at: 'src/invoice.ts:8:30', relation: 'public.no_such_key' },
        { messageId: 'relationNotFound', message: 'Relation "public.invoice_lines" does not exist.', at: 'src/invoice.ts:9:30', relation: 'public.invoice_lines' },
      ],
    );
  });

  it('reports a missing table with the nearest name as help', () => {
    expectFindings(check, { schema, references: [ref('organization_membership', { at: 'src/api/orgs.ts:12:18' })] }, [
      {
        messageId: 'relationNotFound',
        message: 'Relation "public.organization_membership" does not exist.',
        help: 'did you mean `organization_memberships`?',
        at: 'src/api/orgs.ts:12:18',
        relation: 'public.organization_membership',
      },
    ]);
  });

  it('says which schema has a relation of that name', () => {
    expectFindings(check, { schema, references: [ref('sessions', { at: 'src/auth.ts:3:7' })] }, [
      {
        messageId: 'relationNotFound',
        message: 'Relation "public.sessions" does not exist.',
        help: 'a relation with this name exists in schema `auth`: qualify it as `auth.sessions` or add the schema to `searchPath`',
        at: 'src/auth.ts:3:7',
        relation: 'public.sessions',
      },
    ]);
  });

  it('folds unquoted names but keeps quoted ones exact', () => {
    expectFindings(check, { schema, references: [ref('Users', { quoted: true, at: 'db/q.sql:1:15' })] }, [
      {
        messageId: 'relationNotFound',
        message: 'Relation "public.Users" does not exist.',
        help: 'did you mean `users`?',
        at: 'db/q.sql:1:15',
        relation: 'public.Users',
      },
    ]);
  });

  it('reports a column reference on a missing relation once, as the relation', () => {
    expectFindings(
      check,
      {
        schema,
        references: [
          col('workflows.name', { at: 'src/w.ts:4:10', written: 'workflows' }),
          col('workflows.status', { at: 'src/w.ts:5:10', written: 'workflows' }),
          col('billing_plans.name', { at: 'src/b.ts:2:3', written: 'billing_plans' }),
          ref('billing_plans', { at: 'src/b.ts:1:20' }),
        ],
      },
      [
        { messageId: 'relationNotFound', message: 'Relation "public.billing_plans" does not exist.', at: 'src/b.ts:1:20', relation: 'public.billing_plans' },
        { messageId: 'relationNotFound', message: 'Relation "public.workflows" does not exist.', at: 'src/w.ts:4:10', relation: 'public.workflows' },
      ],
    );
  });

  it('reports an ORM model whose table is missing, at the model', () => {
    expectFindings(
      check,
      {
        schema,
        declarations: [
          decl('user_profiles', ['id'], { model: 'UserProfile', at: 'prisma/schema.prisma:20:1' }),
          decl('WaitpointRun', ['id'], { model: 'WaitpointRun', at: 'prisma/schema.prisma:30:1' }),
        ],
      },
      [
        {
          messageId: 'modelRelationNotFound',
          message: 'Model "UserProfile" maps to relation "public.user_profiles", which does not exist.',
          at: 'prisma/schema.prisma:20:1',
          relation: 'public.user_profiles',
        },
        {
          messageId: 'modelRelationNotFound',
          message: 'Model "WaitpointRun" maps to relation "public.WaitpointRun", which does not exist.',
          at: 'prisma/schema.prisma:30:1',
          relation: 'public.WaitpointRun',
        },
      ],
    );
  });

  it('never reports dynamic references, DDL, or ignored relations', () => {
    expectNoFindings(check, {
      schema,
      references: [
        ref('tmp_import', { confidence: 'dynamic' }),
        ref('new_table', { access: 'ddl' }),
        ref('audit_log'),
        ref('archive.old_orders'),
      ],
      ignoreRelations: ['audit_*', 'archive.*'],
    });
  });

  it('leaves schemas a dependency creates at run time (graphile-worker) when the schema source lacks them', () => {
    const references = [ref('graphile_worker.jobs', { at: 'src/worker.ts:3:10' }), col('graphile_worker.jobs.task_identifier', { at: 'src/worker.ts:3:30' })];
    expectNoFindings(check, { schema, references, options: { 'missing-relation': { packages: ['graphile-worker'] } } });
    // drizzle-kit's migrator table, under a custom name, in the schema drizzle-orm creates.
    expectNoFindings(check, { schema, references: [ref('drizzle.__agent_migrations')], options: { 'missing-relation': { packages: ['drizzle-orm'] } } });
    expectFindings(check, { schema, references }, [
      {
        messageId: 'relationNotFound',
        message: 'Relation "graphile_worker.jobs" does not exist.',
        at: 'src/worker.ts:3:10',
        relation: 'graphile_worker.jobs',
      },
    ]);
  });

  it('resolves through a configured search path', () => {
    expectNoFindings(check, { schema, references: [ref('sessions')], searchPath: ['public', 'auth'] });
  });
});
