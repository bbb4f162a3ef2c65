import { describe, it } from 'vitest';
import check from '../../rules/checks/unused-model.js';
import { expectFindings, expectNoFindings } from '../helpers/findings.js';
import { buildSchema, col, decl, ref } from '../helpers/schema-builder.js';

const schema = buildSchema({ tables: { 'public.users': ['id serial'], 'public.legacy_logs': ['id serial'] } });

describe('unused-model', () => {
  it('finds nothing when each model is queried, or its table is missing', () => {
    expectNoFindings(check, {
      schema,
      references: [ref('users'), col('legacy_logs.id')],
      declarations: [decl('users', ['id'], { model: 'User' }), decl('legacy_logs', ['id'], { model: 'LegacyLog' }), decl('ghosts', ['id'], { model: 'Ghost' })],
    });
  });

  it('does not judge declarations without a model (many-to-many join tables)', () => {
    expectNoFindings(check, { schema, declarations: [decl('legacy_logs', ['id'])] });
  });

  it('reports a model no code queries, at the model, once per table, as info', () => {
    expectFindings(
      check,
      {
        schema,
        references: [ref('users'), ref('legacy_logs', { access: 'ddl' })],
        declarations: [
          decl('users', ['id'], { model: 'User' }),
          decl('legacy_logs', ['id'], { model: 'LegacyLog', at: 'app/models.py:40:1' }),
          decl('legacy_logs', ['id'], { model: 'LegacyLog2', at: 'app/models2.py:1:1' }),
        ],
      },
      [
        {
          messageId: 'unused',
          message: 'Model "LegacyLog" (relation "public.legacy_logs") is declared but never queried.',
          help: 'remove the model and drop the table if it is obsolete, or add `public.legacy_logs` to `ignoreRelations`',
          at: 'app/models.py:40:1',
          severity: 'info',
          relation: 'public.legacy_logs',
        },
      ],
    );
  });
});
