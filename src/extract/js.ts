import { parseSync, visitorKeys } from 'oxc-parser';
import type { FileContext, ImportBinding, JsContext, JsExtractor, Node, Visitor } from '../extractor.js';

const keysOf = visitorKeys as Record<string, readonly string[]>;

/** Resolves a name exported by another project file to its constant string value (cross-file constants). */
export type ImportedConstantResolver = (fromFile: string, source: string, imported: string) => string | undefined;

export interface ParsedJs {
  program: Node;
  errors: string[];
}

export function parseJs(file: string, source: string): ParsedJs {
  const result = parseSync(file, source, { sourceType: 'unambiguous', preserveParens: false } as never);
  const errors = result.errors.filter((e) => e.severity === 'Error').map((e) => e.message);
  return { program: result.program as unknown as Node, errors };
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
}

/** Calls `enter` for every node, parents before children, in source order. */
export function walk(root: Node, enter: (node: Node, parent: Node | undefined) => void): void {
  const stack: [Node, Node | undefined][] = [[root, undefined]];
  while (stack.length > 0) {
    const [node, parent] = stack.pop()!;
    enter(node, parent);
    const keys = keysOf[node.type];
    const children: Node[] = [];
    for (const key of keys ?? Object.keys(node)) {
      const value = node[key];
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) children.push(item);
      } else if (isNode(value)) children.push(value);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, node]);
  }
}

function collectImports(program: Node, imports: Map<string, ImportBinding>): void {
  for (const statement of program.body as Node[]) {
    if (statement.type === 'ImportDeclaration') {
      const source = statement.source.value as string;
      for (const spec of statement.specifiers as Node[]) {
        const local = spec.local.name as string;
        if (spec.type === 'ImportDefaultSpecifier') imports.set(local, { local, source, imported: 'default' });
        else if (spec.type === 'ImportNamespaceSpecifier') imports.set(local, { local, source, imported: '*' });
        else {
          const imported = spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value;
          imports.set(local, { local, source, imported });
        }
      }
    }
  }
}

function requireSource(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'AwaitExpression') return requireSource(node.argument);
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require') {
    const arg = node.arguments[0];
    if (arg?.type === 'Literal' && typeof arg.value === 'string') return arg.value;
  }
  if (node.type === 'ImportExpression' && node.source.type === 'Literal') return node.source.value as string;
  return undefined;
}

/** `const x = require('m')`, `const { a, b: c } = require('m')`, `const m = await import('m')`. */
function collectRequire(declarator: Node, imports: Map<string, ImportBinding>): void {
  const source = requireSource(declarator.init);
  if (!source) return;
  if (declarator.id.type === 'Identifier') {
    imports.set(declarator.id.name, { local: declarator.id.name, source, imported: '*' });
  } else if (declarator.id.type === 'ObjectPattern') {
    for (const prop of declarator.id.properties as Node[]) {
      if (prop.type !== 'Property') continue;
      const imported = prop.key.type === 'Identifier' ? prop.key.name : String(prop.key.value);
      const local = prop.value.type === 'Identifier' ? prop.value.name : prop.value.left?.name;
      if (local) imports.set(local, { local, source, imported });
    }
  }
}

export interface JsRunOptions {
  resolveImported?: ImportedConstantResolver;
  /** When given, each extractor's time is added under `extractor:<id>` (`--performance`). */
  timings?: Record<string, number>;
}

/** Runs every extractor's visitor over one parsed file in a single traversal. */
export function runJsExtractors(
  contextFor: (extractorId: string) => FileContext,
  program: Node,
  extractors: readonly JsExtractor[],
  options: JsRunOptions = {},
): void {
  const base = contextFor('');
  const imports = new Map<string, ImportBinding>();
  const constants = new Map<string, Node>();
  const parents = new WeakMap<Node, Node>();
  collectImports(program, imports);
  walk(program, (node, parent) => {
    if (parent) parents.set(node, parent);
    if (node.type === 'VariableDeclarator') {
      collectRequire(node, imports);
      if (node.id.type === 'Identifier' && node.init && parent?.kind === 'const') constants.set(node.id.name, node.init);
    }
  });

  const evaluating = new Set<string>();
  const evaluate = (node: Node | null | undefined): string | undefined => {
    if (!node) return undefined;
    switch (node.type) {
      case 'Literal':
        return typeof node.value === 'string' || typeof node.value === 'number' ? String(node.value) : undefined;
      case 'TemplateLiteral': {
        let out = node.quasis[0].value.cooked ?? node.quasis[0].value.raw;
        for (let i = 0; i < node.expressions.length; i++) {
          const part = evaluate(node.expressions[i]);
          if (part === undefined) return undefined;
          out += part + (node.quasis[i + 1].value.cooked ?? node.quasis[i + 1].value.raw);
        }
        return out;
      }
      case 'BinaryExpression': {
        if (node.operator !== '+') return undefined;
        const left = evaluate(node.left);
        const right = left === undefined ? undefined : evaluate(node.right);
        return left === undefined || right === undefined ? undefined : left + right;
      }
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'ParenthesizedExpression':
        return evaluate(node.expression);
      case 'Identifier': {
        const name = node.name as string;
        if (evaluating.has(name)) return undefined;
        const init = constants.get(name);
        if (init) {
          evaluating.add(name);
          try {
            return evaluate(init);
          } finally {
            evaluating.delete(name);
          }
        }
        const binding = imports.get(name);
        if (binding && options.resolveImported) return options.resolveImported(base.file, binding.source, binding.imported);
        return undefined;
      }
      case 'MemberExpression': {
        // CONSTANTS.TABLE where CONSTANTS is a const object literal in this file.
        if (node.object.type !== 'Identifier') return undefined;
        const init = constants.get(node.object.name);
        const key = node.computed ? evaluate(node.property) : node.property.name;
        if (key === undefined) return undefined;
        if (!init) {
          // TABLES.users where TABLES is imported: the resolver answers dotted names of exported const objects.
          const binding = imports.get(node.object.name);
          if (!binding || !options.resolveImported) return undefined;
          const name = binding.imported === '*' ? key : `${binding.imported}.${key}`;
          return options.resolveImported(base.file, binding.source, name);
        }
        const object = init.type === 'TSAsExpression' || init.type === 'TSSatisfiesExpression' ? init.expression : init;
        if (object.type !== 'ObjectExpression') return undefined;
        for (const prop of object.properties as Node[]) {
          if (prop.type !== 'Property' || prop.computed) continue;
          const name = prop.key.type === 'Identifier' ? prop.key.name : String(prop.key.value);
          if (name === key) return evaluate(prop.value);
        }
        return undefined;
      }
      default:
        return undefined;
    }
  };

  const handlers = new Map<string, ((node: Node) => void)[]>();
  for (const extractor of extractors) {
    const own = contextFor(extractor.id);
    const ctx: JsContext = {
      ...own,
      locate: own.locate,
      addReference: own.addReference,
      addDeclaration: own.addDeclaration,
      skip: own.skip,
      program,
      imports,
      parentOf: (node) => parents.get(node),
      evaluate,
      constantInit: (name) => constants.get(name),
    };
    let visitor: Visitor;
    try {
      visitor = extractor.createVisitor(ctx);
    } catch (error) {
      base.skip(null, `extractor "${extractor.id}" failed (${(error as Error).message})`);
      continue;
    }
    for (const [type, handler] of Object.entries(visitor)) {
      const timings = options.timings;
      const key = `extractor:${extractor.id}`;
      const safe = (node: Node) => {
        const started = timings ? performance.now() : 0;
        try {
          handler(node);
        } catch (error) {
          base.skip(node.start, `extractor "${extractor.id}" failed (${(error as Error).message})`);
        }
        if (timings) timings[key] = (timings[key] ?? 0) + performance.now() - started;
      };
      const list = handlers.get(type);
      if (list) list.push(safe);
      else handlers.set(type, [safe]);
    }
  }
  if (handlers.size === 0) return;
  walk(program, (node) => {
    const list = handlers.get(node.type);
    if (list) for (const handler of list) handler(node);
  });
}
