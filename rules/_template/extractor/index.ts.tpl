// __TITLE__: <link to the library's query documentation>
import { defineExtractor, type JsContext, type Node, type Visitor } from '../../../src/extractor.js';

const id = '__ID__';

const title = '__TITLE__';

// Package names in the project's manifests that turn this extractor on.
const enablers = ['__ENABLER__'];

// The prefilter: a file is parsed for this extractor only when its text contains one of these.
const keywords = ['__KEYWORD__'];

function createVisitor(ctx: JsContext): Visitor {
  // Follow import bindings first (which local names mean the library), then match calls. State is per file.
  const clients = new Set([...ctx.imports.values()].filter((b) => b.source === '__ENABLER__').map((b) => b.local));
  return {
    CallExpression(node: Node) {
      const callee = node.callee as Node;
      if (callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier' || !clients.has(callee.object.name)) return;
      if (callee.property.name !== '__KEYWORD__') return;
      const arg = node.arguments[0] as Node | undefined;
      if (!arg) return;
      const name = ctx.evaluate(arg);
      ctx.addReference({
        kind: 'relation',
        relation: { schema: null, name: name ?? ctx.source.slice(arg.start, arg.end) },
        access: 'read',
        written: ctx.source.slice(arg.start, arg.end),
        quoted: false,
        confidence: name === undefined ? 'dynamic' : 'exact',
        location: ctx.locate(arg.start, arg.end),
      });
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
