// https://github.com/dbref/dbref/blob/main/docs/rules/sequelize.md
import { defineExtractor, type JsContext, type Node } from '../../../src/extractor.js';
import { propertyName, unwrap } from '../prisma/orm-shared.js';
import { modelDefinition, readModel } from './models.js';
import { visitModelCall } from './usage.js';

const id = 'sequelize';
const title = 'Sequelize (define/init models and model queries)';
const enablers = ['sequelize'];
const keywords = ['define(', '.init(', '.find', '.create(', '.bulkCreate(', '.update(', '.destroy(', '.count(', '.upsert('];
const languages: ('ts' | 'js')[] = ['ts', 'js'];

function declaredName(ctx: JsContext, call: Node): string | undefined {
  const parent = ctx.parentOf(call);
  return parent?.type === 'VariableDeclarator' && unwrap(parent.init) === call ? propertyName(parent.id) : undefined;
}

function createVisitor(ctx: JsContext) {
  const models = new Set<string>();
  return {
    ClassDeclaration(node: Node) {
      if (node.id && node.superClass && propertyName(node.superClass) === 'Model') models.add(node.id.name);
    },
    CallExpression(node: Node) {
      const def = modelDefinition(ctx, node, declaredName(ctx, node));
      if (def) {
        models.add(def.model);
        const table = readModel(ctx, def);
        ctx.addDeclaration({
          relation: { schema: table.schema, name: table.table },
          model: def.model,
          columns: table.columns,
          confidence: table.isDefaultName ? 'inferred' : 'exact',
          location: ctx.locate(def.nameNode.start, def.nameNode.end),
        });
        return;
      }
      visitModelCall(ctx, models, node);
    },
  };
}

export default defineExtractor({ id, title, enablers, keywords, languages, createVisitor });
