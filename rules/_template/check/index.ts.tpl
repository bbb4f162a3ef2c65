import { defineCheck } from '../../src/check.js';

export default defineCheck({
  meta: {
    id: '__ID__',
    description: 'TODO: one sentence naming the problem.',
    defaultSeverity: 'warn',
    messages: {
      problem: 'TODO: Relation "{{name}}" ....',
    },
    help: {
      remedy: 'TODO: the fix',
    },
  },
  check({ references, schema, report }) {
    for (const ref of references) {
      if (ref.kind !== 'relation') continue;
      if (schema.resolveRelation(ref.relation, ref.quoted)) continue;
      // TODO: judge; report with the message id (typed: a typo fails tsc).
      void report;
    }
  },
});
