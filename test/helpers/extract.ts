import { expect, it } from 'vitest';
import type { FileExtractor, JsExtractor } from '../../src/extractor.js';
import { extractFromSource } from '../../src/extract/file.js';
import type { Declaration, DeclaredColumn, Location, Reference } from '../../src/types.js';

/** A reference as tests write it: the location as `line:column-endLine:endColumn`, no extractor, `quoted` only when true. */
export type ExpectedReference = Omit<Reference, 'extractor' | 'location' | 'quoted'> & { loc: string; quoted?: true };
export type ExpectedDeclaration = Omit<Declaration, 'extractor' | 'location' | 'columns'> & {
  loc: string;
  columns: (Omit<DeclaredColumn, 'location'> & { loc?: string })[];
};

export interface ExtractorCase {
  name: string;
  code: string;
  filename?: string;
  packages?: string[];
  references: ExpectedReference[];
  declarations?: ExpectedDeclaration[];
  /** Substrings expected in the skip reasons, in order. */
  skipped?: string[];
}

export function loc(location: Location): string {
  return `${location.line}:${location.column}-${location.endLine}:${location.endColumn}`;
}

export function compactReference(ref: Reference): ExpectedReference {
  const { extractor: _e, location, quoted, ...rest } = ref;
  return { ...rest, ...(quoted ? { quoted: true as const } : {}), loc: loc(location) };
}

export function compactDeclaration(decl: Declaration): ExpectedDeclaration {
  const { extractor: _e, location, columns, ...rest } = decl;
  return {
    ...rest,
    loc: loc(location),
    columns: columns.map(({ location: l, ...c }) => ({ ...c, ...(l ? { loc: loc(l) } : {}) })),
  };
}

/** Table-driven extractor test: every case asserts the exact references (and declarations) with locations. */
export function testExtractor(extractor: JsExtractor | FileExtractor, cases: ExtractorCase[]): void {
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`duplicate case name "${c.name}"`);
    names.add(c.name);
  }
  for (const c of cases) {
    it(c.name, () => {
      const file = c.filename ?? 'src/example.ts';
      const result = extractFromSource(file, c.code, [extractor], {
        packages: new Set(c.packages ?? extractor.enablers.filter((e): e is string => typeof e === 'string')),
        claimedBy: new Set([extractor.id]),
      });
      expect(result.references.map(compactReference)).toEqual(c.references);
      expect(result.declarations.map(compactDeclaration)).toEqual(c.declarations ?? []);
      if (c.skipped) {
        expect(result.skipped.map((s) => s.reason)).toEqual(c.skipped.map((s) => expect.stringContaining(s)));
      }
      for (const r of result.references) expect(r.location.file).toBe(file);
    });
  }
}
