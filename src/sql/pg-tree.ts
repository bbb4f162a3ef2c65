import type { QualifiedName } from '../types.js';

// libpg-query's JSON tree: every node is `{ TypeName: body }`, lists are arrays of such nodes.
export type Json = any;

/** A FROM item in scope: a real relation, or something whose columns are not table columns (CTE, subquery). */
export interface Source {
  /** The name the query uses for it: the alias, else the relation name. */
  name: string;
  relation?: QualifiedName;
  dynamic?: boolean;
  /** Output columns of a derived source when known; `null` when unknown (`SELECT *`). */
  columns?: Set<string> | null;
}

export interface Scope {
  sources: Source[];
  parent: Scope | undefined;
  ctes: Map<string, Set<string> | null> | undefined;
  /** Output column aliases, visible to ORDER BY / GROUP BY. */
  outputs?: Set<string>;
}

export function nodeType(node: Json): string | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  return keys.length === 1 && /^[A-Z]/.test(keys[0]!) ? keys[0] : undefined;
}

export function str(node: Json): string | undefined {
  return node?.String?.sval;
}

export function scopeOf(parent: Scope | undefined): Scope {
  return { sources: [], parent, ctes: undefined };
}
