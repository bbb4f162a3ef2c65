import type { FileExtractor, JsExtractor } from '../src/extractor.js';
import type { Declaration, Reference } from '../src/types.js';

// Registries sorted by id. test/registry.test.ts fails when these lists and the rules/ folders disagree.
// To add one: import its module below (sorted) and add it to its list (sorted).

/** Every extractor, sorted by id. */
export const extractors: ((JsExtractor | FileExtractor) & { docsUrl: string })[] = [];

/**
 * Post-extraction resolvers (ORM model/field names → table/column names through the project's declarations),
 * sorted by extractor id. Each: (references, declarations) => references.
 */
export const resolvers: ((references: Reference[], declarations: Declaration[]) => Reference[])[] = [];
