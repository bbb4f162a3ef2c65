import type { Declaration } from '../types.js';
import { createModulePathResolver } from './module-paths.js';

/** Module specifiers in JS/TS source: `from '…'`, `import '…'`, `import('…')`, `require('…')`. */
const SPECIFIER = /\b(?:from|import|require)\s*\(?\s*(['"])([^'"\n]+)\1/g;
const SCRIPT = /\.(?:[cm]?[jt]sx?)$/;

/**
 * The project files that some other project file imports. Used only to choose between same-named ORM models (a
 * generated copy of a schema that nothing imports, left beside the real one), so a light scan is enough: import
 * strings are read from the text (a commented-out import counts too), resolved as relative paths and `@/`/`~/`
 * aliases, and a workspace package's subpath (`@acme/server/db/schema`) is matched by its tail to a project file
 * (`packages/server/src/db/schema/index.ts`).
 */
export function findImportedFiles(files: readonly string[], readText: (file: string) => string | undefined): Set<string> {
  const scripts = files.filter((f) => SCRIPT.test(f));
  const resolvePath = createModulePathResolver(scripts);
  const byTail = tailIndex(scripts);
  const imported = new Set<string>();
  for (const file of scripts) {
    const text = readText(file);
    if (text === undefined) continue;
    for (const match of text.matchAll(SPECIFIER)) {
      const source = match[2]!;
      const direct = resolvePath(file, source);
      for (const target of direct !== undefined ? [direct] : byTail(source)) if (target !== file) imported.add(target);
    }
  }
  return imported;
}

/** Files by the tail of a bare specifier's subpath: `@acme/server/db/schema` → files ending in `db/schema(/index)`. */
function tailIndex(files: readonly string[]): (source: string) => string[] {
  const byLastSegment = new Map<string, { file: string; stem: string }[]>();
  for (const file of files) {
    const stem = file.replace(SCRIPT, '').replace(/\/index$/, '');
    const last = stem.slice(stem.lastIndexOf('/') + 1);
    const list = byLastSegment.get(last);
    if (list) list.push({ file, stem });
    else byLastSegment.set(last, [{ file, stem }]);
  }
  return (source) => {
    if (source.startsWith('.') || source.startsWith('node:')) return [];
    const parts = source.replace(/\.(?:[cm]?js)$/, '').split('/');
    const subpath = parts.slice(source.startsWith('@') ? 2 : 1).join('/');
    if (subpath === '') return []; // the package itself: its entry point is not known without its package.json
    const last = subpath.slice(subpath.lastIndexOf('/') + 1);
    return (byLastSegment.get(last) ?? []).filter(({ stem }) => stem === subpath || stem.endsWith(`/${subpath}`)).map(({ file }) => file);
  };
}

/**
 * Marks `shadowed` the ORM model declarations that nothing imports while another file the project imports declares
 * the same model (same extractor, same model name). Asks `isImported` only when such duplicates exist.
 */
export function markShadowedModels(declarations: Declaration[], isImported: (file: string) => boolean): void {
  const byModel = new Map<string, Declaration[]>();
  for (const decl of declarations) {
    if (decl.model === undefined) continue;
    const key = `${decl.extractor}\0${decl.model}`;
    const list = byModel.get(key);
    if (list) list.push(decl);
    else byModel.set(key, [decl]);
  }
  for (const same of byModel.values()) {
    if (new Set(same.map((d) => d.location.file)).size < 2) continue;
    const live = same.filter((d) => isImported(d.location.file));
    if (live.length === 0) continue;
    for (const decl of same) if (!live.includes(decl)) decl.shadowed = true;
  }
}
