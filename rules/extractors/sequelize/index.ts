// https://github.com/dbref/dbref/blob/main/docs/rules/sequelize.md
import { defineExtractor, type JsContext, type Node } from '../../../src/extractor.js';
import type { DeclaredAssociation } from '../../../src/types.js';
import { propertyName, unwrap } from '../prisma/orm-shared.js';
import { readDecoratedModel } from './decorated.js';
import { modelDefinition, readModel, type ModelTable } from './models.js';
import { visitModelCall } from './usage.js';

const id = 'sequelize';
const title = 'Sequelize (define/init and sequelize-typescript models, and model queries)';
const enablers = ['sequelize', 'sequelize-typescript'];
const keywords = ['sequelize-typescript', 'define(', '.init(', '.find', '.create(', '.bulkCreate(', '.update(', '.destroy(', '.count(', '.upsert('];
const languages: ('ts' | 'js')[] = ['ts', 'js'];

function declaredName(ctx: JsContext, call: Node): string | undefined {
  const parent = ctx.parentOf(call);
  return parent?.type === 'VariableDeclarator' && unwrap(parent.init) === call ? propertyName(parent.id) : undefined;
}

function createVisitor(ctx: JsContext) {
  const models = new Set<string>();
  const declare = (model: string, nameNode: Node, table: ModelTable, associations: DeclaredAssociation[] = []) => {
    models.add(model);
    ctx.addDeclaration({
      relation: { schema: table.schema, name: table.table },
      model,
      columns: table.columns,
      ...(associations.length > 0 ? { associations } : {}),
      confidence: table.isDefaultName ? 'inferred' : 'exact',
      location: ctx.locate(nameNode.start, nameNode.end),
    });
  };
  return {
    ClassDeclaration(node: Node) {
      if (node.id && node.superClass && propertyName(node.superClass) === 'Model') models.add(node.id.name);
      const decorated = readDecoratedModel(ctx, node);
      if (decorated) declare(decorated.model, decorated.nameNode, decorated.table, decorated.associations);
    },
    CallExpression(node: Node) {
      const def = modelDefinition(ctx, node, declaredName(ctx, node));
      if (def) declare(def.model, def.nameNode, readModel(ctx, def));
      else visitModelCall(ctx, models, node);
    },
  };
}

export default defineExtractor({ id, title, enablers, keywords, languages, createVisitor });
