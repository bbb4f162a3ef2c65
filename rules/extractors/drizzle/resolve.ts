import type { ResolveContext } from '../../../src/extractor.js';
import type { Declaration, Reference } from '../../../src/types.js';
import { resolveModelReferences } from '../prisma/orm-shared.js';
import { applyMarkers } from './apply-markers.js';
import { WITH_PREFIX } from './relational.js';
import { NOTE_PREFIX, SQL_COLUMN_PREFIX } from './usage.js';

/**
 * Maps Drizzle references written through table objects (relation = the table object's exported name,
 * column = the JS key) to the `pgTable('name', { key: text('db_col') })` declarations found in the project.
 * What crosses files (columns that tables take from other modules, imported pgSchemas, relations, the client's
 * `casing`) is applied to the declarations first. A table object that no `pgTable` of the project declares (a
 * `sqliteTable`, or a value that only looked like a table), or a `with` key no `relations()` of the project declares,
 * names no table: its references become `dynamic` (counted, listed by `--show-unchecked`, never findings).
 */
export function resolveDrizzleReferences(references: Reference[], declarations: Declaration[], context?: ResolveContext): Reference[] {
  const marked = applyMarkers(references, declarations, NOTE_PREFIX);
  // SQL that names a table object's column by its database name: the table is the model's, the name stays.
  const sqlColumn = `${SQL_COLUMN_PREFIX}:`;
  const named = marked.map((ref) => {
    if (!ref.note?.startsWith(sqlColumn)) return ref;
    const model = ref.note.slice(sqlColumn.length);
    const decl = declarations.find((d) => d.extractor === 'drizzle' && d.model === model);
    if (!decl) return { ...ref, note: `${NOTE_PREFIX}:${model}` };
    const { note: _note, ...rest } = ref;
    return { ...rest, relation: decl.relation, confidence: decl.confidence };
  });
  const resolved = resolveModelReferences(named, declarations, { context, prefix: NOTE_PREFIX, declaredBy: ['drizzle'] });
  const table = `${NOTE_PREFIX}:`;
  const related = `${WITH_PREFIX}:`;
  return resolved.map((ref) => {
    if (ref.note?.startsWith(related)) {
      return { ...ref, confidence: 'dynamic', note: `drizzle relation "${ref.note.slice(related.length)}" is not declared by a relations() in the project` };
    }
    const model = ref.note?.startsWith(table) ? ref.note.slice(table.length) : undefined;
    if (model === undefined || !/^[\w$]+$/.test(model)) return ref;
    return { ...ref, confidence: 'dynamic', note: `drizzle table object "${model}" is not declared by a pgTable in the project` };
  });
}
