import { describe, it } from 'vitest';
import check from '../../rules/checks/missing-column.js';
import { expectFindings, expectNoFindings } from '../helpers/findings.js';
import { buildSchema, col, ref } from '../helpers/schema-builder.js';

const schema = buildSchema({
  tables: {
    'public.leads': [
      'id serial', 'company text not null', 'source text', 'email text', 'phone text',
      'contact_first_name text', 'contact_last_name text', 'created_at timestamptz',
    ],
    'public.clients': ['id serial', 'name text', '"displayName" text'],
  },
});

describe('missing-column', () => {
  it('finds nothing for existing columns, *, system columns and a missing relation', () => {
    expectNoFindings(check, {
      schema,
      references: [
        col('leads.company'),
        col('public.leads.email'),
        col('leads.EMAIL'),
        col('leads.*'),
        col('leads.ctid'),
        col('clients."displayName"'.replace(/"/g, ''), { quoted: true }),
        col('nowhere.company'),
      ],
    });
  });

  it.each([
    ['a close spelling', 'emial', 'did you mean `email`?'],
    ['camelCase of a snake_case column', 'createdAt', 'did you mean `created_at`?'],
    ['a known rename (seed 001)', 'clinic_name', '`clinic_name` looks renamed: did you mean `company`?'],
    ['a dropped prefix', 'lead_source', '`lead_source` looks renamed: did you mean `source`?'],
    ['a dropped prefix (contact_email)', 'contact_email', '`contact_email` looks renamed: did you mean `email`?'],
    ['a shared first word', 'contact_person', 'columns with a similar name exist: `contact_first_name`, `contact_last_name`'],
  ])('suggests %s', (_name, column, help) => {
    expectFindings(check, { schema, references: [col(`leads.${column}`, { at: 'src/routes/leads.js:42:9' })] }, [
      {
        messageId: 'columnNotFound',
        message: `Column "${column}" does not exist on relation "public.leads".`,
        help,
        at: 'src/routes/leads.js:42:9',
        relation: 'public.leads',
        column,
      },
    ]);
  });

  it.each(['zzz_quux', 'phonebook'])('gives no help when nothing is close (%s)', (column) => {
    // `phonebook` is 4 edits from `phone`: too far for a 9-character name.
    expectFindings(check, { schema, references: [col(`leads.${column}`, { at: 'a.py:1:1' })] }, [
      { messageId: 'columnNotFound', message: `Column "${column}" does not exist on relation "public.leads".`, at: 'a.py:1:1', relation: 'public.leads', column },
    ]);
  });

  it('takes a function over the row as a column when read (attribute notation, PostgREST computed fields)', () => {
    const withFunctions = buildSchema({
      tables: { 'public.tasks': ['id serial', 'done_at timestamptz'], 'public.notes': ['id serial'] },
      functions: ['public.is_done(t public.tasks)', 'public.label(t tasks)', 'public.summary(t public.tasks, n integer)', 'public.is_empty(n public.notes)'],
    });
    expectNoFindings(check, { schema: withFunctions, references: [col('tasks.is_done'), col('tasks.label')] });
    expectFindings(
      check,
      {
        schema: withFunctions,
        references: [
          col('tasks.summary', { at: 'src/tasks.ts:4:20' }),
          col('tasks.is_empty', { at: 'src/tasks.ts:5:20' }),
          col('tasks.is_done', { access: 'update', at: 'src/tasks.ts:6:20' }),
        ],
      },
      [
        { messageId: 'columnNotFound', message: 'Column "summary" does not exist on relation "public.tasks".', at: 'src/tasks.ts:4:20', relation: 'public.tasks', column: 'summary' },
        { messageId: 'columnNotFound', message: 'Column "is_empty" does not exist on relation "public.tasks".', at: 'src/tasks.ts:5:20', relation: 'public.tasks', column: 'is_empty' },
        { messageId: 'columnNotFound', message: 'Column "is_done" does not exist on relation "public.tasks".', at: 'src/tasks.ts:6:20', relation: 'public.tasks', column: 'is_done' },
      ],
    );
  });

  it('checks the columns of system catalogs', () => {
    expectNoFindings(check, { schema, references: [col('pg_stat_activity.query'), col('information_schema.columns.column_name')] });
    expectFindings(check, { schema, references: [col('pg_class.relnme', { at: 'src/admin.ts:8:12' })] }, [
      {
        messageId: 'columnNotFound',
        message: 'Column "relnme" does not exist on relation "pg_catalog.pg_class".',
        help: 'did you mean `relname`?',
        at: 'src/admin.ts:8:12',
        relation: 'pg_catalog.pg_class',
        column: 'relnme',
      },
    ]);
  });

  it('keeps quoted column names exact', () => {
    expectFindings(check, { schema, references: [col('clients.displayname', { quoted: true, at: 'q.sql:2:8' })] }, [
      {
        messageId: 'columnNotFound',
        message: 'Column "displayname" does not exist on relation "public.clients".',
        help: 'did you mean `displayName`?',
        at: 'q.sql:2:8',
        relation: 'public.clients',
        column: 'displayname',
      },
    ]);
  });

  it('picks the candidate relation that has the column, and reports only when none does', () => {
    const candidates = [{ schema: null, name: 'leads' }, { schema: null, name: 'clients' }];
    expectNoFindings(check, { schema, references: [col('leads.name', { candidates, confidence: 'inferred' })] });
    expectFindings(check, { schema, references: [col('leads.nmae', { candidates, confidence: 'inferred', at: 'q.sql:3:1' })] }, [
      {
        messageId: 'columnNotFoundInAny',
        message: 'Column "nmae" does not exist on any of the relations in scope ("public.leads", "public.clients").',
        help: 'did you mean `name`?',
        at: 'q.sql:3:1',
        relation: 'public.leads',
        column: 'nmae',
      },
    ]);
  });

  it('skips candidates when one of them is missing (that is missing-relation)', () => {
    const candidates = [{ schema: null, name: 'leads' }, { schema: null, name: 'ghost' }];
    expectNoFindings(check, { schema, references: [col('leads.nmae', { candidates })] });
  });

  it('ignores relation references and dynamic column references', () => {
    expectNoFindings(check, { schema, references: [ref('leads'), col('leads.whatever', { confidence: 'dynamic' })] });
  });
});
