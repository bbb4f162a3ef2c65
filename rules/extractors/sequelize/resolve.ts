import type { ResolveContext } from '../../../src/extractor.js';
import type { Declaration, Reference } from '../../../src/types.js';
import { resolveModelReferences } from '../prisma/orm-shared.js';
import { NOTE_PREFIX } from './usage.js';

/**
 * Maps Sequelize references written through model classes (`User.findAll`) to the `define`/`init`/`@Table` declarations:
 * `tableName` (or the pluralised default), `field` and `underscored` column names, and the timestamps Sequelize fills.
 */
export function resolveSequelizeReferences(references: Reference[], declarations: Declaration[], context?: ResolveContext): Reference[] {
  return resolveModelReferences(references, declarations, {
    context, prefix: NOTE_PREFIX, declaredBy: ['sequelize'] });
}
