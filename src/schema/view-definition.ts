import { loadModule, parseSync } from 'libpg-query';

type Node = Record<string, unknown>;

/** Node kinds whose column references belong to an inner query level: PostgreSQL qualifies those on every version. */
const INNER_LEVELS = new Set(['SubLink', 'RangeSubselect', 'withClause', 'CommonTableExpr']);

/**
 * PostgreSQL 16 stopped qualifying column names in a view whose top query reads a single FROM item
 * (`SELECT id FROM app.t b` where 15 printed `SELECT b.id FROM app.t b`), because views lost their hidden OLD/NEW
 * range-table entries. To give the same snapshot on every server, definitions read from a server before 16 are
 * rewritten to the newer form: the qualifier is removed from top-level column references that name that one FROM item.
 * Anything the parser rejects or that does not look exactly as expected is returned unchanged.
 */
export async function unqualifySingleRelationView(definition: string): Promise<string> {
  await loadModule();
  let tree: { stmts?: { stmt?: Node }[] };
  try {
    tree = parseSync(definition) as typeof tree;
  } catch {
    return definition;
  }
  const select = tree.stmts?.[0]?.stmt?.SelectStmt as Node | undefined;
  if (!select || (select.op !== undefined && select.op !== 'SETOP_NONE')) return definition;
  const from = (select.fromClause as Node[] | undefined) ?? [];
  const alias = from.length === 1 && from[0] ? fromItemName(from[0]) : null;
  if (alias === null) return definition;

  const prefix = Buffer.from(`${quoteIdent(alias)}.`, 'utf8');
  const starts: number[] = [];
  collect(select, (ref) => {
    const fields = ref.fields as Node[] | undefined;
    const first = (fields?.[0]?.String as Node | undefined)?.sval;
    if (fields?.length === 2 && fields[1]?.String && first === alias && typeof ref.location === 'number') starts.push(ref.location);
  });
  const bytes = Buffer.from(definition, 'utf8');
  const pieces: Buffer[] = [];
  let at = 0;
  for (const start of starts.sort((a, b) => a - b)) {
    if (start < at || !bytes.subarray(start, start + prefix.length).equals(prefix)) return definition;
    pieces.push(bytes.subarray(at, start));
    at = start + prefix.length;
  }
  pieces.push(bytes.subarray(at));
  return Buffer.concat(pieces).toString('utf8');
}

function fromItemName(item: Node): string | null {
  const range = item.RangeVar as Node | undefined;
  if (range) return ((range.alias as Node | undefined)?.aliasname as string | undefined) ?? (range.relname as string);
  const fn = item.RangeFunction as Node | undefined;
  if (fn) return ((fn.alias as Node | undefined)?.aliasname as string | undefined) ?? null;
  const sub = item.RangeSubselect as Node | undefined;
  if (sub) return ((sub.alias as Node | undefined)?.aliasname as string | undefined) ?? null;
  return null;
}

function collect(node: unknown, onRef: (ref: Node) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) collect(child, onRef);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node as Node)) {
    if (INNER_LEVELS.has(key)) continue;
    if (key === 'ColumnRef') onRef(value as Node);
    else collect(value, onRef);
  }
}

function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
