import type { FunctionInfo, SchemaSnapshot } from '../../types.js';
import { compareLists, fieldChanges, normalizeWhitespace, pairFields } from './compare.js';
import { argumentTypes, functionKey } from './keys.js';
import type { FieldChange, ObjectKind, PushChange } from './model.js';

/** Strips the body from a `pg_get_functiondef()` text so the rest (attributes, SET, STRICT...) can be compared. */
export function functionHeader(f: FunctionInfo): string {
  const definition = f.definition ?? '';
  return normalizeWhitespace(f.body ? definition.split(f.body).join('') : definition);
}

function functionFields(a: FunctionInfo, b: FunctionInfo): Record<string, FieldChange> | undefined {
  return fieldChanges({
    ...pairFields(a, b, ['kind', 'returns', 'language', 'args', 'argsWithDefaults', 'volatility', 'securityDefiner']),
    body: [a.bodyHash, b.bodyHash],
    attributes: [functionHeader(a), functionHeader(b)],
  });
}

export function diffRoutines(from: SchemaSnapshot, to: SchemaSnapshot, push: PushChange): void {
  // Internal-language functions are made by CREATE TYPE ... AS RANGE (constructors), which the snapshot does not hold.
  const routines = (s: SchemaSnapshot) => s.functions.filter((f) => f.kind !== 'aggregate' && f.language !== 'internal');
  const fnKind = (f: FunctionInfo): ObjectKind => (f.kind === 'procedure' ? 'procedure' : 'function');
  const fnName = (f: FunctionInfo) => `${f.name}(${argumentTypes(f)})`;
  compareLists<FunctionInfo>(routines(from), routines(to), functionKey, {
    added: (f) => push({ objectKind: fnKind(f), schema: f.schema, name: fnName(f), change: 'added', details: { args: f.args, returns: f.returns, language: f.language } }),
    removed: (f) => push({ objectKind: fnKind(f), schema: f.schema, name: fnName(f), change: 'removed', details: { args: f.args, returns: f.returns, language: f.language } }),
    both: (a, b) => {
      const fields = functionFields(a, b);
      if (fields) push({ objectKind: fnKind(b), schema: b.schema, name: fnName(b), change: 'changed', details: { fields } });
    },
  });
}
