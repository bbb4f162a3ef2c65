import { describe, expect, it } from 'vitest';
import { defineExtractor, type Node } from '../../src/extractor.js';
import { extractFromSource } from '../../src/extract/file.js';
import { compactReference, testExtractor } from '../helpers/extract.js';

// A tiny extractor used only to exercise the shared traversal, import table and constant folding.
const probe = defineExtractor({
  id: 'probe',
  title: 'Probe',
  enablers: [],
  keywords: ['table('],
  languages: ['ts', 'js'],
  createVisitor(ctx) {
    return {
      CallExpression(node: Node) {
        if (node.callee.type !== 'Identifier' || node.callee.name !== 'table') return;
        const arg = node.arguments[0] as Node;
        const name = ctx.evaluate(arg);
        const binding = ctx.imports.get('table');
        ctx.addReference({
          kind: 'relation',
          relation: { schema: null, name: name ?? '?' },
          access: 'read',
          written: ctx.source.slice(arg.start, arg.end),
          quoted: false,
          confidence: name === undefined ? 'dynamic' : 'exact',
          location: ctx.locate(arg.start, arg.end),
          ...(binding ? { note: binding.source } : {}),
        });
      },
    };
  },
});

describe('shared JS traversal', () => {
  testExtractor(probe, [
    {
      name: 'folds constants, concatenation and const objects',
      code: [
        "import { table } from 'lib';",
        "const PREFIX = 'app_';",
        'const T = { users: PREFIX + `users` } as const;',
        'table(T.users);',
        'table(`x_${PREFIX}y`);',
        'table(someCall());',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: { schema: null, name: 'app_users' }, access: 'read', written: 'T.users', confidence: 'exact', note: 'lib', loc: '4:7-4:14' },
        { kind: 'relation', relation: { schema: null, name: 'x_app_y' }, access: 'read', written: '`x_${PREFIX}y`', confidence: 'exact', note: 'lib', loc: '5:7-5:21' },
        { kind: 'relation', relation: { schema: null, name: '?' }, access: 'read', written: 'someCall()', confidence: 'dynamic', note: 'lib', loc: '6:7-6:17' },
      ],
    },
    {
      name: 'files without the keyword are not parsed',
      code: 'this is not javascript at all (((',
      references: [],
    },
  ]);

  it('reports a file that does not parse and keeps going', () => {
    const result = extractFromSource('src/bad.ts', 'table(;;; {{{', [probe], { packages: new Set() });
    expect(result.skipped).toEqual([{ file: 'src/bad.ts', reason: expect.stringMatching(/^does not parse|^parsed with errors/) }]);
    expect(result.references.map(compactReference)).toEqual([]);
  });
});
