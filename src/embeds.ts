import type { SchemaIndex } from './schema/index.js';
import type { QualifiedName, Reference } from './types.js';

/**
 * Points PostgREST embeds named by a foreign key (`buyer:buyer_id(name)`, `orders_buyer_fkey(*)`) at the table that
 * key references, with the columns selected in them. An embed whose name is a relation, or that no foreign key of
 * its parent explains, is left as it is (a missing relation is then the finding, unless the parent is missing too).
 * Nested embeds follow their parent's resolution, as PostgREST does.
 */
export function resolveEmbeds(references: readonly Reference[], schema: SchemaIndex): Reference[] {
  // Per file: an embed name → the table it stands for (undefined: not a foreign-key name).
  const byName = new Map<string, QualifiedName | undefined>();
  const keyOf = (file: string, parent: QualifiedName, name: string) => `${file}\0${parent.schema ?? ''}\0${parent.name}\0${name}`;
  const target = (ref: Reference, name: QualifiedName): QualifiedName | undefined => {
    const parent = ref.embeddedIn!;
    const k = keyOf(ref.location.file, parent, name.name);
    if (byName.has(k)) return byName.get(k);
    let found: QualifiedName | undefined;
    if (name.schema === null && !schema.resolveRelation(name, ref.quoted)) {
      const parentTable = schema.resolveRelation(embeddedParent(ref.location.file, parent), false);
      const keys = parentTable?.constraints.filter((c) => c.type === 'foreign-key' && c.references) ?? [];
      // A composite key is named by any of its columns (`category:category_slug(name)` over (category_slug, team_id)).
      const fk =
        keys.find((c) => c.name === name.name || (c.columns.length === 1 && c.columns[0] === name.name)) ??
        keys.find((c) => c.columns.includes(name.name));
      if (fk?.references) found = { schema: fk.references.schema, name: fk.references.name };
    }
    byName.set(k, found);
    return found;
  };
  // The parent of a nested embed may itself be named by a foreign key, resolved when the outer embed was.
  const resolvedParents = new Map<string, QualifiedName>();
  const embeddedParent = (file: string, parent: QualifiedName) => resolvedParents.get(`${file}\0${parent.name}`) ?? parent;

  return references.map((ref) => {
    if (!ref.embeddedIn || ref.kind === 'function') return ref;
    const parent = embeddedParent(ref.location.file, ref.embeddedIn);
    const resolved = target(ref, ref.relation);
    if (resolved) resolvedParents.set(`${ref.location.file}\0${ref.relation.name}`, resolved);
    if (!resolved && parent === ref.embeddedIn) return ref;
    return { ...ref, embeddedIn: parent, ...(resolved ? { relation: resolved, quoted: true } : {}) };
  });
}
