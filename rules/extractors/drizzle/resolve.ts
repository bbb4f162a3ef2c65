import type { ResolveContext } from '../../../src/extractor.js';
import type { Declaration, Reference } from '../../../src/types.js';
import { resolveModelReferences } from '../prisma/orm-shared.js';
import { applyMarkers } from './markers.js';
import { NOTE_PREFIX } from './usage.js';

/**
 * Maps Drizzle references written through table objects (relation = the table object's exported name,
 * column = the JS key) to the `pgTable('name', { key: text('db_col') })` declarations found in the project.
 * Columns that tables take from other modules (`...timestamps`) are added to the declarations first. A table object
 * that no `pgTable` of the project declares (a `sqliteTable`, or a value that only looked like a table) names no
 * table: its references become `dynamic` (counted, listed by `--show-unchecked`, never findings).
 */
export function resolveDrizzleReferences(references: Reference[], declarations: Declaration[], context?: ResolveContext): Reference[] {
  const marked = applyMarkers(references, declarations, NOTE_PREFIX);
  const resolved = resolveModelReferences(marked, declarations, { context, prefix: NOTE_PREFIX, declaredBy: ['drizzle'] });
  const marker = `${NOTE_PREFIX}:`;
  return resolved.map((ref) => {
    const model = ref.note?.startsWith(marker) ? ref.note.slice(marker.length) : undefined;
    if (model === undefined || !/^[\w$]+$/.test(model)) return ref;
    return { ...ref, confidence: 'dynamic', note: `drizzle table object "${model}" is not declared by a pgTable in the project` };
  });
}
