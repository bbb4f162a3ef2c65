import { describe, it } from 'vitest';
import check from '../../rules/checks/not-null-without-value.js';
import { expectFindings, expectNoFindings } from '../helpers/findings.js';
import { buildSchema, col, ref } from '../helpers/schema-builder.js';

const schema = buildSchema({
  tables: {
    'public.leads': [
      'id serial', 'clinic_name text not null', 'company text not null', 'email text',
      'status text not null default new', 'seq bigint identity', 'total numeric not null generated',
      'code public.required_code',
    ],
    'public.notes': ['id serial', 'body text'],
  },
  views: { 'public.lead_view': ['id integer'] },
  domains: { 'public.required_code': 'text' },
});
const insert = (provides: string[] | undefined, at = 'src/routes/leads.js:30:17') =>
  ref('leads', { access: 'insert', at, ...(provides ? { provides } : {}) });

describe('not-null-without-value', () => {
  it('finds nothing when every NOT NULL column without a default is provided', () => {
    expectNoFindings(check, {
      schema,
      references: [
        insert(['clinic_name', 'company', 'email']),
        insert(['CLINIC_NAME', 'Company']),
        ref('notes', { access: 'insert', provides: [] }),
        ref('lead_view', { access: 'insert', provides: [] }),
      ],
    });
  });

  it('does not judge inserts whose column set is not static, or reads', () => {
    expectNoFindings(check, { schema, references: [insert(undefined), ref('leads', { provides: [] })] });
  });

  it('reports the one NOT NULL column an insert omits (seed 001), at the insert', () => {
    expectFindings(check, { schema, references: [insert(['company', 'email']), col('leads.company', { access: 'insert' })] }, [
      {
        messageId: 'missingValue',
        message: 'Insert into "public.leads" omits NOT NULL column "clinic_name", which has no default.',
        help: 'provide a value for `clinic_name`, or give the column a default (`ALTER TABLE public.leads ALTER COLUMN clinic_name SET DEFAULT ...`)',
        at: 'src/routes/leads.js:30:17',
        relation: 'public.leads',
        column: 'clinic_name',
      },
    ]);
  });

  it('reports several omitted columns in one finding per statement', () => {
    expectFindings(check, { schema, references: [insert(['email'], 'a.ts:1:1'), insert(['email'], 'a.ts:9:1')] }, [
      {
        messageId: 'missingValues',
        message: 'Insert into "public.leads" omits NOT NULL columns "clinic_name", "company", which have no default.',
        help: 'provide a value for `clinic_name`, `company`, or give the column a default (`ALTER TABLE public.leads ALTER COLUMN clinic_name SET DEFAULT ...`)',
        at: 'a.ts:1:1',
        relation: 'public.leads',
      },
      {
        messageId: 'missingValues',
        message: 'Insert into "public.leads" omits NOT NULL columns "clinic_name", "company", which have no default.',
        help: 'provide a value for `clinic_name`, `company`, or give the column a default (`ALTER TABLE public.leads ALTER COLUMN clinic_name SET DEFAULT ...`)',
        at: 'a.ts:9:1',
        relation: 'public.leads',
      },
    ]);
  });
});
