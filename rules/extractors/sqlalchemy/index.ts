// https://github.com/dbref/dbref/blob/main/docs/rules/sqlalchemy.md
import { defineExtractor, type FileContext, type Language } from '../../../src/extractor.js';
import { addImportedBases, addMixinColumns, argumentList, isPythonMigration, modelCandidates, withPythonFile } from '../../../src/extract/python.js';
import { findForeignKeys, findModels, findTables } from './models.js';
import { extractUsage, MODEL_NOTE } from './usage.js';

const id = 'sqlalchemy';
const title = 'SQLAlchemy, Flask-SQLAlchemy and SQLModel (models, Table(), queries through models)';
const enablers = ['sqlalchemy', 'flask-sqlalchemy', 'sqlmodel', 'alembic'];
// `models` and `.add(`: files that import models to construct them (inserts) without any query call.
const keywords = ['__tablename__', 'Column', 'mapped_column', 'Table(', 'SQLModel', 'query(', 'select(', 'insert(', 'update(', 'delete(', 'filter_by(', 'models', '.add('];
const languages: Language[] = ['py'];

function extractFile(ctx: FileContext): void {
  // Migrations are the schema, not usage.
  if (isPythonMigration(ctx.file)) return;
  withPythonFile(ctx, (py) => {
    const models = findModels(ctx, py);
    for (const model of models) {
      // Columns inherited across files: bases imported from other modules, and this class's columns for subclasses elsewhere.
      addImportedBases(ctx, py, 'sqlalchemy', model.name, argumentList(model.node.childForFieldName('superclasses')).positional);
      if (!model.table && model.mixin && model.columns.length > 0) addMixinColumns(ctx, 'sqlalchemy', model.node, model.name, model.columns);
      if (!model.table) continue;
      const name = model.node.childForFieldName('name')!;
      ctx.addDeclaration({
        relation: model.table.relation,
        model: model.name,
        columns: model.columns,
        confidence: model.table.confidence,
        location: ctx.locate(name.startIndex, name.endIndex),
      });
    }
    findTables(ctx, py, ({ relation, columns, at }) =>
      ctx.addDeclaration({ relation, columns, confidence: 'exact', location: ctx.locate(at.startIndex, at.endIndex) }),
    );
    const names = modelCandidates(py, models.filter((m) => m.table).map((m) => m.name));
    findForeignKeys(ctx, py, names, MODEL_NOTE);
    // Model bodies declare; methods inside them use.
    const bodies = models.filter((m) => m.table || m.columns.length > 0).map((m) => m.node);
    extractUsage(ctx, py, names, bodies);
  });
}

export default defineExtractor({ id, title, enablers, keywords, languages, extractFile });
