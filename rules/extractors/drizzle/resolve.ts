import type { ResolveContext } from '../../../src/extractor.js';
import type { Declaration, Reference } from '../../../src/types.js';
import { resolveModelReferences } from '../prisma/orm-shared.js';
import { NOTE_PREFIX } from './usage.js';

/**
 * Maps Drizzle references written through table objects (relation = the table object's exported name,
 * column = the JS key) to the `pgTable('name', { key: text('db_col') })` declarations found in the project.
 */
export function resolveDrizzleReferences(references: Reference[], declarations: Declaration[], context?: ResolveContext): Reference[] {
  return resolveModelReferences(references, declarations, {
    context, prefix: NOTE_PREFIX, declaredBy: ['drizzle'] });
}
