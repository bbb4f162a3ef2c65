import { defineCheck } from '../../src/check.js';
import type { Reference } from '../../src/types.js';
import { BOOKKEEPING_TABLES, createdInSameFile, isDataReference, relationHelp, runtimeManagedSchemas } from './helpers.js';

export default defineCheck({
  meta: {
    id: 'missing-relation',
    description: 'A table or view that the code uses, or an ORM model declares, does not exist in the schema.',
    defaultSeverity: 'error',
    messages: {
      relationNotFound: 'Relation "{{name}}" does not exist.',
      modelRelationNotFound: 'Model "{{model}}" maps to relation "{{name}}", which does not exist.',
    },
    help: {
      didYouMean: 'did you mean `{{suggestion}}`?',
      existsInSchema: 'a relation with this name exists in schema `{{schema}}`: qualify it as `{{schema}}.{{name}}` or add the schema to `searchPath`',
    },
  },
  check({ references, declarations, schema, options, report }) {
    const managed = runtimeManagedSchemas((options.packages as readonly string[] | undefined) ?? [], schema.snapshot.schemas);
    // A migration tool's own table (`_prisma_migrations`) exists in a migrated database but never in a replay of the
    // migrations: when it does not resolve, the schema source cannot judge it.
    const isManaged = (ref: Reference) =>
      (ref.relation.schema !== null && managed.has(ref.relation.schema)) || BOOKKEEPING_TABLES.includes(ref.relation.name);
    // Code that creates a table and then uses it (a temporary table, a test fixture) does not need it in the schema.
    const createdHere = createdInSameFile(schema, references, 'relation');
    // An embed of a missing table named like a key column (`customer:customer_id(name)`) is that table's foreign key,
    // which cannot be resolved: the parent's finding says it all. One named like a table is a missing table too.
    const parentMissing = (ref: Reference) =>
      ref.embeddedIn !== undefined &&
      KEY_NAME.test(ref.relation.name) &&
      !schema.resolveRelation(ref.embeddedIn, true) &&
      !schema.resolveRelation(ref.embeddedIn, ref.quoted);
    const reportedRelationRefs = new Set<string>();
    const key = (file: string, ref: Reference) =>
      `${file}\u0000${schema.qualify(ref.relation, ref.quoted)}`;

    for (const ref of references) {
      if (ref.kind !== 'relation' || !isDataReference(ref) || isManaged(ref) || createdHere(ref) || parentMissing(ref)) continue;
      if (schema.resolveRelation(ref.relation, ref.quoted)) continue;
      reportedRelationRefs.add(key(ref.location.file, ref));
      report({ messageId: 'relationNotFound', data: { name: schema.qualify(ref.relation, ref.quoted) }, reference: ref, ...relationHelp(schema, ref.relation, ref.quoted) });
    }

    // A column reference on a missing relation is reported as the missing relation, once per file, and only when
    // no relation reference in that file already said so.
    for (const ref of references) {
      if (ref.kind !== 'column' || !isDataReference(ref) || ref.candidates?.length || isManaged(ref) || createdHere(ref) || parentMissing(ref)) continue;
      if (schema.resolveRelation(ref.relation, ref.quoted)) continue;
      const k = key(ref.location.file, ref);
      // A column reference's `quoted` is the column's: its relation may have been written quoted (`"Survey".id`).
      const asQuoted = `${ref.location.file}\u0000${schema.qualify(ref.relation, true)}`;
      if (reportedRelationRefs.has(k) || reportedRelationRefs.has(asQuoted)) continue;
      reportedRelationRefs.add(k);
      const { column: _column, ...withoutColumn } = ref;
      report({
        messageId: 'relationNotFound',
        data: { name: schema.qualify(ref.relation, ref.quoted) },
        reference: withoutColumn,
        ...relationHelp(schema, ref.relation, ref.quoted),
      });
    }

    for (const decl of declarations) {
      if (schema.resolveRelation(decl.relation)) continue;
      report({
        messageId: 'modelRelationNotFound',
        // As the model writes it: ORMs quote the names they generate (Prisma's "WaitpointRunConnection").
        data: { model: decl.model ?? decl.relation.name, name: schema.qualify(decl.relation, true) },
        relation: decl.relation,
        location: decl.location,
        ...relationHelp(schema, decl.relation, false),
      });
    }
  },
});

const KEY_NAME = /_(?:id|uuid|key|fkey|slug|code)$/i;
