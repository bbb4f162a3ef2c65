import { resolvePythonModelReferences } from '../../../src/extract/python.js';
import type { Declaration, Reference } from '../../../src/types.js';
import { MODEL_NOTE } from './usage.js';

/** Maps `django-model:<Class>` references (model and field names, `author` → `author_id`) to tables and columns. */
export function resolveDjangoReferences(references: Reference[], declarations: Declaration[]): Reference[] {
  return resolvePythonModelReferences(references, declarations, MODEL_NOTE, ['django']);
}
