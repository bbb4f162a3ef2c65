import { describe, it } from 'vitest';
import check from '../../rules/checks/model-drift.js';
import { expectFindings, expectNoFindings } from '../helpers/findings.js';
import { buildSchema, decl } from '../helpers/schema-builder.js';

const schema = buildSchema({ tables: { 'public.users': ['id serial', 'email text', 'legacy_id integer'] } });

describe('model-drift', () => {
  it('finds nothing when the model and the table agree, or the model has no known columns or table', () => {
    expectNoFindings(check, {
      schema,
      declarations: [decl('users', ['id', 'email', 'legacy_id']), decl('users', []), decl('ghosts', ['id'])],
    });
  });

  it('skips a shadowed declaration (a copy nothing imports, beside the model the project uses)', () => {
    expectNoFindings(check, { schema, declarations: [{ ...decl('users', ['id', 'email_address']), shadowed: true }] });
  });

  it('reports each column in one but not the other', () => {
    expectFindings(
      check,
      {
        schema,
        declarations: [
          decl('users', ['id', 'email', 'nickname'], {
            model: 'User',
            at: 'prisma/schema.prisma:10:1',
            columnsAt: { nickname: 'prisma/schema.prisma:13:3' },
          }),
        ],
      },
      [
        {
          messageId: 'columnNotInModel',
          message: 'Relation "public.users" has column "legacy_id", which model "User" does not declare.',
          help: 'declare it in the model, or drop the column if it is obsolete',
          at: 'prisma/schema.prisma:10:1',
          relation: 'public.users',
          column: 'legacy_id',
        },
        {
          messageId: 'columnNotInTable',
          message: 'Model "User" declares column "nickname", which relation "public.users" lacks.',
          help: 'add the column in a migration, or remove it from the model',
          at: 'prisma/schema.prisma:13:3',
          relation: 'public.users',
          column: 'nickname',
        },
      ],
    );
  });
});
