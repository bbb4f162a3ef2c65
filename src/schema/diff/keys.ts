import type { FunctionInfo, Relation } from '../../types.js';
import type { ObjectKind } from './model.js';

const RELATION_KIND: Record<Relation['kind'], ObjectKind> = {
  table: 'table',
  'partitioned-table': 'partitioned-table',
  'foreign-table': 'foreign-table',
  view: 'view',
  'materialized-view': 'materialized-view',
};

export function relationObjectKind(relation: Relation): ObjectKind {
  return RELATION_KIND[relation.kind];
}

export const relationKey = (r: { schema: string; name: string }) => `${r.schema}.${r.name}`;
/** The identity argument types of a function, without argument names: `uuid, integer`. */
export function argumentTypes(f: Pick<FunctionInfo, 'args' | 'argNames'>): string {
  if (!f.args.trim()) return '';
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of f.args) {
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  parts.push(current.trim());
  const names = new Set(f.argNames.filter(Boolean));
  return parts
    .map((part) => {
      const m = /^((?:IN|OUT|INOUT|VARIADIC)\s+)?("(?:[^"]|"")+"|[^\s"]+)\s+(.+)$/.exec(part);
      if (!m) return part;
      const name = m[2]!.startsWith('"') ? m[2]!.slice(1, -1).replace(/""/g, '"') : m[2]!;
      return names.has(name) ? `${m[1] ?? ''}${m[3]}` : part;
    })
    .join(', ');
}

export const functionKey = (f: FunctionInfo) => `${f.schema}.${f.name}(${argumentTypes(f)})`;
