import { parseSync } from 'libpg-query';

const IDENT = String.raw`(?:"(?:[^"]|"")*"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)`;
const QUALIFIED = String.raw`${IDENT}(?:\s*\.\s*${IDENT})*`;
const MODIFIERS = String.raw`(?:\s*\((?:[^()]|\([^()]*\))*\))`;

/** Replaces the type name (with its modifiers) at a position with another text, if the name there is `type`. */
export function replaceNameAt(text: string, index: number, expected: string, replacement: string, needsCall: boolean): string | undefined {
  const re = new RegExp(`^(${QUALIFIED})${MODIFIERS}${needsCall ? '' : '?'}`);
  const match = re.exec(text.slice(index));
  if (!match) return undefined;
  const last = match[1]!.split('.').pop()!.trim().replace(/^"|"$/g, '').toLowerCase();
  const wanted = expected.split('.').pop()!.replace(/^"|"$/g, '').toLowerCase();
  if (last !== wanted) return undefined;
  return text.slice(0, index) + replacement + text.slice(index + match[0].length);
}

/**
 * The type a `type … does not exist` error names, without array brackets. PostgreSQL quotes it for columns and
 * return types (`type "vector" does not exist`) but not for function arguments (`type extensions.vector does not exist`).
 */
export function unknownTypeOf(message: string): string | undefined {
  const match = /^type (?:"(.+)"|(.+)) does not exist$/.exec(message);
  const name = match?.[1] ?? match?.[2];
  return name?.replace(/(?:\[\d*\])+$/, '');
}

export type TypeScope = 'all' | 'signatures';

/**
 * String indices of the type names in a statement that name `type` (as PostgreSQL prints it: `schema.name`, unquoted),
 * found by the parser: every type name (`all`), or only those in function signatures (`DROP FUNCTION f(vector)`).
 */
function typeNameIndices(sql: string, type: string, scope: TypeScope): number[] {
  let tree: unknown;
  try {
    tree = parseSync(sql);
  } catch {
    return [];
  }
  const offsets = new Set<number>();
  const visit = (node: unknown, inSignature: boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, inSignature);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (Array.isArray(record.names) && 'typemod' in record && typeof record.location === 'number' && (scope === 'all' || inSignature)) {
      const names = (record.names as { String?: { sval?: string } }[]).map((n) => n.String?.sval ?? '');
      if (names.join('.') === type) offsets.add(record.location);
    }
    for (const [key, value] of Object.entries(record)) visit(value, inSignature || key === 'ObjectWithArgs');
  };
  visit(tree, false);
  const bytes = Buffer.from(sql, 'utf8');
  return [...offsets].map((offset) => bytes.subarray(0, offset).toString('utf8').length).sort((a, b) => b - a);
}

/** The statement with every use of an unknown type (and its modifiers) replaced by `text`, or undefined if none was found. */
export function downgradeType(sql: string, type: string, scope: TypeScope, position: number | undefined): string | undefined {
  const found = typeNameIndices(sql, type, scope);
  const indices = found.length > 0 ? found : position !== undefined && scope === 'all' ? [position] : [];
  let result = sql;
  for (const index of indices) result = replaceNameAt(result, index, type, 'text', false) ?? result;
  return result === sql ? undefined : result;
}
