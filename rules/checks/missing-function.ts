import { distance } from 'fastest-levenshtein';
import { defineCheck } from '../../src/check.js';
import type { FunctionInfo } from '../../src/types.js';
import { createdInSameFile } from './helpers.js';
import { BUILTIN_FUNCTIONS } from '../../src/sql/builtins.generated.js';
import { extensionFunctions } from '../../src/sql/extension-functions.generated.js';

export default defineCheck({
  meta: {
    id: 'missing-function',
    description: 'A function the code calls (RPC or SQL) does not exist, or no overload accepts the arguments given.',
    defaultSeverity: 'error',
    messages: {
      functionNotFound: 'Function "{{name}}" does not exist.',
      noMatchingOverload: 'Function "{{name}}" has no overload that accepts {{args}}.',
    },
    help: {
      didYouMean: 'did you mean `{{suggestion}}`?',
      signatures: 'existing: {{signatures}}',
    },
  },
  check({ references, schema, report }) {
    const userFunctions = schema.snapshot.functions;
    // Code that creates a function and then calls it (a backfill script) does not need it in the schema.
    const createdHere = createdInSameFile(schema, references, 'function');
    for (const ref of references) {
      if (ref.kind !== 'function' || ref.access === 'ddl' || createdHere(ref)) continue;
      const name = schema.qualify(ref.relation, ref.quoted);
      const call = { argCount: ref.argCount, argNames: ref.argNames };
      const { overloads, match } = schema.findFunction(ref.relation, call, ref.quoted);
      if (match) continue;
      if (overloads.length === 0) {
        const bare = ref.quoted ? ref.relation.name : ref.relation.name.toLowerCase();
        const isBuiltin = ref.relation.schema === null || ref.relation.schema === 'pg_catalog';
        if (isBuiltin && BUILTIN_FUNCTIONS.has(bare)) continue;
        // Extension functions often live in a schema the snapshot's search path lacks (Supabase's `extensions`):
        // a same-named function in any schema is taken to be the one called.
        if (ref.relation.schema === null && userFunctions.some((f) => f.name === bare)) continue;
        // Snapshots leave extension members out: `crypt()` with pgcrypto installed is pgcrypto's.
        const fromExtension = schema.snapshot.extensions.some(
          (e) => (ref.relation.schema === null || ref.relation.schema === e.schema) && extensionFunctions(e.name).has(bare),
        );
        if (fromExtension) continue;
        const suggestion = nearestFunction(userFunctions, bare);
        report({
          messageId: 'functionNotFound',
          data: { name },
          reference: ref,
          ...(suggestion ? { helpId: 'didYouMean' as const, helpData: { suggestion } } : {}),
        });
        continue;
      }
      report({
        messageId: 'noMatchingOverload',
        data: { name, args: describeCall(ref.argCount, ref.argNames) },
        reference: ref,
        helpId: 'signatures',
        helpData: { signatures: overloads.map((f) => `\`${f.name}(${f.argsWithDefaults})\``).join(', ') },
      });
    }
  },
});

function describeCall(argCount: number | undefined, argNames: string[] | undefined): string {
  if (argNames?.length) return `the named arguments ${argNames.map((n) => `"${n}"`).join(', ')}`;
  const n = argCount ?? 0;
  return n === 1 ? '1 argument' : `${n} arguments`;
}

function nearestFunction(functions: readonly FunctionInfo[], name: string): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const f of functions) {
    const d = distance(f.name, name);
    if (d <= Math.max(1, Math.floor(name.length / 3)) && (!best || d < best.d)) best = { name: f.name, d };
  }
  return best?.name;
}
