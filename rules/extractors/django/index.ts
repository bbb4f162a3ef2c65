// https://github.com/dbref/dbref/blob/main/docs/rules/django.md
import { defineExtractor, type FileContext, type Language } from '../../../src/extractor.js';
import { addImportedBases, addMixinColumns, argumentList, isPythonMigration, modelCandidates, named, withPythonFile, type PyNode } from '../../../src/extract/python.js';
import { appLabel, findModels } from './models.js';
import { APP_NOTE, extractUsage } from './usage.js';

const id = 'django';
const title = 'Django ORM (models, Meta.db_table, managers and lookups)';
const enablers = ['django'];
// `models`: files that import models to construct them (inserts) without a manager call.
const keywords = ['models.Model', '.objects', 'Field(', 'models'];
const languages: Language[] = ['py'];

function extractFile(ctx: FileContext): void {
  // Migrations are the schema, not usage.
  if (isPythonMigration(ctx.file)) return;
  withPythonFile(ctx, (py) => {
    const models = findModels(ctx, py);
    for (const model of models) {
      // Fields of abstract models in other files: this file's bases, and this abstract model's fields for subclasses elsewhere.
      addImportedBases(ctx, py, 'django', model.name, argumentList(model.node.childForFieldName('superclasses')).positional);
      if (model.abstract) addMixinColumns(ctx, 'django', model.node, model.name, model.columns.filter((c) => c.location));
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
    // `blog/models.py`: `from .admin_2fa.models import Token` — models of a nested module belong to this app.
    const label = appLabel(ctx.file);
    if (label && /(?:^|\/)models(?:\.py|\/__init__\.py)$/.test(ctx.file)) {
      for (const binding of py.imports.values()) {
        if (!/^\.\w[\w.]*\bmodels\b/.test(binding.module) || binding.imported === '*' || !/^[A-Z]/.test(binding.imported)) continue;
        const at = findImportName(py.root, binding.local);
        ctx.addReference({
          kind: 'relation', relation: { schema: null, name: binding.imported }, access: 'ddl', written: binding.imported, quoted: false,
          confidence: 'inferred', location: at ? ctx.locate(at.startIndex, at.endIndex) : ctx.locate(0, 0), note: `${APP_NOTE}:${label}:${binding.module}`,
        });
      }
    }
    extractUsage(ctx, py, modelCandidates(py, models.filter((m) => !m.abstract).map((m) => m.name)));
  });
}

/** The name node of an imported binding, for the marker's location. */
function findImportName(root: PyNode, local: string): PyNode | undefined {
  for (const statement of named(root)) {
    if (statement.type !== 'import_from_statement') continue;
    for (const name of statement.childrenForFieldName('name')) {
      const node = name?.type === 'aliased_import' ? name.childForFieldName('alias') : name;
      if (node?.text === local) return node;
    }
  }
  return undefined;
}

export default defineExtractor({ id, title, enablers, keywords, languages, extractFile });
