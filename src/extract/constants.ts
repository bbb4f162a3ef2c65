import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import type { Node } from '../extractor.js';
import { parseJs, type ImportedConstantResolver } from './js.js';
import { createModulePathResolver } from './module-paths.js';

interface ModuleInfo {
  /** Local `const` initialisers. */
  constants: Map<string, Node>;
  /** Exported name → local name (or a re-export from another module). */
  exports: Map<string, { local: string } | { from: string; imported: string }>;
  /** `export * from '…'` sources. */
  starExports: string[];
  imports: Map<string, { source: string; imported: string }>;
}

function unwrap(node: Node | null | undefined): Node | undefined {
  let n = node ?? undefined;
  while (n && (n.type === 'TSAsExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'ParenthesizedExpression' || n.type === 'TSNonNullExpression'))
    n = n.expression;
  return n;
}

function keyName(key: Node): string | undefined {
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'Literal') return String(key.value);
  return undefined;
}

function readModule(program: Node): ModuleInfo {
  const info: ModuleInfo = { constants: new Map(), exports: new Map(), starExports: [], imports: new Map() };
  const addDeclaration = (decl: Node, exported: boolean) => {
    if (decl?.type !== 'VariableDeclaration' || decl.kind !== 'const') return;
    for (const d of decl.declarations as Node[]) {
      if (d.id.type !== 'Identifier' || !d.init) continue;
      info.constants.set(d.id.name, d.init);
      if (exported) info.exports.set(d.id.name, { local: d.id.name });
    }
  };
  for (const statement of program.body as Node[]) {
    switch (statement.type) {
      case 'ImportDeclaration':
        for (const spec of statement.specifiers as Node[]) {
          const imported =
            spec.type === 'ImportDefaultSpecifier' ? 'default' : spec.type === 'ImportNamespaceSpecifier' ? '*' : keyName(spec.imported);
          if (imported) info.imports.set(spec.local.name, { source: statement.source.value, imported });
        }
        break;
      case 'VariableDeclaration':
        addDeclaration(statement, false);
        break;
      case 'ExportNamedDeclaration':
        addDeclaration(statement.declaration, true);
        for (const spec of (statement.specifiers as Node[]) ?? []) {
          const local = keyName(spec.local);
          const exported = keyName(spec.exported);
          if (!local || !exported) continue;
          info.exports.set(exported, statement.source ? { from: statement.source.value, imported: local } : { local });
        }
        break;
      case 'ExportDefaultDeclaration': {
        const d = statement.declaration as Node;
        if (d.type === 'Identifier') info.exports.set('default', { local: d.name });
        else {
          info.constants.set('\0default', d);
          info.exports.set('default', { local: '\0default' });
        }
        break;
      }
      case 'ExportAllDeclaration':
        if (!statement.exported) info.starExports.push(statement.source.value);
        break;
    }
  }
  return info;
}

/**
 * Resolves `import { TABLES } from './db/tables'` to the exported `const` strings (and `TABLES.users` members of
 * exported const objects, when asked with a dotted name) of project files: relative imports, `@/` and `~/` aliases,
 * extension and `index` resolution without reading tsconfig. Parsed modules are cached for the run.
 */
export function createImportedConstantResolver(projectRoot: string, files: readonly string[]): ImportedConstantResolver {
  const known = new Set(files.map((f) => f.replaceAll('\\', '/')));
  const modules = new Map<string, ModuleInfo | null>();

  const moduleAt = (file: string): ModuleInfo | null => {
    let info = modules.get(file);
    if (info !== undefined) return info;
    info = null;
    try {
      const parsed = parseJs(file, readFileSync(posix.join(projectRoot.replaceAll('\\', '/'), file), 'utf8'));
      info = readModule(parsed.program);
    } catch {
      info = null;
    }
    modules.set(file, info);
    return info;
  };

  const resolvePath = createModulePathResolver(known);

  const resolve = (fromFile: string, source: string, imported: string, depth: number): string | undefined => {
    if (depth > 8) return undefined;
    const file = resolvePath(fromFile, source);
    const info = file ? moduleAt(file) : null;
    if (!file || !info) return undefined;
    const [name, ...path] = imported.split('.');
    const exported = info.exports.get(name!);
    if (exported && 'from' in exported) return resolve(file, exported.from, [exported.imported, ...path].join('.'), depth + 1);
    if (exported) return evaluateIn(file, info, exported.local, path, depth);
    for (const star of info.starExports) {
      const value = resolve(file, star, imported, depth + 1);
      if (value !== undefined) return value;
    }
    return undefined;
  };

  const evaluateIn = (file: string, info: ModuleInfo, local: string, path: string[], depth: number): string | undefined => {
    const seen = new Set<string>();
    const evaluate = (node: Node | undefined, members: string[]): string | undefined => {
      const n = unwrap(node);
      if (!n) return undefined;
      if (members.length > 0) {
        if (n.type === 'Identifier') return identifier(n.name, members);
        if (n.type !== 'ObjectExpression') return undefined;
        const [first, ...rest] = members;
        for (const prop of n.properties as Node[]) {
          if (prop.type === 'Property' && !prop.computed && keyName(prop.key) === first) return evaluate(prop.value, rest);
        }
        return undefined;
      }
      switch (n.type) {
        case 'Literal':
          return typeof n.value === 'string' || typeof n.value === 'number' ? String(n.value) : undefined;
        case 'TemplateLiteral': {
          let out = n.quasis[0].value.cooked ?? '';
          for (let i = 0; i < n.expressions.length; i++) {
            const part = evaluate(n.expressions[i], []);
            if (part === undefined) return undefined;
            out += part + (n.quasis[i + 1].value.cooked ?? '');
          }
          return out;
        }
        case 'BinaryExpression': {
          if (n.operator !== '+') return undefined;
          const left = evaluate(n.left, []);
          const right = left === undefined ? undefined : evaluate(n.right, []);
          return left === undefined || right === undefined ? undefined : left + right;
        }
        case 'Identifier':
          return identifier(n.name, []);
        case 'MemberExpression': {
          const chain: string[] = [];
          let object: Node | undefined = n;
          while (object?.type === 'MemberExpression') {
            const key = object.computed ? evaluate(object.property, []) : object.property.name;
            if (key === undefined) return undefined;
            chain.unshift(key);
            object = unwrap(object.object);
          }
          return object?.type === 'Identifier' ? identifier(object.name, chain) : undefined;
        }
        default:
          return undefined;
      }
    };
    const identifier = (name: string, members: string[]): string | undefined => {
      if (seen.has(name)) return undefined;
      const init = info.constants.get(name);
      if (init) {
        seen.add(name);
        try {
          return evaluate(init, members);
        } finally {
          seen.delete(name);
        }
      }
      const binding = info.imports.get(name);
      if (binding && binding.imported !== '*') return resolve(file, binding.source, [binding.imported, ...members].join('.'), depth + 1);
      if (binding && members.length > 0) return resolve(file, binding.source, members.join('.'), depth + 1);
      return undefined;
    };
    return identifier(local, path);
  };

  return (fromFile, source, imported) => {
    try {
      return resolve(fromFile.replaceAll('\\', '/'), source, imported, 0);
    } catch {
      return undefined;
    }
  };
}
