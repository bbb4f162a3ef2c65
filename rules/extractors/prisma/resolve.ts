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
  const prepared = references.flatMap((ref) => {
    if (ref.kind === 'column' && ref.column?.includes('_') && ref.note?.startsWith(marker)) {
      const model = models.find((d) => matches(d.model!, ref.note!.slice(marker.length)));
      if (model && isCompoundSelector(ref.column, model)) return [];
    }
    if (!ref.provides || !ref.note?.startsWith(marker)) return [ref];
    const model = ref.note.slice(marker.length);
    const writesUnknown = models.some(
      (d) =>
        matches(d.model!, model) &&
        d.associations?.some((a) => ref.provides!.includes(a.field) && a.fields === undefined && !isModel(a.model)),
    );
    if (!writesUnknown) return [ref];
    const { provides: _provides, ...rest } = ref;
    return [rest];
  });
  return resolveModelReferences(prepared, declarations, { context, prefix: NOTE_PREFIX, declaredBy: ['prisma-schema'], matches });
}

/**
 * `where: { projectId_queueId_userId: key }`: the selector Prisma names after a compound `@@id`/`@@unique` (its fields
 * joined by `_`), not a field. True when the name splits into two or more of the model's fields.
 */
function isCompoundSelector(name: string, model: Declaration): boolean {
  if (model.columns.some((c) => (c.field ?? c.name) === name)) return false;
  const fields = new Set(model.columns.map((c) => c.field ?? c.name));
  const splits = (rest: string, parts: number): boolean => {
    if (fields.has(rest) && parts >= 1) return true;
    for (let i = rest.indexOf('_'); i > 0; i = rest.indexOf('_', i + 1)) {
      if (fields.has(rest.slice(0, i)) && splits(rest.slice(i + 1), parts + 1)) return true;
    }
    return false;
  };
  return splits(name, 0);
}

