import { resolvePythonModelReferences } from '../../../src/extract/python.js';
import type { Declaration, Reference } from '../../../src/types.js';
import { MODEL_NOTE } from './usage.js';

/** Maps `sqlalchemy-model:<Class>` references (class and attribute names) to the declared table and column names. */
export function resolveSqlalchemyReferences(references: Reference[], declarations: Declaration[]): Reference[] {
  return resolvePythonModelReferences(references, declarations, MODEL_NOTE, ['sqlalchemy']);
}
