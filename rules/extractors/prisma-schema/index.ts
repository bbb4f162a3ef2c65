// https://github.com/dbref/dbref/blob/main/docs/rules/prisma-schema.md
import { defineExtractor, type FileContext } from '../../../src/extractor.js';
import { parsePrismaSchema, prismaModels } from './parse.js';

const id = 'prisma-schema';
const title = 'Prisma schema (schema.prisma models and views)';
const enablers = ['prisma', '@prisma/client'];
const keywords = ['model ', 'view '];
const files = ['**/*.prisma'];

function extractFile(ctx: FileContext): void {
  let schema;
  try {
    schema = parsePrismaSchema(ctx.source);
  } catch (error) {
    const token = (error as { token?: { startOffset?: number } }).token;
    const offset = typeof token?.startOffset === 'number' && !Number.isNaN(token.startOffset) ? token.startOffset : null;
    ctx.skip(offset, `does not parse as a Prisma schema (${(error as Error).message})`);
    return;
  }
  for (const model of prismaModels(schema, ctx.source)) {
    ctx.addDeclaration({
      relation: { schema: model.schema, name: model.table },
      model: model.name,
      columns: model.columns.map((c) => ({
        name: c.column,
        type: c.type,
        nullable: c.nullable,
        location: ctx.locate(c.offset, c.offset + c.field.length),
        ...(c.field !== c.column ? { field: c.field } : {}),
        ...(c.clientDefault ? { clientDefault: true } : {}),
      })),
      ...(model.associations.length > 0 ? { associations: model.associations } : {}),
      confidence: 'exact',
      location: ctx.locate(model.nameOffset, model.nameOffset + model.name.length),
    });
  }
}

export default defineExtractor({ id, title, enablers, keywords, files, languages: ['prisma'], extractFile });
