import type { ResolveContext } from '../../../src/extractor.js';
import type { Declaration, Reference } from '../../../src/types.js';
import { NOTE_PREFIX } from './client.js';
import { lowerFirst, resolveModelReferences } from './orm-shared.js';

/**
 * Maps Prisma Client references (relation = model, column = field) to tables and columns through the
 * `prisma-schema` declarations: `@@map`, `@map`, `@@schema`; relation fields become references to the related table.
 * The client accessor is the model name with a lower-case first letter, so the first letter is compared loosely.
 */
export function resolvePrismaReferences(references: Reference[], declarations: Declaration[], context?: ResolveContext): Reference[] {
  const matches = (declared: string, used: string) => lowerFirst(declared) === lowerFirst(used);
  const models = declarations.filter((d) => d.extractor === 'prisma-schema' && d.model !== undefined);
  const marker = `${NOTE_PREFIX}:`;
  const isModel = (name: string) => models.some((d) => d.model === name);
  // An insert that writes a relation field provides its foreign-key columns (`@relation(fields: [...])`). A field typed
  // by no model and holding no key may be an enum column declared in another schema file, whose name is not known:
  // what that insert provides is unknown.
  const prepared = references.map((ref) => {
    if (!ref.provides || !ref.note?.startsWith(marker)) return ref;
    const model = ref.note.slice(marker.length);
    const writesUnknown = models.some(
      (d) =>
        matches(d.model!, model) &&
        d.associations?.some((a) => ref.provides!.includes(a.field) && a.fields === undefined && !isModel(a.model)),
    );
    if (!writesUnknown) return ref;
    const { provides: _provides, ...rest } = ref;
    return rest;
  });
  return resolveModelReferences(prepared, declarations, { context, prefix: NOTE_PREFIX, declaredBy: ['prisma-schema'], matches });
}
