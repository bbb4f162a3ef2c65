import type { Node as TsNode } from 'web-tree-sitter';

/** A tree-sitter syntax node. web-tree-sitter parses JS strings as UTF-16: `startIndex`/`endIndex` are UTF-16 indices. */
export type PyNode = TsNode;

/** Named children without nulls. */
export function named(node: PyNode): PyNode[] {
  return node.namedChildren.filter((c): c is PyNode => c !== null);
}

/** Visits every node in source order; `enter` returning `false` skips the node's children. */
export function walk(root: PyNode, enter: (node: PyNode) => boolean | void): void {
  const stack: PyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (enter(node) === false) continue;
    const kids = named(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}

/** `a.b.c` for identifiers and attribute chains; undefined for anything else (calls, subscripts). */
export function dottedName(node: PyNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = dottedName(node.childForFieldName('object'));
    const attribute = node.childForFieldName('attribute');
    return object && attribute ? `${object}.${attribute.text}` : undefined;
  }
  return undefined;
}

/** The last segment of a callee: `Column` for `sa.Column`, `filter_by` for `session.query(U).filter_by`. */
export function lastName(node: PyNode | null | undefined): string | undefined {
  if (node?.type === 'attribute') return node.childForFieldName('attribute')?.text;
  return node?.type === 'identifier' ? node.text : undefined;
}

export interface CallArgs {
  positional: PyNode[];
  keywords: Map<string, PyNode>;
  keywordNames: Map<string, PyNode>;
  /** `*args` / `**kwargs` present: the argument list is not fully static. */
  hasSplat: boolean;
}

export function callArgs(call: PyNode): CallArgs {
  return argumentList(call.childForFieldName('arguments'));
}

/** The arguments of an argument list (a call's, or a class's superclasses). */
export function argumentList(list: PyNode | null | undefined): CallArgs {
  const result: CallArgs = { positional: [], keywords: new Map(), keywordNames: new Map(), hasSplat: false };
  if (!list) return result;
  if (list.type !== 'argument_list') {
    result.positional.push(list); // generator expression argument
    return result;
  }
  for (const arg of named(list)) {
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name');
      const value = arg.childForFieldName('value');
      if (name && value) {
        result.keywords.set(name.text, value);
        result.keywordNames.set(name.text, name);
      }
    } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') result.hasSplat = true;
    else if (arg.type !== 'comment') result.positional.push(arg);
  }
  return result;
}

/** Python truthiness of a literal: `True`/`False`, otherwise undefined. */
export function booleanLiteral(node: PyNode | undefined): boolean | undefined {
  if (node?.type === 'true') return true;
  if (node?.type === 'false') return false;
  return undefined;
}
