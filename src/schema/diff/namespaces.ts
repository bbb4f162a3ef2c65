import type { Extension, SchemaSnapshot } from '../../types.js';
import { compareLists, fieldChanges, pairFields, reportPresence } from './compare.js';
import type { PushChange } from './model.js';

export function diffExtensions(from: SchemaSnapshot, to: SchemaSnapshot, push: PushChange): void {
  compareLists<Extension>(from.extensions, to.extensions, (e) => e.name, {
    ...reportPresence<Extension>('extension', push, (e) => ({ version: e.version })),
    both: (a, b) => {
      const fields = fieldChanges(pairFields(a, b, ['version', 'schema']));
      if (fields) push({ objectKind: 'extension', schema: b.schema, name: b.name, change: 'changed', details: { fields } });
    },
  });
}

export function diffSchemas(from: SchemaSnapshot, to: SchemaSnapshot, push: PushChange): void {
  compareLists<string>(from.schemas, to.schemas, (s) => s, {
    added: (s) => push({ objectKind: 'schema', schema: s, name: s, change: 'added', details: {} }),
    removed: (s) => push({ objectKind: 'schema', schema: s, name: s, change: 'removed', details: {} }),
    both: () => {},
  });
}
