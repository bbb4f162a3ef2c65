import type { JsContext, Node } from '../../../src/extractor.js';
import type { DeclaredAssociation, DeclaredColumn } from '../../../src/types.js';
import { entry, propertyName, unwrap } from '../prisma/orm-shared.js';
import { decorators } from '../typeorm/entities.js';
import { completeModel, isTrue, underscore, type ModelTable, type TimestampKey } from './models.js';

const PACKAGE = 'sequelize-typescript';
const TIMESTAMPS: Record<string, TimestampKey> = { CreatedAt: 'createdAt', UpdatedAt: 'updatedAt', DeletedAt: 'deletedAt' };
const ASSOCIATIONS = new Set(['BelongsTo', 'HasOne', 'HasMany', 'BelongsToMany']);
// Property decorators that make the property a table column (an association's `@ForeignKey` does even alone).
const COLUMN_DECORATORS = new Set(['Column', 'PrimaryKey', 'ForeignKey', ...Object.keys(TIMESTAMPS)]);

export interface DecoratedModel {
  model: string;
  nameNode: Node;
  table: ModelTable;
  associations: DeclaredAssociation[];
}

/** The `@Table` decorator's arguments when the class is a sequelize-typescript model. */
function tableArgs(ctx: JsContext, cls: Node): Node[] | undefined {
  for (const d of (cls.decorators ?? []) as Node[]) {
    const expr = unwrap(d.expression as Node);
    const callee = expr?.type === 'CallExpression' ? unwrap(expr.callee) : expr;
    const binding = callee?.type === 'Identifier' ? ctx.imports.get(callee.name as string) : undefined;
    if (binding?.source !== PACKAGE || binding.imported !== 'Table') continue;
    return expr?.type === 'CallExpression' ? (expr.arguments as Node[]) : [];
  }
  return undefined;
}

/** `() => User` → `User`. */
function modelGetter(arg: Node | undefined): string | undefined {
  const a = unwrap(arg);
  return a?.type === 'ArrowFunctionExpression' ? propertyName(unwrap(a.body)) : undefined;
}

/** `@BelongsTo(() => User, 'userId')`, `{ foreignKey: 'userId' }` or `{ foreignKey: { name: 'userId' } }`. */
function writtenForeignKey(ctx: JsContext, arg: Node | undefined): string | undefined {
  const a = unwrap(arg);
  if (a?.type !== 'ObjectExpression') return ctx.evaluate(a);
  const key = unwrap(entry(a, 'foreignKey'));
  return key?.type === 'ObjectExpression' ? ctx.evaluate(entry(key, 'name')) : ctx.evaluate(key);
}

/**
 * A `@Table` class extending a model, with `Table` imported from sequelize-typescript. Its `@Table` options are
 * Sequelize's model options; `modelName` defaults to the class name (and names the table the same way `define` does).
 */
export function readDecoratedModel(ctx: JsContext, cls: Node): DecoratedModel | undefined {
  if (!cls.id || !cls.superClass) return undefined;
  const args = tableArgs(ctx, cls);
  if (!args) return undefined;
  const opts = unwrap(args[0])?.type === 'ObjectExpression' ? args[0] : undefined;
  const className = cls.id.name as string;
  const underscored = isTrue(entry(opts, 'underscored'));
  const members = ((cls.body.body ?? []) as Node[]).flatMap((member) => {
    const field = member.type === 'PropertyDefinition' && !member.static && !member.computed ? propertyName(member.key) : undefined;
    return field ? [{ field, key: member.key as Node, decorators: decorators(member) }] : [];
  });
  const foreignKeys = new Map<string, string>();
  for (const m of members) {
    const model = modelGetter(m.decorators.find((d) => d.name === 'ForeignKey')?.args[0]);
    if (model && !foreignKeys.has(model)) foreignKeys.set(model, m.field);
  }
  const columns: DeclaredColumn[] = [];
  const associations: DeclaredAssociation[] = [];
  const declaredTimestamps = new Set<TimestampKey>();
  let hasPrimaryKey = false;
  for (const m of members) {
    const by = (name: string) => m.decorators.find((d) => d.name === name);
    const association = m.decorators.find((d) => ASSOCIATIONS.has(d.name));
    if (association) {
      const model = modelGetter(association.args[0]);
      if (!model) continue;
      const foreignKey =
        association.name === 'BelongsTo' ? (writtenForeignKey(ctx, association.args[1]) ?? foreignKeys.get(model)) : undefined;
      associations.push({ field: m.field, model, ...(foreignKey ? { fields: [foreignKey] } : {}) });
      continue;
    }
    if (!m.decorators.some((d) => COLUMN_DECORATORS.has(d.name))) continue;
    const first = unwrap(by('Column')?.args[0]);
    const options = first?.type === 'ObjectExpression' ? first : undefined;
    const typeNode = unwrap(options ? entry(options, 'type') : first);
    const type = propertyName(typeNode?.type === 'CallExpression' ? typeNode.callee : typeNode);
    const stamp = m.decorators.map((d) => TIMESTAMPS[d.name]).find((k) => k !== undefined);
    if (stamp) declaredTimestamps.add(stamp);
    const allowNull = by('AllowNull');
    const notNull =
      unwrap(entry(options, 'allowNull'))?.value === false || (allowNull !== undefined && unwrap(allowNull.args[0])?.value === false);
    const isPrimary = by('PrimaryKey') !== undefined || isTrue(entry(options, 'primaryKey'));
    hasPrimaryKey ||= isPrimary;
    const name = ctx.evaluate(entry(options, 'field')) ?? (underscored ? underscore(m.field) : m.field);
    const clientDefault = stamp !== undefined || by('Default') !== undefined || entry(options, 'defaultValue') !== undefined;
    columns.push({
      name,
      ...(type ? { type } : {}),
      nullable: stamp ? stamp === 'deletedAt' : !isPrimary && !notNull,
      location: ctx.locate(m.key.start, m.key.end),
      ...(name !== m.field ? { field: m.field } : {}),
      ...(clientDefault ? { clientDefault: true } : {}),
    });
  }
  const modelName = ctx.evaluate(entry(opts, 'modelName')) ?? className;
  return {
    model: className,
    nameNode: cls.id,
    table: completeModel(ctx, opts, modelName, columns, hasPrimaryKey, declaredTimestamps),
    associations,
  };
}
