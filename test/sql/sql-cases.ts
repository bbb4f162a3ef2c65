import { expect, it } from 'vitest';
import { analyzeSql, type SqlReference } from '../../src/sql/index.js';
import type { Location } from '../../src/types.js';
import { LineIndex } from '../../src/util/lines.js';

/** A reference as these tests write it: locations as `line:column-endLine:endColumn`, `quoted` only when true. */
export type Expected = Omit<SqlReference, 'location' | 'quoted' | 'values'> & {
  loc: string;
  quoted?: true;
  values?: { kind: string; text?: string; loc: string }[];
};

export interface SqlCase {
  name: string;
  sql: string;
  references: Expected[];
  errors?: unknown[];
}

const loc = (l: Location) => `${l.line}:${l.column}-${l.endLine}:${l.endColumn}`;

export function compact(ref: SqlReference): Expected {
  const { location, quoted, values, ...rest } = ref;
  return {
    ...rest,
    ...(quoted ? { quoted: true as const } : {}),
    loc: loc(location),
    ...(values ? { values: values.map((v) => ({ kind: v.kind, text: v.text, loc: loc(v.location!) })) } : {}),
  };
}

export function analyze(sql: string, options: { dynamic?: boolean; placeholders?: string[] } = {}) {
  const lines = new LineIndex(sql);
  return analyzeSql(sql, { locate: (s, e) => lines.locate('q.sql', s, e), ...options });
}

/** Table-driven: every case asserts the exact references with locations, and the errors. Call inside a describe. */
export function testSqlCases(cases: SqlCase[]): void {
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`duplicate case name "${c.name}"`);
    names.add(c.name);
    it(c.name, () => {
      const result = analyze(c.sql);
      expect(result.references.map(compact)).toEqual(c.references);
      expect(result.errors).toEqual(c.errors ?? []);
    });
  }
}
