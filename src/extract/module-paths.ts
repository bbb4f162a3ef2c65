import { posix } from 'node:path';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** Path aliases common enough to assume without reading tsconfig: Next.js/Vite `@/`, Nuxt/Remix `~/`. */
const ALIASES: [string, string[]][] = [
  ['@/', ['src/', '']],
  ['~/', ['src/', 'app/', '']],
];

/** Finds which project file an import specifier names. */
export type ModulePathResolver = (fromFile: string, source: string) => string | undefined;

/**
 * Resolves relative imports and the `@/` and `~/` aliases to project files, with extension and `index` resolution
 * (`./db` → `db.ts` or `db/index.ts`; `./db.js` → `db.ts`, as TypeScript's ESM output names it). Bare package names
 * are not project files: `undefined`.
 */
export function createModulePathResolver(files: Iterable<string>): ModulePathResolver {
  const known = new Set([...files].map((f) => f.replaceAll('\\', '/')));
  return (fromFile, source) => {
    let bases: string[];
    if (source.startsWith('./') || source.startsWith('../')) bases = [posix.join(posix.dirname(fromFile), source)];
    else {
      const alias = ALIASES.find(([prefix]) => source.startsWith(prefix));
      if (!alias) return undefined;
      bases = alias[1].map((dir) => posix.normalize(dir + source.slice(alias[0].length)));
    }
    for (const base of bases) {
      const stem = base.replace(/\.(?:js|jsx|mjs|cjs)$/, '');
      const candidates = [base, ...EXTENSIONS.map((e) => stem + e), ...EXTENSIONS.map((e) => `${base}/index${e}`)];
      const hit = candidates.find((c) => known.has(c));
      if (hit) return hit;
    }
    return undefined;
  };
}
