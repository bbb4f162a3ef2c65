import type { Relation, SchemaSnapshot } from '../../types.js';
import { compareLists, fieldChanges, normalizeWhitespace, pairRenames } from './compare.js';
import { relationKey, relationObjectKind } from './keys.js';
import type { PushChange } from './model.js';
import { diffRelationParts } from './relation-parts.js';

function sameColumnShape(a: Relation, b: Relation): boolean {
  const shape = (r: Relation) => r.columns.map((c) => `${c.name}:${c.type}`).sort().join(',');
  return a.kind === b.kind && a.columns.length > 0 && shape(a) === shape(b);
}

function relationFacts(r: Relation): Record<string, unknown> {
  return {
    kind: r.kind,
    columns: r.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
    ...(r.rows !== undefined ? { rows: r.rows } : {}),
  };
}

/** Compares tables, views and materialized views, then what lives on each relation both sides hold. */
export function diffRelations(fromSnapshot: SchemaSnapshot, toSnapshot: SchemaSnapshot, push: PushChange, renames: boolean): void {
  const managed = (s: SchemaSnapshot) => s.relations.filter((r) => r.kind !== 'foreign-table');
  const removed: Relation[] = [];
  const added: Relation[] = [];
  compareLists(managed(fromSnapshot), managed(toSnapshot), relationKey, {
    added: (r) => added.push(r),
    removed: (r) => removed.push(r),
    both: (a, b) => {
      const kind = relationObjectKind(b);
      if (a.kind !== b.kind) {
        // A table that became a view (or similar) is a different object: report it as removed and added.
        removed.push(a);
        added.push(b);
        return;
      }
      const fields = fieldChanges({
        definition: [normalizeWhitespace(a.definition) || null, normalizeWhitespace(b.definition) || null],
        partitionOf: [a.partitionOf ?? null, b.partitionOf ?? null],
        partitionKey: [a.partitionKey ?? null, b.partitionKey ?? null],
      });
      if (fields) push({ objectKind: kind, schema: b.schema, name: b.name, change: 'changed', details: { fields } });
      diffRelationParts(a, b, push, renames);
    },
  });
  const pairs = renames
    ? pairRenames(removed, added, (r) => `${r.schema}|${r.kind}|${r.columns.map((c) => `${c.name}:${c.type}`).sort().join(',')}`).filter(([a, b]) => sameColumnShape(a, b))
    : [];
  const paired = new Set(pairs.flat());
  for (const [a, b] of pairs) {
    push({ objectKind: relationObjectKind(b), schema: b.schema, name: b.name, change: 'renamed?', details: { from: a.name, ...relationFacts(b) } });
  }
  for (const r of removed) if (!paired.has(r)) push({ objectKind: relationObjectKind(r), schema: r.schema, name: r.name, change: 'removed', details: relationFacts(r) });
  for (const r of added) if (!paired.has(r)) push({ objectKind: relationObjectKind(r), schema: r.schema, name: r.name, change: 'added', details: relationFacts(r) });
}
