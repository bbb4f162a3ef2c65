import type { JsContext, Node } from '../../../src/extractor.js';

/** What a name used at some place is bound to, looked up through the enclosing blocks and functions. */
export type Binding =
  /** `const`/`let`/`var` with an initialiser. */
  | { kind: 'variable'; init: Node }
  /** A function parameter: its default value and its TypeScript type, when written. */
  | { kind: 'parameter'; defaultValue?: Node; type?: Node }
  /** Declared, but with nothing this file can read (`let x;`, a destructured variable, a class or function). */
  | { kind: 'other' };

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const BLOCKS = new Set(['BlockStatement', 'Program', 'StaticBlock']);

function declaredInStatement(statement: Node, name: string): Binding | undefined {
  const s = statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement;
  if (!s) return undefined;
  if (s.type === 'VariableDeclaration') {
    for (const d of s.declarations as Node[]) {
      if (d.id.type === 'Identifier') {
        if (d.id.name === name) return d.init ? { kind: 'variable', init: d.init } : { kind: 'other' };
      } else if (patternNames(d.id).includes(name)) return { kind: 'other' };
    }
    return undefined;
  }
  if ((s.type === 'FunctionDeclaration' || s.type === 'ClassDeclaration') && s.id?.name === name) return { kind: 'other' };
  return undefined;
}

function patternNames(pattern: Node | null | undefined): string[] {
  if (!pattern) return [];
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'AssignmentPattern':
      return patternNames(pattern.left);
    case 'RestElement':
      return patternNames(pattern.argument);
    case 'ArrayPattern':
      return (pattern.elements as (Node | null)[]).flatMap(patternNames);
    case 'ObjectPattern':
      return (pattern.properties as Node[]).flatMap((p) => patternNames(p.type === 'Property' ? p.value : p));
    case 'TSParameterProperty':
      return patternNames(pattern.parameter);
    default:
      return [];
  }
}

/** A parameter pattern that binds `name`: its default and type (`{ where = Prisma.empty }`, `where: Prisma.Sql`). */
function parameterBinding(param: Node, name: string): Binding | undefined {
  let p = param.type === 'TSParameterProperty' ? param.parameter : param;
  if (p.type === 'AssignmentPattern' && p.left.type !== 'Identifier') p = p.left; // `{ a = 1 } = {}`
  if (p.type === 'Identifier') return p.name === name ? { kind: 'parameter', ...(p.typeAnnotation ? { type: p.typeAnnotation.typeAnnotation } : {}) } : undefined;
  if (p.type === 'AssignmentPattern' && p.left.type === 'Identifier') {
    if (p.left.name !== name) return undefined;
    return { kind: 'parameter', defaultValue: p.right, ...(p.left.typeAnnotation ? { type: p.left.typeAnnotation.typeAnnotation } : {}) };
  }
  if (p.type === 'ObjectPattern') {
    for (const prop of p.properties as Node[]) {
      if (prop.type !== 'Property') continue;
      const v = prop.value;
      if (v.type === 'Identifier' && v.name === name) return { kind: 'parameter' };
      if (v.type === 'AssignmentPattern' && v.left.type === 'Identifier' && v.left.name === name) return { kind: 'parameter', defaultValue: v.right };
      if (patternNames(v).includes(name)) return { kind: 'other' };
    }
    return undefined;
  }
  return patternNames(p).includes(name) ? { kind: 'other' } : undefined;
}

/**
 * The binding of identifier `node` where it is used: the nearest enclosing block or function that declares the name
 * (so a `where` declared in two functions of one file is told apart). Undefined when nothing in the file declares it.
 */
export function bindingOf(ctx: JsContext, node: Node): Binding | undefined {
  const name = node.name as string;
  let child = node;
  for (let parent = ctx.parentOf(node); parent; child = parent, parent = ctx.parentOf(parent)) {
    if (BLOCKS.has(parent.type)) {
      for (const statement of parent.body as Node[]) {
        const found = declaredInStatement(statement, name);
        if (found) return found;
      }
    } else if (FUNCTIONS.has(parent.type)) {
      for (const param of parent.params as Node[]) {
        const found = parameterBinding(param, name);
        if (found) return found;
      }
      if (parent.type === 'FunctionExpression' && parent.id?.name === name) return { kind: 'other' };
    } else if ((parent.type === 'ForOfStatement' || parent.type === 'ForInStatement' || parent.type === 'ForStatement') && child !== parent.init) {
      const head = parent.type === 'ForStatement' ? parent.init : parent.left;
      if (head?.type === 'VariableDeclaration' && (head.declarations as Node[]).some((d) => patternNames(d.id).includes(name)))
        return parent.type === 'ForStatement' ? declaredInStatement(head, name) : { kind: 'other' };
    } else if (parent.type === 'CatchClause' && patternNames(parent.param).includes(name)) return { kind: 'other' };
  }
  return undefined;
}

/** Whether a TypeScript type names Prisma's SQL fragment type (`Prisma.Sql`, or `Sql` imported from Prisma). */
export function isSqlFragmentType(type: Node | undefined): boolean {
  if (type?.type !== 'TSTypeReference') return false;
  const name = type.typeName;
  if (name.type === 'TSQualifiedName') return name.right.name === 'Sql' && name.left.type === 'Identifier' && name.left.name === 'Prisma';
  return name.type === 'Identifier' && name.name === 'Sql';
}
