import type { FileExtractor, JsExtractor } from '../src/extractor.js';

// Registries sorted by id. test/registry.test.ts fails when these lists and the rules/ folders disagree.
// To add one: import its module below (sorted) and add it to its list (sorted).

/** Every extractor, sorted by id. */
export const extractors: ((JsExtractor | FileExtractor) & { docsUrl: string })[] = [];
