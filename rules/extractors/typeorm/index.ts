// https://github.com/dbref/dbref/blob/main/docs/rules/typeorm.md
import { defineExtractor, type JsContext, type Node } from '../../../src/extractor.js';
import { decorators, readEntity } from './entities.js';
import { makeEmitter, noteRepository, visitBuilderCall, visitCall, type Repositories } from './usage.js';

const id = 'typeorm';
const title = 'TypeORM (entities, repositories, query builder)';
const enablers = ['typeorm', '@nestjs/typeorm'];
const keywords = ['@Entity', '@ViewEntity', 'Repository', 'createQueryBuilder', 'manager'];
const languages: ('ts' | 'js')[] = ['ts', 'js'];
const ENTITY_DECORATORS = new Set(['Entity', 'ViewEntity']);

function declareEntity(ctx: JsContext, cls: Node): void {
  const entity = decorators(cls).find((d) => ENTITY_DECORATORS.has(d.name));
  const className = cls.id?.name as string | undefined;
  if (!entity || !className) return;
  const info = readEntity(ctx, cls, className, entity.args);
  ctx.addDeclaration({
    relation: { schema: info.schema, name: info.table },
    model: className,
    columns: info.columns,
    ...(info.associations.length > 0 ? { associations: info.associations } : {}),
    confidence: info.isDefaultName ? 'inferred' : 'exact',
    location: ctx.locate(cls.id.start, cls.id.end),
  });
  for (const join of info.joinTables) {
    ctx.addDeclaration({
      relation: { schema: info.schema, name: join.name },
      columns: join.columns,
      confidence: 'exact',
      location: ctx.locate(join.node.start, join.node.end),
    });
  }
}

function createVisitor(ctx: JsContext) {
  const repos: Repositories = new Map();
  const emit = makeEmitter(ctx);
  return {
    ClassDeclaration: (node: Node) => declareEntity(ctx, node),
    VariableDeclarator: (node: Node) => noteRepository(repos, node),
    PropertyDefinition: (node: Node) => noteRepository(repos, node),
    TSParameterProperty: (node: Node) => noteRepository(repos, node),
    CallExpression(node: Node) {
      visitCall(ctx, repos, node, emit);
      visitBuilderCall(ctx, node, emit);
    },
  };
}

export default defineExtractor({ id, title, enablers, keywords, languages, createVisitor });
