import { defineCheck } from '../../src/check.js';
import type { Relation } from '../../src/types.js';
import { isDataReference, qualified, usedRelations } from './helpers.js';

export default defineCheck({
  meta: {
    id: 'unused-model',
    description: 'An ORM model whose table exists but that no code queries.',
    defaultSeverity: 'info',
    wholeProject: true,
    messages: {
      unused: 'Model "{{model}}" (relation "{{relation}}") is declared but never queried.',
    },
    help: {
      removeOrIgnore: 'remove the model and drop the table if it is obsolete, or add `{{relation}}` to `ignoreRelations`',
    },
  },
  check({ references, declarations, schema, report }) {
    const queried = new Set<Relation>();
    for (const ref of references) if (isDataReference(ref)) for (const r of usedRelations(schema, ref)) queried.add(r);
    const reported = new Set<Relation>();
    for (const decl of declarations) {
      // A declaration without a model is a many-to-many join table: used whenever its relation is loaded.
      if (!decl.model) continue;
      // A stale copy that nothing imports, beside the model the project uses: not the project's model.
      if (decl.shadowed) continue;
      const relation = schema.resolveRelation(decl.relation);
      if (!relation || queried.has(relation) || reported.has(relation)) continue;
      reported.add(relation);
      const name = qualified(relation);
      report({
        messageId: 'unused',
        data: { model: decl.model, relation: name },
        helpId: 'removeOrIgnore',
        relation: { schema: relation.schema, name: relation.name },
        location: decl.location,
      });
    }
  },
});
