import type { FileExtractor, JsExtractor } from '../src/extractor.js';

/** Every extractor, sorted by id. test/registry.test.ts fails when this list and rules/extractors/ disagree. */
export const extractors: ((JsExtractor | FileExtractor) & { docsUrl: string })[] = [];
