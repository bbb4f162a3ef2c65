import { createRequire } from 'node:module';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import type { FileContext as ExtractorContext } from '../extractor.js';
import { PyFile } from './python-file.js';
import type { PyNode } from './python-syntax.js';

export { PyFile, type PyImport } from './python-file.js';
export { addImportedBases, addMixinColumns, isModuleFile, modelCandidates, resolvePythonModelReferences } from './python-models.js';
export { sourceRange, type EvaluateOptions, type StaticText } from './python-static-text.js';
export { argumentList, booleanLiteral, callArgs, dottedName, lastName, named, walk, type CallArgs, type PyNode } from './python-syntax.js';

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/** Loads tree-sitter and the Python grammar (WASM) once; extraction is synchronous afterwards. */
export function ensurePythonParser(): Promise<void> {
  loading ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    const language = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
    const instance = new Parser();
    instance.setLanguage(language);
    parser = instance;
  })();
  return loading;
}

export function isPythonParserLoaded(): boolean {
  return parser !== undefined;
}

/** Parses Python source with the loaded parser. The caller must `tree.delete()` (WASM memory is not collected). */
export function parsePython(source: string): Tree | undefined {
  return parser?.parse(source) ?? undefined;
}

/** Migrations are the schema, not usage: alembic `versions/`, Django and Flask-Migrate `migrations/`. */
export function isPythonMigration(file: string): boolean {
  const parts = file.split('/');
  return parts.slice(0, -1).some((p) => p === 'migrations' || p === 'versions' || p === 'alembic');
}

/**
 * Parses the file, runs `fn` on a helper for it, and always frees the tree.
 * Records a skip when the parser is not loaded or the file has syntax errors that leave nothing to read.
 */
export function withPythonFile(ctx: ExtractorContext, fn: (py: PyFile) => void): void {
  const py = sharedParse(ctx.source);
  if (!py) {
    ctx.skip(null, 'python parser not loaded');
    return;
  }
  const root = py.root;
  if (root.hasError) {
    const error = firstError(root);
    if (error) ctx.skip(error.startIndex, `parsed with errors (line ${error.startPosition.row + 1})`);
  }
  fn(py);
}

// One parse per file shared by every Python extractor: the last tree is kept until another source is parsed
// (a single WASM tree at a time, freed on replacement).
let last: { source: string; tree: Tree; py: PyFile } | undefined;

function sharedParse(source: string): PyFile | undefined {
  if (last?.source === source) return last.py;
  const tree = parsePython(source);
  if (!tree) return undefined;
  last?.tree.delete();
  last = { source, tree, py: new PyFile(tree.rootNode, source) };
  return last.py;
}

/** Frees the tree kept for sharing (tests and long-running hosts). */
export function releasePythonTrees(): void {
  last?.tree.delete();
  last = undefined;
}

function firstError(node: PyNode): PyNode | undefined {
  if (node.type === 'ERROR' || node.isMissing) return node;
  for (const child of node.children) {
    if (child && child.hasError) return firstError(child) ?? child;
  }
  return undefined;
}
