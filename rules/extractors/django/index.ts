// https://github.com/dbref/dbref/blob/main/docs/rules/django.md
import { defineExtractor, type FileContext, type Language } from '../../../src/extractor.js';
import { isPythonMigration, modelCandidates, withPythonFile } from '../../../src/extract/python.js';
import { findModels } from './models.js';
import { extractUsage } from './usage.js';

const id = 'django';
const title = 'Django ORM (models, Meta.db_table, managers and lookups)';
const enablers = ['django'];
const keywords = ['models.Model', '.objects', 'Field('];
const languages: Language[] = ['py'];

function extractFile(ctx: FileContext): void {
  // Migrations are the schema, not usage.
  if (isPythonMigration(ctx.file)) return;
  withPythonFile(ctx, (py) => {
    const models = findModels(ctx, py);
    for (const model of models) {
      if (!model.table) continue;
      ctx.addDeclaration({
        relation: model.table.relation,
        model: model.name,
        columns: model.columns,
        confidence: model.table.confidence,
        location: ctx.locate(model.nameNode.startIndex, model.nameNode.endIndex),
      });
      for (const join of model.joins) {
        ctx.addDeclaration({
          relation: join.relation,
          columns: join.columns,
          confidence: join.confidence,
          location: ctx.locate(join.at.startIndex, join.at.endIndex),
        });
      }
    }
    extractUsage(ctx, py, modelCandidates(py, models.filter((m) => !m.abstract).map((m) => m.name)));
  });
}

export default defineExtractor({ id, title, enablers, keywords, languages, extractFile });
