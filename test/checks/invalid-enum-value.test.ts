import { describe, it } from 'vitest';
import check from '../../rules/checks/invalid-enum-value.js';
import { expectFindings, expectNoFindings } from '../helpers/findings.js';
import { at, buildSchema, col } from '../helpers/schema-builder.js';

const schema = buildSchema({
  tables: {
    'public.tasks': ['id serial', 'status public.task_status', 'tags public.task_tag[]', 'level public.level_domain', 'title text'],
    'app.items': ['id serial', 'kind "Kind"'],
  },
  enums: { 'public.task_status': ['todo', 'doing', 'done'], 'public.task_tag': ['bug', 'feature'], 'app.Kind': ['A', 'B'] },
  domains: { 'public.level_domain': 'public.task_status' },
  searchPath: ['public', 'app'],
});
const str = (text: string, where?: string) => ({ kind: 'string' as const, text, ...(where ? { location: at(where) } : {}) });

describe('invalid-enum-value', () => {
  it('accepts enum members, non-enum columns and non-string values', () => {
    expectNoFindings(check, {
      schema,
      references: [
        col('tasks.status', { values: [str('todo'), str('done')] }),
        col('tasks.tags', { values: [str('bug')] }),
        col('tasks.title', { values: [str('anything')] }),
        col('tasks.status', { values: [{ kind: 'null' }, { kind: 'string' }] }),
        col('app.items.kind', { values: [str('A')] }),
      ],
    });
  });

  it('reports a value outside the enum at the value, through arrays and domains', () => {
    expectFindings(
      check,
      {
        schema,
        references: [
          col('tasks.status', { values: [str('in_progress', 'src/t.ts:5:30')], at: 'src/t.ts:5:20' }),
          col('tasks.tags', { values: [str('Bug', 'src/t.ts:6:30')], at: 'src/t.ts:6:20' }),
          col('tasks.level', { values: [str('later')], at: 'src/t.ts:7:20' }),
        ],
      },
      [
        {
          messageId: 'invalidValue',
          message: 'Value "in_progress" is not a member of enum "public.task_status" (column "status" of "public.tasks").',
          help: 'allowed values: `todo`, `doing`, `done`',
          at: 'src/t.ts:5:30',
          relation: 'public.tasks',
          column: 'status',
        },
        {
          messageId: 'invalidValue',
          message: 'Value "Bug" is not a member of enum "public.task_tag" (column "tags" of "public.tasks").',
          help: 'did you mean `bug`? allowed values: `bug`, `feature`',
          at: 'src/t.ts:6:30',
          relation: 'public.tasks',
          column: 'tags',
        },
        {
          messageId: 'invalidValue',
          message: 'Value "later" is not a member of enum "public.task_status" (column "level" of "public.tasks").',
          help: 'allowed values: `todo`, `doing`, `done`',
          at: 'src/t.ts:7:20',
          relation: 'public.tasks',
          column: 'level',
        },
      ],
    );
  });
});
