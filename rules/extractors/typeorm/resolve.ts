import type { ResolveContext } from '../../../src/extractor.js';
import type { Declaration, Reference } from '../../../src/types.js';
import { resolveModelReferences } from '../prisma/orm-shared.js';
import { NOTE_PREFIX } from './usage.js';

/**
 * Maps TypeORM references written through entity classes (repositories, EntityManager, query builder)
 * to the `@Entity` declarations: table name and `@Column({ name })` column names; relation properties
 * become references to the related entity's table.
 */
export function resolveTypeormReferences(references: Reference[], declarations: Declaration[], context?: ResolveContext): Reference[] {
  return resolveModelReferences(references, declarations, {
    context, prefix: NOTE_PREFIX, declaredBy: ['typeorm'] });
}
