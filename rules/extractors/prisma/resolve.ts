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
  return resolveModelReferences(references, declarations, {
    context,
    prefix: NOTE_PREFIX,
    declaredBy: ['prisma-schema'],
    matches: (declared, used) => lowerFirst(declared) === lowerFirst(used),
  });
}
