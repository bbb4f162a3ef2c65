import type { CompositeType, DomainType, EnumType, SchemaSnapshot, Sequence } from '../../types.js';
import { compareLists, fieldChanges, normalizeWhitespace, pairFields, reportPresence } from './compare.js';
import { relationKey } from './keys.js';
import type { PushChange } from './model.js';

export function diffEnums(from: SchemaSnapshot, to: SchemaSnapshot, push: PushChange): void {
  compareLists<EnumType>(from.enums, to.enums, relationKey, {
    ...reportPresence<EnumType>('enum', push, (e) => ({ values: e.values })),
    both: (a, b) => {
      if (JSON.stringify(a.values) === JSON.stringify(b.values)) return;
      const addedValues = b.values.filter((v) => !a.values.includes(v));
      const removedValues = a.values.filter((v) => !b.values.includes(v));
      const common = (vs: string[], other: string[]) => vs.filter((v) => other.includes(v));
      const reordered = JSON.stringify(common(a.values, b.values)) !== JSON.stringify(common(b.values, a.values));
      push({
        objectKind: 'enum',
        schema: b.schema,
        name: b.name,
        change: 'changed',
        details: { fields: { values: { from: a.values, to: b.values } }, addedValues, removedValues, reordered },
      });
    },
  });
}

export function diffDomains(from: SchemaSnapshot, to: SchemaSnapshot, push: PushChange): void {
  compareLists<DomainType>(from.domains, to.domains, relationKey, {
    ...reportPresence<DomainType>('domain', push, (d) => ({ type: d.type })),
    both: (a, b) => {
      const fields = fieldChanges({
        ...pairFields(a, b, ['type', 'nullable', 'default']),
        checks: [a.checks.map(normalizeWhitespace).sort(), b.checks.map(normalizeWhitespace).sort()],
      });
      if (fields) push({ objectKind: 'domain', schema: b.schema, name: b.name, change: 'changed', details: { fields } });
    },
  });
}

export function diffCompositeTypes(from: SchemaSnapshot, to: SchemaSnapshot, push: PushChange): void {
  compareLists<CompositeType>(from.compositeTypes, to.compositeTypes, relationKey, {
    ...reportPresence<CompositeType>('composite-type', push, (t) => ({ attributes: t.attributes })),
    both: (a, b) => {
      const fields = fieldChanges(pairFields(a, b, ['attributes']));
      if (fields) push({ objectKind: 'composite-type', schema: b.schema, name: b.name, change: 'changed', details: { fields } });
    },
  });
}

export function diffSequences(from: SchemaSnapshot, to: SchemaSnapshot, push: PushChange): void {
  compareLists<Sequence>(from.sequences, to.sequences, relationKey, {
    ...reportPresence<Sequence>('sequence', push, (s) => ({ type: s.type, ownedBy: s.ownedBy })),
    both: (a, b) => {
      const fields = fieldChanges(pairFields(a, b, ['type', 'start', 'increment', 'min', 'max', 'cycle', 'ownedBy']));
      if (fields) push({ objectKind: 'sequence', schema: b.schema, name: b.name, change: 'changed', details: { fields } });
    },
  });
}
