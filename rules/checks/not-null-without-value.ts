import { defineCheck } from '../../src/check.js';
import type { Column } from '../../src/types.js';
import { qualified } from './helpers.js';

export default defineCheck({
  meta: {
    id: 'not-null-without-value',
    description: 'An insert whose static column set omits a NOT NULL column that has no default, identity or generated value.',
    defaultSeverity: 'error',
    messages: {
      missingValue: 'Insert into "{{relation}}" omits NOT NULL column "{{columns}}", which has no default.',
      missingValues: 'Insert into "{{relation}}" omits NOT NULL columns {{columns}}, which have no default.',
    },
    help: {
      provideValue: 'provide a value for {{list}}, or give the column a default (`ALTER TABLE {{relation}} ALTER COLUMN {{first}} SET DEFAULT ...`)',
    },
  },
  check({ references, schema, report }) {
    for (const ref of references) {
      // One finding per insert statement: at its relation reference, which carries the provided columns.
      if (ref.kind !== 'relation' || ref.access !== 'insert' || !ref.provides) continue;
      const relation = schema.resolveRelation(ref.relation, ref.quoted);
      if (!relation || (relation.kind !== 'table' && relation.kind !== 'partitioned-table')) continue;
      const provided = new Set(ref.provides.flatMap((c) => [c, c.toLowerCase()]));
      const omitted = relation.columns.filter((c) => needsValue(c, schema.domainOfColumn(c)?.default ?? null) && !provided.has(c.name));
      if (omitted.length === 0) continue;
      const name = qualified(relation);
      const one = omitted.length === 1;
      report({
        messageId: one ? 'missingValue' : 'missingValues',
        data: { relation: name, columns: one ? omitted[0]!.name : omitted.map((c) => `"${c.name}"`).join(', ') },
        helpId: 'provideValue',
        helpData: { list: omitted.map((c) => `\`${c.name}\``).join(', '), relation: name, first: omitted[0]!.name },
        reference: ref,
        relation: { schema: relation.schema, name: relation.name },
        ...(one ? { column: omitted[0]!.name } : {}),
      });
    }
  },
});

function needsValue(column: Column, domainDefault: string | null): boolean {
  return !column.nullable && column.default === null && column.identity === null && column.generated === null && domainDefault === null;
}
