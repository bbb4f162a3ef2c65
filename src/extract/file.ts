import { extname } from 'node:path';
import type { FileContext, FileExtractor, JsExtractor, Language } from '../extractor.js';
import { isJsExtractor } from '../extractor.js';
import type { Declaration, Reference, Skipped } from '../types.js';
import { LineIndex } from '../util/lines.js';
import { parseJs, runJsExtractors, type JsRunOptions } from './js.js';

const LANGUAGES: Record<string, Language> = {
  '.ts': 'ts', '.tsx': 'ts', '.mts': 'ts', '.cts': 'ts',
  '.js': 'js', '.jsx': 'js', '.mjs': 'js', '.cjs': 'js',
  '.py': 'py', '.sql': 'sql', '.prisma': 'prisma',
};

export function languageOf(file: string): Language | undefined {
  return LANGUAGES[extname(file).toLowerCase()];
}

export interface FileResult {
  references: Reference[];
  declarations: Declaration[];
  skipped: Skipped[];
}

/** Whether an extractor claims a file by its language or globs (globs are matched by the caller via `claims`). */
function wants(extractor: JsExtractor | FileExtractor, language: Language | undefined): boolean {
  return language !== undefined && (extractor.languages as Language[] | undefined)?.includes(language) === true;
}

export interface ExtractOptions extends JsRunOptions {
  packages: ReadonlySet<string>;
  /** Extractors that claimed this file through `files` globs, regardless of language. */
  claimedBy?: ReadonlySet<string>;
}

/** Runs the extractors that want this file: prefilter by keyword, one parse shared by all JS/TS extractors. */
export function extractFromSource(
  file: string,
  source: string,
  extractors: readonly (JsExtractor | FileExtractor)[],
  options: ExtractOptions,
): FileResult {
  const language = languageOf(file);
  const result: FileResult = { references: [], declarations: [], skipped: [] };
  const active = extractors.filter(
    (e) =>
      (wants(e, language) || options.claimedBy?.has(e.id) === true) &&
      (e.keywords.length === 0 || e.keywords.some((k) => source.includes(k))),
  );
  if (active.length === 0) return result;

  const lines = new LineIndex(source);
  const makeContext = (id: string): FileContext => ({
    file,
    source,
    language: language ?? 'sql',
    packages: options.packages,
    locate: (start, end) => lines.locate(file, start, end),
    addReference: (ref) => result.references.push({ extractor: id, ...ref }),
    addDeclaration: (decl) => result.declarations.push({ extractor: id, ...decl }),
    skip: (offset, reason) =>
      result.skipped.push(offset === null ? { file, reason } : { file, reason, line: lines.position(offset).line }),
  });

  const jsExtractors = active.filter(isJsExtractor);
  if (jsExtractors.length > 0 && (language === 'ts' || language === 'js')) {
    const parsed = parseJs(file, source);
    if (parsed.errors.length > 0 && (parsed.program.body as unknown[]).length === 0) {
      result.skipped.push({ file, reason: `does not parse (${parsed.errors[0]})` });
    } else {
      if (parsed.errors.length > 0) result.skipped.push({ file, reason: `parsed with errors (${parsed.errors[0]})` });
      runJsExtractors(makeContext, parsed.program, jsExtractors, options);
    }
  }
  for (const extractor of active) {
    if (isJsExtractor(extractor)) continue;
    const started = options.timings ? performance.now() : 0;
    try {
      extractor.extractFile(makeContext(extractor.id));
    } catch (error) {
      result.skipped.push({ file, reason: `extractor "${extractor.id}" failed (${(error as Error).message})` });
    }
    if (options.timings) {
      const key = `extractor:${extractor.id}`;
      options.timings[key] = (options.timings[key] ?? 0) + performance.now() - started;
    }
  }
  return result;
}
