// SQL text in JS/TS code, analysed on the PostgreSQL parser: https://github.com/dbref/dbref/blob/main/docs/rules/raw-sql.md
import { defineExtractor, type JsContext, type Node, type Visitor } from '../../../src/extractor.js';
import {
  analyzeJsSql,
  looksLikeSql,
  sqlFromExpression,
  sqlFromTemplate,
  withQuestionBindings,
  type SqlFromJs,
} from '../../../src/sql/index.js';
import { drizzleTablesFor } from './drizzle-tables.js';
import { classifierFor, CLIENT_PACKAGES, sqlTagRoot, STRING_METHODS, unwrap } from './helpers.js';
import { isProcedureQuery } from './procedure-calls.js';

const id = 'raw-sql';

const title = 'Raw SQL in code (pg, postgres.js, @vercel/postgres, slonik, Prisma, Drizzle, Knex, Kysely)';

const enablers = CLIENT_PACKAGES;

// SQL keywords as they start a statement (followed by whitespace), so `aria-selected` or `onUpdate(` do not make a
// file a candidate; a lower-case `with` query always has a `select ` too.
const keywords = [
  'SELECT ', 'SELECT\n', 'select ', 'select\n', 'INSERT ', 'insert ', 'UPDATE ', 'update ', 'DELETE ', 'delete ',
  'WITH ', 'CALL ', 'call ', 'TRUNCATE ', 'truncate ', 'MERGE ', 'COPY ', '.query(', '.unsafe(',
];

const NOT_TEXT = new Set(['ArrowFunctionExpression', 'FunctionExpression', 'ArrayExpression', 'ClassExpression']);

function createVisitor(ctx: JsContext): Visitor {
  const tables = drizzleTablesFor(ctx);
  const classify = classifierFor(ctx, tables.part);
  // A fragment inlined into an enclosing query is also visited on its own; report each place once.
  const seen = new Set<string>();

  const analyze = (sql: SqlFromJs, at: Node) => {
    if (!looksLikeSql(sql.text)) return;
    const result = analyzeJsSql(sql, id);
    if (result.errors.length > 0) {
      ctx.skip(at.start, `SQL does not parse (${result.errors[0]})`);
      return;
    }
    for (const ref of tables.resolve(result.references)) {
      const l = ref.location;
      const key = `${ref.kind}|${ref.access}|${ref.relation.schema}.${ref.relation.name}|${ref.column}|${l.line}:${l.column}-${l.endLine}:${l.endColumn}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ctx.addReference(ref);
    }
  };

  const isInterpolated = (node: Node) => ctx.parentOf(node)?.type === 'TemplateLiteral';

  return {
    TaggedTemplateExpression(node: Node) {
      if (sqlTagRoot(node.tag) === undefined) return;
      tables.columns(node.quasi);
      if (isInterpolated(node)) return;
      tables.begin();
      analyze(sqlFromTemplate(node, ctx, { tagged: true, classify }), node);
    },
    CallExpression(node: Node) {
      const callee = unwrap(node.callee);
      if (callee?.type !== 'MemberExpression' || callee.computed) return;
      const method = callee.property.name as string;
      if (!STRING_METHODS.has(method)) return;
      const first = unwrap(node.arguments[0]);
      // tRPC's `.query(async ({ ctx }) => …)`, React Query's `.query([...])`, a model's `.query(true)`: not SQL text.
      if (!first || first.type === 'TaggedTemplateExpression' || NOT_TEXT.has(first.type)) return;
      if (first.type === 'Literal' && typeof first.value !== 'string') return;
      let arg: Node | undefined = first;
      if (arg.type === 'ObjectExpression') {
        // node-postgres query config: { text: '…', values: [...] }
        const text = (arg.properties as Node[]).find(
          (p) => p.type === 'Property' && !p.computed && (p.key.name ?? p.key.value) === 'text',
        );
        arg = text?.value;
        if (!arg) return;
      }
      tables.begin();
      const sql = sqlFromExpression(arg, ctx, { tagged: false, classify });
      if (!sql) {
        if (method === 'query' && isProcedureQuery(ctx, callee, first)) return;
        if (method !== 'execute' && method !== 'raw') ctx.skip(arg.start, `${method}(): the SQL text is computed at run time`);
        return;
      }
      analyze(method === 'raw' ? withQuestionBindings(sql, unwrap(node.arguments[1]), ctx) : sql, node);
    },
  };
}

export default defineExtractor({
  id,
  title,
  enablers,
  keywords,
  languages: ['ts', 'js'],
  createVisitor,
});
