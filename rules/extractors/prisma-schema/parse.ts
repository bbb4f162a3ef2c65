import { createRequire } from 'node:module';
import type {
  PrismaParser,
  VisitorClassFactory,
  Attribute,
  BlockAttribute,
  Field,
  Func,
  Model,
  Schema,
  View,
} from '@mrleebo/prisma-ast';
import type { DeclaredAssociation } from '../../../src/types.js';

// The Prisma schema language, parsed by @mrleebo/prisma-ast with location tracking (offsets are inclusive).

const SCALARS = new Set(['String', 'Boolean', 'Int', 'BigInt', 'Float', 'Decimal', 'DateTime', 'Json', 'Bytes']);
// Prisma Client generates these values itself; the database has no default for them.
const CLIENT_DEFAULTS = new Set(['cuid', 'uuid', 'nanoid', 'ulid']);

let parser: PrismaParser | undefined;
let visitor: InstanceType<ReturnType<typeof VisitorClassFactory>> | undefined;

// The parser (chevrotain + lodash) costs a quarter of a second to load: load it on the first .prisma file, not at
// start-up, so runs without Prisma (and the pre-commit hook) never pay for it.
let prismaAst: typeof import('@mrleebo/prisma-ast') | undefined;

export function parsePrismaSchema(source: string): Schema {
  prismaAst ??= createRequire(import.meta.url)('@mrleebo/prisma-ast') as typeof import('@mrleebo/prisma-ast');
  if (!parser) {
    parser = new prismaAst.PrismaParser({ nodeLocationTracking: 'full' });
    visitor = new (prismaAst.VisitorClassFactory(parser))();
  }
  return prismaAst.getSchema(source, { parser, visitor: visitor! });
}

export interface PrismaColumn {
  field: string;
  column: string;
  type: string;
  nullable: boolean;
  clientDefault: boolean;
  offset: number;
}

/** A field typed by a model (or by a type this file does not know). */
export interface PrismaRelationField extends DeclaredAssociation {
  list: boolean;
  /** `@relation("name")`, `@relation(name: "name")`. */
  relationName?: string;
  /** `@relation(references: [...])`: the other model's fields that `fields` point at. */
  references?: string[];
  offset: number;
}

export interface PrismaModel {
  kind: 'model' | 'view';
  name: string;
  nameOffset: number;
  table: string;
  schema: string | null;
  columns: PrismaColumn[];
  associations: PrismaRelationField[];
  /** The type of the single `@id` field, when there is one. */
  idType?: string;
}

function unquote(value: unknown): string | undefined {
  return typeof value === 'string' && /^".*"$/s.test(value) ? JSON.parse(value) as string : undefined;
}

/** The first positional argument (or `name:`) of an attribute, as a string literal. */
function stringArg(attribute: Attribute | BlockAttribute | undefined): string | undefined {
  for (const arg of attribute?.args ?? []) {
    const value = arg.value;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && value.type === 'keyValue') {
      if (value.key === 'name') return unquote(value.value);
      continue;
    }
    return unquote(value);
  }
  return undefined;
}

/** `@relation(fields: [a, b])` → `['a', 'b']`. */
function listArg(attribute: Attribute | undefined, key: string): string[] | undefined {
  for (const arg of attribute?.args ?? []) {
    const value = arg.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value) || value.type !== 'keyValue' || value.key !== key) continue;
    const list = value.value;
    if (typeof list === 'object' && list !== null && !Array.isArray(list) && list.type === 'array') {
      return list.args.filter((a): a is string => typeof a === 'string');
    }
  }
  return undefined;
}

function relationField(field: Field, model: string, offset: number): PrismaRelationField {
  const relation = (field.attributes ?? []).find((a) => a.name === 'relation');
  const relationName = stringArg(relation);
  const fields = listArg(relation, 'fields');
  const references = listArg(relation, 'references');
  return {
    field: field.name,
    model,
    ...(fields ? { fields } : {}),
    list: field.array === true,
    ...(relationName !== undefined ? { relationName } : {}),
    ...(references ? { references } : {}),
    offset,
  };
}

function typeText(field: Field): string {
  const base =
    typeof field.fieldType === 'string'
      ? field.fieldType
      : `${field.fieldType.name}(${(field.fieldType.params ?? []).map(String).join(', ')})`;
  return base + (field.array ? '[]' : '');
}

function isClientDefault(field: Field): boolean {
  return (field.attributes ?? []).some((a) => {
    if (a.name === 'updatedAt') return true;
    if (a.name !== 'default') return false;
    const value = a.args?.[0]?.value as Func | undefined;
    return typeof value === 'object' && value !== null && value.type === 'function' && CLIENT_DEFAULTS.has(value.name);
  });
}

/**
 * Models and views with their table names and columns. A field is a column when its type is a scalar,
 * `Unsupported(...)` or an enum of this file; a field typed by another model, or with `@relation`, is an association.
 * A type known to no block of this file (multi-file schemas) counts as an association, so it never becomes a column.
 */
export function prismaModels(schema: Schema, source: string): PrismaModel[] {
  const enums = new Set<string>();
  for (const block of schema.list) if (block.type === 'enum') enums.add(block.name);
  const models: PrismaModel[] = [];
  for (const block of schema.list) {
    if (block.type !== 'model' && block.type !== 'view') continue;
    const object = block as Model | View;
    const start = object.location?.startOffset ?? 0;
    const nameOffset = source.indexOf(object.name, start + block.type.length);
    const attributes = object.properties.filter((p): p is BlockAttribute => p.type === 'attribute');
    const model: PrismaModel = {
      kind: block.type,
      name: object.name,
      nameOffset,
      table: stringArg(attributes.find((a) => a.name === 'map')) ?? object.name,
      schema: stringArg(attributes.find((a) => a.name === 'schema')) ?? null,
      columns: [],
      associations: [],
    };
    for (const field of object.properties) {
      if (field.type !== 'field') continue;
      const typeName = typeof field.fieldType === 'string' ? field.fieldType : field.fieldType.name;
      const isColumn = typeName === 'Unsupported' || SCALARS.has(typeName) || enums.has(typeName);
      const hasRelation = (field.attributes ?? []).some((a) => a.name === 'relation');
      const offset = field.location?.startOffset ?? nameOffset;
      if (!isColumn || hasRelation) {
        model.associations.push(relationField(field, typeName, offset));
        continue;
      }
      model.columns.push({
        field: field.name,
        column: stringArg((field.attributes ?? []).find((a) => a.name === 'map')) ?? field.name,
        type: typeText(field),
        nullable: field.optional === true,
        clientDefault: isClientDefault(field),
        offset,
      });
      if ((field.attributes ?? []).some((a) => a.name === 'id')) model.idType = typeText(field);
    }
    models.push(model);
  }
  return models;
}
