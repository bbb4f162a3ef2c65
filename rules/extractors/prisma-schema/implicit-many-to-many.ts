import type { PrismaModel, PrismaRelationField } from './parse.js';

/**
 * The table Prisma creates for an implicit many-to-many relation: two list fields pointing at each other's model, with
 * no `fields`/`references` on either side.
 */
export interface ImplicitJoinTable {
  schema: string | null;
  name: string;
  /** `A` holds the id of the model first in alphabetical order, `B` the other's. */
  columns: { name: 'A' | 'B'; type?: string }[];
  /** The relation field of the first model, where the table is declared. */
  field: PrismaRelationField;
}

function isImplicitSide(field: PrismaRelationField): boolean {
  return field.list && field.fields === undefined && field.references === undefined;
}

/**
 * Prisma's convention (prisma.io/docs, "Conventions for relation tables in implicit m-n relations"): the table is `_`
 * and the relation name, by default the two model names in alphabetical order joined by `To` (`_CategoryToPost`); it
 * lives in the schema of the first model. Both sides must be in this file: in a multi-file schema a relation across
 * files is not seen.
 */
export function implicitJoinTables(models: readonly PrismaModel[]): ImplicitJoinTable[] {
  const byName = new Map(models.filter((m) => m.kind === 'model').map((m) => [m.name, m]));
  const tables = new Map<string, ImplicitJoinTable>();
  for (const model of byName.values()) {
    for (const field of model.associations) {
      const other = byName.get(field.model);
      if (!other || !isImplicitSide(field)) continue;
      const partner = other.associations.find(
        (p) => p !== field && p.model === model.name && isImplicitSide(p) && p.relationName === field.relationName,
      );
      if (!partner) continue;
      const [first, second] = model.name <= other.name ? [model, other] : [other, model];
      const name = `_${field.relationName ?? `${first.name}To${second.name}`}`;
      const key = `${first.schema ?? ''}\u0000${name}`;
      if (tables.has(key)) continue;
      const column = (columnName: 'A' | 'B', of: PrismaModel) => ({ name: columnName, ...(of.idType ? { type: of.idType } : {}) });
      tables.set(key, {
        schema: first.schema,
        name,
        columns: [column('A', first), column('B', second)],
        field: model === first ? field : partner,
      });
    }
  }
  return [...tables.values()];
}
