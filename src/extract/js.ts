import { createRequire } from 'node:module';
import type { ScopeVariable } from '@typescript-eslint/scope-manager';
import { parseSync, visitorKeys } from 'oxc-parser';
import type { Binding, FileContext, ImportBinding, JsContext, JsExtractor, Node, Visitor } from '../extractor.js';

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

function specifierBinding(spec: Node, source: string): ImportBinding | undefined {
  const local = spec.local.name as string;
  if (spec.type === 'ImportDefaultSpecifier') return { local, source, imported: 'default' };
  if (spec.type === 'ImportNamespaceSpecifier') return { local, source, imported: '*' };
  if (spec.type !== 'ImportSpecifier') return undefined;
  const imported = spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value;
  return { local, source, imported };
}

function collectImports(program: Node, imports: Map<string, ImportBinding>): void {
  for (const statement of program.body as Node[]) {
    if (statement.type !== 'ImportDeclaration') continue;
    for (const spec of statement.specifiers as Node[]) {
      const binding = specifierBinding(spec, statement.source.value as string);
      if (binding) imports.set(binding.local, binding);
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
function requireBindings(declarator: Node): ImportBinding[] {
  const source = requireSource(declarator.init);
  if (!source) return [];
  if (declarator.id.type === 'Identifier') return [{ local: declarator.id.name, source, imported: '*' }];
  if (declarator.id.type !== 'ObjectPattern') return [];
  const out: ImportBinding[] = [];
  for (const prop of declarator.id.properties as Node[]) {
    if (prop.type !== 'Property') continue;
    const imported = prop.key.type === 'Identifier' ? prop.key.name : String(prop.key.value);
    const local = prop.value.type === 'Identifier' ? prop.value.name : prop.value.left?.name;
    if (local) out.push({ local, source, imported });
  }
  return out;
}

type ScopeManager = typeof import('@typescript-eslint/scope-manager');
let scopeManager: ScopeManager | undefined;
/** Loaded on first use: a run that never asks about a binding does not pay for loading it. */
function loadScopeManager(): ScopeManager {
  return (scopeManager ??= createRequire(import.meta.url)('@typescript-eslint/scope-manager') as ScopeManager);
}

/** A file's scopes, analysed once on first use: identifier offset → the variable it declares or refers to. */
const scopeIndexes = new WeakMap<Node, Map<number, ScopeVariable>>();

function scopeIndex(program: Node): Map<number, ScopeVariable> {
  let index = scopeIndexes.get(program);
  if (index) return index;
  // scope-manager reads `range`, which oxc adds only when asked at parse time (most files never need it), and the
  // TS-ESTree arrays that oxc leaves out of a JavaScript file's tree.
  walk(program, (node) => {
    node.range = [node.start, node.end];
    if (node.type.includes('Function')) for (const param of node.params as Node[]) param.decorators ??= [];
    else if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') {
      node.decorators ??= [];
      node.implements ??= [];
    }
  });
  const { analyze } = loadScopeManager();
  const manager = analyze(program as unknown as Parameters<typeof analyze>[0], { sourceType: 'module', lib: [] });
  index = new Map();
  // Keyed by offset, not node: the key and value of a shorthand `{ a }` are one name at one place.
  for (const scope of manager.scopes) {
    for (const variable of scope.variables) for (const id of variable.identifiers) index.set(id.range[0], variable);
    for (const reference of scope.references) if (reference.resolved) index.set(reference.identifier.range[0], reference.resolved);
  }
  scopeIndexes.set(program, index);
  return index;
}

function bindingFor(variable: ScopeVariable, parentOf: (node: Node) => Node | undefined): Binding | undefined {
  const def = variable.defs.find((d) => d.isVariableDefinition) ?? variable.defs[0];
  if (!def) return undefined;
  const { DefinitionType } = loadScopeManager();
  const scope = variable.scope.block as unknown as Node;
  const name = def.name as unknown as Node;
  const node = def.node as unknown as Node;
  switch (def.type) {
    case DefinitionType.Variable: {
      const binding = requireBindings(node).find((b) => b.local === variable.name);
      if (binding) return { kind: 'import', binding, scope };
      const declarationKind = (def.parent as unknown as Node).kind;
      return { kind: 'variable', declarationKind, ...(node.id === name && node.init ? { init: node.init } : {}), scope };
    }
    case DefinitionType.Parameter: {
      const parent = parentOf(name);
      const defaultValue = parent?.type === 'AssignmentPattern' && parent.left === name ? parent.right : undefined;
      const type = name.typeAnnotation?.typeAnnotation;
      return { kind: 'parameter', ...(defaultValue ? { defaultValue } : {}), ...(type ? { type } : {}), scope };
    }
    case DefinitionType.ImportBinding: {
      const declaration = def.parent as unknown as Node | null;
      const binding = declaration?.type === 'ImportDeclaration' ? specifierBinding(node, declaration.source.value) : undefined;
      return binding ? { kind: 'import', binding, scope } : { kind: 'other', scope };
    }
    default:
      return { kind: 'other', scope };
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
      for (const binding of requireBindings(node)) imports.set(binding.local, binding);
      if (node.id.type === 'Identifier' && node.init && parent?.kind === 'const') constants.set(node.id.name, node.init);
    }
  });
  const parentOf = (node: Node) => parents.get(node);

  /** Null when scope-manager could not analyse the file: lookups by name then stand in. */
  let variables: Map<number, ScopeVariable> | null | undefined;
  const analysed = (): Map<number, ScopeVariable> | null => {
    if (variables === undefined) {
      try {
        variables = scopeIndex(program);
      } catch (error) {
        variables = null;
        base.skip(null, `scope analysis failed (${(error as Error).message})`);
      }
    }
    return variables;
  };
  const bindings = new Map<ScopeVariable, Binding | undefined>();
  const bindingOf = (identifier: Node): Binding | undefined => {
    if (identifier.type !== 'Identifier' && identifier.type !== 'JSXIdentifier') return undefined;
    const variable = analysed()?.get(identifier.start);
    if (!variable) return undefined;
    if (!bindings.has(variable)) bindings.set(variable, bindingFor(variable, parentOf));
    return bindings.get(variable);
  };
  // With no `const` of the name anywhere there is nothing to tell apart, and the scopes need not be analysed.
  const constantAt = (identifier: Node): Node | undefined => {
    if (identifier.type !== 'Identifier' || !constants.has(identifier.name)) return undefined;
    if (!analysed()) return constants.get(identifier.name);
    const binding = bindingOf(identifier);
    return binding?.kind === 'variable' && binding.declarationKind === 'const' ? binding.init : undefined;
  };
  const importAt = (identifier: Node): ImportBinding | undefined => {
    if (!constants.has(identifier.name) || !analysed()) return imports.get(identifier.name);
    const binding = bindingOf(identifier);
    return binding?.kind === 'import' ? binding.binding : undefined;
  };

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
        const init = constantAt(node);
        if (init) {
          evaluating.add(name);
          try {
            return evaluate(init);
          } finally {
            evaluating.delete(name);
          }
        }
        const binding = importAt(node);
        if (binding && options.resolveImported) return options.resolveImported(base.file, binding.source, binding.imported);
        return undefined;
      }
      case 'MemberExpression': {
        // CONSTANTS.TABLE where CONSTANTS is a const object literal in this file.
        if (node.object.type !== 'Identifier') return undefined;
        const init = constantAt(node.object);
        const key = node.computed ? evaluate(node.property) : node.property.name;
        if (key === undefined) return undefined;
        if (!init) {
          // TABLES.users where TABLES is imported: the resolver answers dotted names of exported const objects.
          const binding = importAt(node.object);
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
      parentOf,
      evaluate,
      bindingOf,
      constantAt,
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
