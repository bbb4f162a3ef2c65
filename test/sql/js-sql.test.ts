import { beforeAll, describe, expect, it } from 'vitest';
import type { JsContext, Node } from '../../src/extractor.js';
import { parseJs, walk } from '../../src/extract/js.js';
import { analyzeJsSql, ensureSqlParser, sqlFromTemplate, type SqlReference } from '../../src/sql/index.js';
import { LineIndex } from '../../src/util/lines.js';

/**
 * The SQL of the one `prisma.$queryRaw` template in `code`, as raw-sql builds it when it cannot tell what an
 * interpolation is (a `Prisma.Sql` a project function returns): every interpolation becomes a `$n` parameter.
 */
function rawSql(code: string) {
  const lines = new LineIndex(code);
  let template: Node | undefined;
  walk(parseJs('q.ts', code).program, (node) => {
    if (node.type === 'TaggedTemplateExpression') template ??= node;
  });
  const ctx = {
    source: code,
    locate: (start: number, end: number) => lines.locate('q.ts', start, end),
    evaluate: () => undefined,
    constantAt: () => undefined,
  } as unknown as JsContext;
  return sqlFromTemplate(template!, ctx, { tagged: true });
}

const compact = (r: SqlReference) =>
  `${r.kind} ${r.relation.name}${r.column ? `.${r.column}` : ''} ${r.confidence} ${r.written} ${r.location.line}:${r.location.column}-${r.location.endLine}:${r.location.endColumn}`;

interface JsSqlCase {
  name: string;
  code: string;
  /** The text raw-sql builds, before any retry. */
  text: string;
  references: string[];
}

const cases: JsSqlCase[] = [
  {
    name: 'blanks only the fragment the parser stops at: a value parameter after it stays one',
    code: 'await prisma.$queryRaw`SELECT t.id FROM traces t WHERE t.project_id = ${projectId} ${filterCondition} AND t.name = ${name}`;',
    text: 'SELECT t.id FROM traces t WHERE t.project_id = $1 $2 AND t.name = $3',
    references: [
      'column traces.id dynamic t.id 1:31-1:35',
      'relation traces dynamic traces 1:41-1:47',
      'column traces.project_id dynamic t.project_id 1:56-1:68',
      'column traces.name dynamic t.name 1:107-1:113',
    ],
  },
  {
    name: 'a fragment the parser takes for a value leaves the text as it is',
    code: 'await prisma.$queryRaw`SELECT id FROM traces WHERE ${filterCondition} AND name = ${name}`;',
    text: 'SELECT id FROM traces WHERE $1 AND name = $2',
    references: ['column traces.id exact id 1:31-1:33', 'relation traces exact traces 1:39-1:45', 'column traces.name exact name 1:75-1:79'],
  },
  {
    name: 'blanks two fragments one after the other',
    code: 'await prisma.$queryRaw`SELECT o.id FROM observations o ${joinClause} WHERE o.project_id = ${projectId} ${filter} AND o.type = ${type}`;',
    text: 'SELECT o.id FROM observations o $1 WHERE o.project_id = $2 $3 AND o.type = $4',
    references: [
      'column observations.id dynamic o.id 1:31-1:35',
      'relation observations dynamic observations 1:41-1:53',
      'column observations.project_id dynamic o.project_id 1:76-1:88',
      'column observations.type dynamic o.type 1:118-1:124',
    ],
  },
  {
    name: 'a table name computed at run time after IF EXISTS is a name, not a value: nothing is named (not CASCADE)',
    code: 'await prisma.$executeRaw`DROP TABLE IF EXISTS ${table} CASCADE; CREATE INDEX ON ${table} (id)`;',
    text: 'DROP TABLE IF EXISTS __dbref_dyn_0__ CASCADE; CREATE INDEX ON __dbref_dyn_1__ (id)',
    references: ['relation ${table} dynamic ${table} 1:83-1:88'],
  },
  {
    name: 'blanks a fragment at the start of the statement',
    code: 'await prisma.$queryRaw`${withClause} SELECT s.id FROM scores s WHERE s.trace_id = ${traceId}`;',
    text: '$1 SELECT s.id FROM scores s WHERE s.trace_id = $2',
    references: [
      'column scores.id dynamic s.id 1:45-1:49',
      'relation scores dynamic scores 1:55-1:61',
      'column scores.trace_id dynamic s.trace_id 1:70-1:80',
    ],
  },
];

describe('analyzeJsSql', () => {
  beforeAll(ensureSqlParser);

  for (const c of cases) {
    it(c.name, () => {
      const sql = rawSql(c.code);
      expect(sql.text).toBe(c.text);
      const result = analyzeJsSql(sql, 'raw-sql');
      expect(result.errors).toEqual([]);
      expect(result.references.map(compact)).toEqual(c.references);
      // Dynamic because a fragment was blanked; a table named at run time says so itself.
      const dynamic = result.references.filter((r) => r.confidence === 'dynamic' && !r.written.startsWith('${'));
      expect(dynamic.every((r) => r.note === 'the query text is partly built at run time')).toBe(true);
    });
  }

  it('reports the first error when no blanking makes the text parse', () => {
    const result = analyzeJsSql(rawSql('await prisma.$queryRaw`SELECT FROM WHERE ${a} ${b} ((`;'), 'raw-sql');
    expect(result.references).toEqual([]);
    expect(result.errors).toEqual(['syntax error at or near "WHERE" (offset 12)']);
  });
});
