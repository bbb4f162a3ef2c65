import pluralize from 'pluralize';
import type { JsContext, Node } from '../../../src/extractor.js';
import type { DeclaredColumn } from '../../../src/types.js';
import { entry, objectEntries, propertyName, unwrap } from '../prisma/orm-shared.js';

/** Sequelize's `underscored` naming: `createdAt` → `created_at`. */
export function underscore(name: string): string {
  return name.replace(/([a-z\d])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z\d]+)/g, '$1_$2').toLowerCase();
}

/**
 * The default table name: the model name pluralised (Sequelize uses the `inflection` package; `pluralize` is used
 * here and differs on rare irregular words), underscored when `underscored` is set.
 */
export function defaultTableName(model: string, underscored: boolean): string {
  const plural = pluralize(model);
  return underscored ? underscore(plural) : plural;
}

export interface ModelDefinition {
  model: string;
  /** The model name Sequelize uses for table naming (`define('User')`, `modelName`). */
  modelName: string;
  nameNode: Node;
  attributes: Node | undefined;
  options: Node | undefined;
}

/** `sequelize.define('User', attrs, opts)` or `User.init(attrs, { sequelize, ... })`. */
export function modelDefinition(ctx: JsContext, call: Node, declaredAs: string | undefined): ModelDefinition | undefined {
  const callee = call.callee;
  if (callee.type !== 'MemberExpression' || callee.computed) return undefined;
  const method = propertyName(callee);
  const args = call.arguments as Node[];
  if (method === 'define' && unwrap(args[1])?.type === 'ObjectExpression') {
    const name = ctx.evaluate(args[0]);
    if (name === undefined) return undefined;
    return { model: declaredAs ?? name, modelName: name, nameNode: args[0]!, attributes: args[1], options: args[2] };
  }
  if (method === 'init' && callee.object.type === 'Identifier' && entry(args[1], 'sequelize') !== undefined) {
    const className = callee.object.name as string;
    const modelName = ctx.evaluate(entry(args[1], 'modelName')) ?? className;
    return { model: className, modelName, nameNode: callee.object, attributes: args[0], options: args[1] };
  }
  return undefined;
}

export function isTrue(node: Node | undefined): boolean {
  return unwrap(node)?.value === true;
}

export interface ModelTable {
  table: string;
  schema: string | null;
  isDefaultName: boolean;
  columns: DeclaredColumn[];
}

export type TimestampKey = 'createdAt' | 'updatedAt' | 'deletedAt';

/**
 * What Sequelize derives from a model's options, whichever way the model is written (`define`, `init`, `@Table`): the
 * table name, the schema, and the columns it adds itself (an `id` primary key, the timestamps it fills in) unless the
 * model declares them (`declaredTimestamps`: those a sequelize-typescript `@CreatedAt`-style property already holds).
 */
export function completeModel(
  ctx: JsContext,
  opts: Node | undefined,
  modelName: string,
  columns: DeclaredColumn[],
  hasPrimaryKey: boolean,
  declaredTimestamps: ReadonlySet<TimestampKey> = new Set(),
): ModelTable {
  const underscored = isTrue(entry(opts, 'underscored'));
  const tableName = ctx.evaluate(entry(opts, 'tableName'));
  const frozen = isTrue(entry(opts, 'freezeTableName'));
  if (!hasPrimaryKey && !columns.some((c) => c.name === 'id')) columns.unshift({ name: 'id', nullable: false });
  const timestamp = (key: TimestampKey, nullable: boolean) => {
    const option = unwrap(entry(opts, key));
    if (option?.value === false || declaredTimestamps.has(key)) return;
    const custom = ctx.evaluate(option);
    const name = custom ?? (underscored ? underscore(key) : key);
    columns.push({ name, nullable, clientDefault: true, ...(name !== key ? { field: key } : {}) });
  };
  if (unwrap(entry(opts, 'timestamps'))?.value !== false) {
    timestamp('createdAt', false);
    timestamp('updatedAt', false);
    if (isTrue(entry(opts, 'paranoid'))) timestamp('deletedAt', true);
  }
  return {
    table: tableName ?? (frozen ? modelName : defaultTableName(modelName, underscored)),
    schema: ctx.evaluate(entry(opts, 'schema')) ?? null,
    isDefaultName: tableName === undefined && !frozen,
    columns,
  };
}

export function readModel(ctx: JsContext, def: ModelDefinition): ModelTable {
  const underscored = isTrue(entry(def.options, 'underscored'));
  const columns: DeclaredColumn[] = [];
  let hasPrimaryKey = false;
  for (const e of objectEntries(def.attributes)) {
    const value = unwrap(e.value);
    const isObject = value?.type === 'ObjectExpression' && entry(value, 'type') !== undefined;
    const typeNode = unwrap(isObject ? entry(value, 'type') : value);
    const type = propertyName(typeNode?.type === 'CallExpression' ? typeNode.callee : typeNode);
    const field = isObject ? ctx.evaluate(entry(value, 'field')) : undefined;
    const name = field ?? (underscored ? underscore(e.name) : e.name);
    const isPrimary = isObject && isTrue(entry(value, 'primaryKey'));
    hasPrimaryKey ||= isPrimary;
    columns.push({
      name,
      ...(type ? { type } : {}),
      nullable: !isPrimary && !(isObject && unwrap(entry(value, 'allowNull'))?.value === false),
      location: ctx.locate(e.key.start, e.key.end),
      ...(name !== e.name ? { field: e.name } : {}),
      ...(isObject && entry(value, 'defaultValue') !== undefined ? { clientDefault: true } : {}),
    });
  }
  return completeModel(ctx, def.options, def.modelName, columns, hasPrimaryKey);
}
