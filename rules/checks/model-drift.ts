import { defineCheck } from '../../src/check.js';
import { columnHelp, qualified } from './helpers.js';

export default defineCheck({
  meta: {
    id: 'model-drift',
    description: 'An ORM model and its table disagree on columns: one has a column the other lacks.',
    defaultSeverity: 'warn',
    messages: {
      columnNotInTable: 'Model "{{model}}" declares column "{{column}}", which relation "{{relation}}" lacks.',
      columnNotInModel: 'Relation "{{relation}}" has column "{{column}}", which model "{{model}}" does not declare.',
    },
    help: {
      didYouMean: 'did you mean `{{suggestion}}`? otherwise add the column in a migration or remove it from the model',
      renamed: '`{{column}}` looks renamed to `{{suggestion}}`: update the model',
      similarName: 'columns with a similar name exist: {{suggestions}}',
      addColumn: 'add the column in a migration, or remove it from the model',
      declareColumn: 'declare it in the model, or drop the column if it is obsolete',
    },
  },
  check({ declarations, schema, report }) {
    for (const decl of declarations) {
      // No columns means the extractor could not read them; there is nothing to compare.
      if (decl.columns.length === 0) continue;
      // A stale copy that nothing imports, beside the model the project uses: not the project's model.
      if (decl.shadowed) continue;
      const relation = schema.resolveRelation(decl.relation);
      if (!relation) continue;
      const model = decl.model ?? decl.relation.name;
      const name = qualified(relation);
      const target = { schema: relation.schema, name: relation.name };
      const declared = new Set<string>();
      for (const col of decl.columns) {
        const column = schema.column(relation, col.name);
        if (column) {
          declared.add(column.name);
          continue;
        }
        report({
          messageId: 'columnNotInTable',
          data: { model, column: col.name, relation: name },
          ...(columnHelp(schema.suggestColumn(relation, col.name), col.name) ?? { helpId: 'addColumn' as const }),
          relation: target,
          column: col.name,
          location: col.location ?? decl.location,
        });
      }
      for (const column of relation.columns) {
        if (declared.has(column.name)) continue;
        report({
          messageId: 'columnNotInModel',
          data: { model, column: column.name, relation: name },
          helpId: 'declareColumn',
          relation: target,
          column: column.name,
          location: decl.location,
        });
      }
    }
  },
});
