import { defineCheck } from '../../src/check.js';
import { qualified } from './helpers.js';

export default defineCheck({
  meta: {
    id: 'invalid-enum-value',
    description: 'A string literal written to, or compared with, an enum column is not one of the enum\'s values.',
    defaultSeverity: 'warn',
    messages: {
      invalidValue: 'Value "{{value}}" is not a member of enum "{{enum}}" (column "{{column}}" of "{{relation}}").',
    },
    help: {
      didYouMean: 'did you mean `{{suggestion}}`? allowed values: {{values}}',
      allowed: 'allowed values: {{values}}',
    },
  },
  check({ references, schema, report }) {
    for (const ref of references) {
      if (ref.kind !== 'column' || ref.column === undefined || !ref.values?.length) continue;
      const relation = schema.resolveRelation(ref.relation, ref.quoted);
      const column = relation && schema.column(relation, ref.column, ref.quoted);
      const enumType = column && schema.enumOfColumn(column);
      if (!relation || !column || !enumType) continue;
      for (const value of ref.values) {
        if (value.kind !== 'string' || value.text === undefined || enumType.values.includes(value.text)) continue;
        const values = enumType.values.map((v) => `\`${v}\``).join(', ');
        const suggestion = enumType.values.find((v) => v.toLowerCase() === value.text!.toLowerCase());
        report({
          messageId: 'invalidValue',
          data: { value: value.text, enum: qualified(enumType), column: column.name, relation: qualified(relation) },
          ...(suggestion ? { helpId: 'didYouMean' as const, helpData: { suggestion, values } } : { helpId: 'allowed' as const, helpData: { values } }),
          reference: ref,
          relation: { schema: relation.schema, name: relation.name },
          ...(value.location ? { location: value.location } : {}),
        });
      }
    }
  },
});
