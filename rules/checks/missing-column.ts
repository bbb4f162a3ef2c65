import { defineCheck } from '../../src/check.js';
import type { Reference, Relation } from '../../src/types.js';
import { columnHelp, isDataReference, qualified } from './helpers.js';

export default defineCheck({
  meta: {
    id: 'missing-column',
    description: 'A column that the code uses does not exist on its (existing) relation.',
    defaultSeverity: 'error',
    messages: {
      columnNotFound: 'Column "{{column}}" does not exist on relation "{{relation}}".',
      columnNotFoundInAny: 'Column "{{column}}" does not exist on any of the relations in scope ({{relations}}).',
    },
    help: {
      didYouMean: 'did you mean `{{suggestion}}`?',
      renamed: '`{{column}}` looks renamed: did you mean `{{suggestion}}`?',
      similarName: 'columns with a similar name exist: {{suggestions}}',
    },
  },
  check({ references, schema, report }) {
    for (const ref of references) {
      if (ref.kind !== 'column' || !isDataReference(ref) || ref.column === undefined) continue;
      // `*` and system columns are always there.
      if (ref.column === '*' || SYSTEM_COLUMNS.has(ref.column)) continue;

      if (ref.candidates?.length) {
        const relations = ref.candidates
          .map((c) => schema.resolveRelation(c, ref.quoted))
          .filter((r): r is Relation => r !== undefined);
        // A missing candidate relation is missing-relation's finding; it might have had the column.
        if (relations.length < ref.candidates.length) continue;
        if (relations.some((r) => schema.column(r, ref.column!, ref.quoted) || computed(r, ref))) continue;
        const first = relations[0]!;
        report({
          messageId: relations.length === 1 ? 'columnNotFound' : 'columnNotFoundInAny',
          data: { column: ref.column, relation: qualified(first), relations: relations.map((r) => `"${qualified(r)}"`).join(', ') },
          reference: ref,
          relation: { schema: first.schema, name: first.name },
          ...bestHelp(relations, ref.column),
        });
        continue;
      }

      const relation = schema.resolveRelation(ref.relation, ref.quoted);
      if (!relation || schema.column(relation, ref.column, ref.quoted) || computed(relation, ref)) continue;
      report({
        messageId: 'columnNotFound',
        data: { column: ref.column, relation: qualified(relation) },
        reference: ref,
        relation: { schema: relation.schema, name: relation.name },
        ...columnHelp(schema.suggestColumn(relation, ref.column), ref.column),
      });
    }

    // A function over the row reads like a column (`SELECT t.full_name`, PostgREST's `select('id, full_name')`), but
    // cannot be written.
    function computed(relation: Relation, ref: Reference): boolean {
      return ref.access !== 'insert' && ref.access !== 'update' && schema.computedColumn(relation, ref.column!, ref.quoted) !== undefined;
    }

    function bestHelp(relations: Relation[], column: string) {
      for (const r of relations) {
        const help = columnHelp(schema.suggestColumn(r, column), column);
        if (help) return help;
      }
      return undefined;
    }
  },
});

const SYSTEM_COLUMNS = new Set(['ctid', 'xmin', 'xmax', 'cmin', 'cmax', 'tableoid', 'oid']);
