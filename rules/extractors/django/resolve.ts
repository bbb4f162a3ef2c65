import { isModuleFile, resolvePythonModelReferences } from '../../../src/extract/python.js';
import type { Declaration, Reference } from '../../../src/types.js';
import { appLabel } from './models.js';
import { APP_NOTE, MODEL_NOTE } from './usage.js';

/** Maps `django-model:<Class>` references (model and field names, `author` → `author_id`) to tables and columns. */
export function resolveDjangoReferences(references: Reference[], declarations: Declaration[]): Reference[] {
  return resolvePythonModelReferences(relabelNestedModels(references, declarations), declarations, MODEL_NOTE, ['django']);
}

/**
 * A model defined in a module nested inside an app (`blog/admin_2fa/models.py`) and imported by the app's models
 * module (`blog/models.py`: `from .admin_2fa.models import Token`) belongs to that app: its default table is
 * `blog_token`, not `admin_2fa_token`. Replaces those declarations (per run; cached results are untouched) and
 * removes the `django-app:` markers.
 */
function relabelNestedModels(references: Reference[], declarations: Declaration[]): Reference[] {
  const prefix = `${APP_NOTE}:`;
  const rest: Reference[] = [];
  for (const ref of references) {
    if (!ref.note?.startsWith(prefix)) {
      rest.push(ref);
      continue;
    }
    const [label, module] = ref.note.slice(prefix.length).split(':') as [string, string];
    const model = ref.relation.name;
    const index = declarations.findIndex(
      (d) => d.extractor === 'django' && d.model === model && d.confidence === 'inferred' && isModuleFile(d.location.file, module, ref.location.file),
    );
    const decl = declarations[index];
    const own = decl ? appLabel(decl.location.file) : undefined;
    if (!decl || !own || own === label || decl.relation.name !== `${own}_${model.toLowerCase()}`) continue;
    const from = decl.relation.name;
    const to = `${label}_${model.toLowerCase()}`;
    declarations[index] = { ...decl, relation: { ...decl.relation, name: to } };
    // Auto-created many-to-many tables of the model are named after its table.
    declarations.forEach((d, i) => {
      if (d.extractor === 'django' && d.model === undefined && d.confidence === 'inferred' && d.location.file === decl.location.file && d.relation.name.startsWith(`${from}_`)) {
        declarations[i] = { ...d, relation: { ...d.relation, name: to + d.relation.name.slice(from.length) } };
      }
    });
  }
  return rest;
}
