import type { Column, Constraint, Index, Policy, Relation, Trigger } from '../../types.js';
import { compareLists, fieldChanges, normalizeWhitespace, pairFields, pairRenames } from './compare.js';
import type { FieldChange, PushChange } from './model.js';

function columnFields(a: Column, b: Column): Record<string, FieldChange> | undefined {
  return fieldChanges({
    ...pairFields(a, b, ['type', 'nullable', 'default', 'identity']),
    generated: [normalizeWhitespace(a.generated) || null, normalizeWhitespace(b.generated) || null],
  });
}

function columnFacts(c: Column): Record<string, unknown> {
  return { type: c.type, nullable: c.nullable, default: c.default, identity: c.identity, generated: c.generated };
}

/** Compares what lives on one relation present on both sides: columns, constraints, indexes, triggers, RLS, policies. */
export function diffRelationParts(a: Relation, b: Relation, push: PushChange, renames: boolean): void {
  const table = b.name;
  const schema = b.schema;
  const removedColumns: Column[] = [];
  const addedColumns: Column[] = [];
  compareLists(a.columns, b.columns, (c) => c.name, {
    added: (c) => addedColumns.push(c),
    removed: (c) => removedColumns.push(c),
    both: (x, y) => {
      const fields = columnFields(x, y);
      if (fields) push({ objectKind: 'column', schema, name: y.name, change: 'changed', details: { table, fields } });
    },
  });
  const pairs = renames && a.kind !== 'view' && a.kind !== 'materialized-view' ? pairRenames(removedColumns, addedColumns, (c) => c.type) : [];
  const paired = new Set(pairs.flat());
  for (const [from, to] of pairs) {
    const fields = columnFields(from, to);
    push({
      objectKind: 'column',
      schema,
      name: to.name,
      change: 'renamed?',
      details: { table, from: from.name, ...columnFacts(to), ...(fields ? { fields } : {}) },
    });
  }
  for (const c of removedColumns) {
    if (!paired.has(c)) push({ objectKind: 'column', schema, name: c.name, change: 'removed', details: { table, ...columnFacts(c) } });
  }
  for (const c of addedColumns) {
    if (!paired.has(c)) push({ objectKind: 'column', schema, name: c.name, change: 'added', details: { table, ...columnFacts(c) } });
  }

  compareLists<Constraint>(a.constraints, b.constraints, (c) => c.name, {
    added: (c) => push({ objectKind: 'constraint', schema, name: c.name, change: 'added', details: { table, type: c.type, definition: c.definition } }),
    removed: (c) => push({ objectKind: 'constraint', schema, name: c.name, change: 'removed', details: { table, type: c.type, definition: c.definition } }),
    both: (x, y) => {
      const fields = fieldChanges({ type: [x.type, y.type], definition: [normalizeWhitespace(x.definition), normalizeWhitespace(y.definition)] });
      if (fields) push({ objectKind: 'constraint', schema, name: y.name, change: 'changed', details: { table, type: y.type, fields } });
    },
  });

  const plainIndexes = (r: Relation) => r.indexes.filter((i) => !i.constraint);
  compareLists<Index>(plainIndexes(a), plainIndexes(b), (i) => i.name, {
    added: (i) => push({ objectKind: 'index', schema, name: i.name, change: 'added', details: { table, definition: i.definition } }),
    removed: (i) => push({ objectKind: 'index', schema, name: i.name, change: 'removed', details: { table, definition: i.definition } }),
    both: (x, y) => {
      const fields = fieldChanges({ definition: [normalizeWhitespace(x.definition), normalizeWhitespace(y.definition)] });
      if (fields) push({ objectKind: 'index', schema, name: y.name, change: 'changed', details: { table, fields } });
    },
  });

  compareLists<Trigger>(a.triggers, b.triggers, (t) => t.name, {
    added: (t) => push({ objectKind: 'trigger', schema, name: t.name, change: 'added', details: { table, definition: t.definition } }),
    removed: (t) => push({ objectKind: 'trigger', schema, name: t.name, change: 'removed', details: { table, definition: t.definition } }),
    both: (x, y) => {
      const fields = fieldChanges({ definition: [normalizeWhitespace(x.definition), normalizeWhitespace(y.definition)], enabled: [x.enabled, y.enabled] });
      if (fields) push({ objectKind: 'trigger', schema, name: y.name, change: 'changed', details: { table, fields } });
    },
  });

  const rls = fieldChanges({ enabled: [a.rlsEnabled, b.rlsEnabled], forced: [a.rlsForced, b.rlsForced] });
  if (rls) push({ objectKind: 'rls', schema, name: table, change: 'changed', details: { table, fields: rls } });

  const policyFacts = (p: Policy) => ({ command: p.command, permissive: p.permissive, roles: [...p.roles].sort(), using: p.using, withCheck: p.withCheck });
  compareLists<Policy>(a.policies, b.policies, (p) => p.name, {
    added: (p) => push({ objectKind: 'policy', schema, name: p.name, change: 'added', details: { table, ...policyFacts(p) } }),
    removed: (p) => push({ objectKind: 'policy', schema, name: p.name, change: 'removed', details: { table, ...policyFacts(p) } }),
    both: (x, y) => {
      const fx = policyFacts(x);
      const fy = policyFacts(y);
      const fields = fieldChanges({
        ...pairFields(fx, fy, ['command', 'permissive', 'roles']),
        using: [normalizeWhitespace(fx.using) || null, normalizeWhitespace(fy.using) || null],
        withCheck: [normalizeWhitespace(fx.withCheck) || null, normalizeWhitespace(fy.withCheck) || null],
      });
      if (fields) push({ objectKind: 'policy', schema, name: y.name, change: 'changed', details: { table, fields } });
    },
  });
}
