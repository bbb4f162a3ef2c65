import pc from 'picocolors';
import type { Change, DiffResult, FieldChange } from '../schema/diff.js';

export interface DiffTextOptions {
  color?: boolean;
  /** Shown in the header line: `from → to`. */
  fromLabel?: string;
  toLabel?: string;
}

const SYMBOL: Record<Change['change'], string> = { added: '+', removed: '-', changed: '~', 'renamed?': '?' };

/** `public` objects are shown by name alone; others schema-qualified. */
export function displayName(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}

const KIND_LABEL: Record<string, string> = {
  'materialized-view': 'materialized view',
  'partitioned-table': 'partitioned table',
  'foreign-table': 'foreign table',
  'composite-type': 'type',
  rls: 'row level security',
};
export const kindLabel = (kind: string) => KIND_LABEL[kind] ?? kind;

const show = (value: unknown): string => {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
};

/** One field change as words: `nullable → not null`, `type character varying(255) → text`. */
export function describeField(field: string, change: FieldChange): string {
  const { from, to } = change;
  switch (field) {
    case 'nullable':
      return `${from ? 'nullable' : 'not null'} → ${to ? 'nullable' : 'not null'}`;
    case 'enabled':
    case 'forced':
    case 'securityDefiner':
    case 'permissive':
    case 'cycle':
      return `${field} ${from ? 'yes' : 'no'} → ${to ? 'yes' : 'no'}`;
    case 'body':
      return 'body changed';
    case 'attributes':
      return typeof from === 'string' ? 'attributes changed' : `attributes ${show(from)} → ${show(to)}`;
    case 'definition':
      return 'definition changed';
    case 'values': {
      const a = from as string[];
      const b = to as string[];
      const added = b.filter((v) => !a.includes(v)).map((v) => `+'${v}'`);
      const removed = a.filter((v) => !b.includes(v)).map((v) => `-'${v}'`);
      const parts = [...added, ...removed];
      const common = (xs: string[], ys: string[]) => xs.filter((v) => ys.includes(v)).join();
      if (common(a, b) !== common(b, a)) parts.push('reordered');
      return `values ${parts.join(' ')}`;
    }
    default:
      return `${field} ${show(from)} → ${show(to)}`;
  }
}

/** A one-line description of a change, without its symbol: `column company: nullable → not null`. */
export function describeChange(c: Change, withTable = false): string {
  const label = kindLabel(c.objectKind);
  const onTable = withTable && c.details.table ? ` on ${displayName(c.schema, c.details.table)}` : '';
  const name = c.details.table ? c.name : displayName(c.schema, c.name);
  if (c.objectKind === 'rls') return `${label}${withTable ? ` on ${displayName(c.schema, c.name)}` : ''}: ${Object.entries(c.details.fields ?? {}).map(([f, v]) => describeField(f, v)).join(', ')}`;
  switch (c.change) {
    case 'added':
    case 'removed': {
      const extra =
        c.objectKind === 'column'
          ? ` ${c.details.type as string}${c.details.nullable === false ? ' not null' : ''}${c.details.default != null ? ` default ${c.details.default as string}` : ''}`
          : c.objectKind === 'enum'
            ? ` (${(c.details.values as string[]).map((v) => `'${v}'`).join(', ')})`
            : '';
      return `${label} ${name}${onTable}${extra}`;
    }
    case 'renamed?': {
      const more = c.details.fields ? `; ${Object.entries(c.details.fields).map(([f, v]) => describeField(f, v)).join(', ')}` : '';
      return `${label} ${c.details.from as string} → ${c.name}${onTable} (possible rename${c.objectKind === 'column' ? `, same type ${c.details.type as string}` : ', same columns'}${more})`;
    }
    case 'changed':
      return `${label} ${name}${onTable}: ${Object.entries(c.details.fields ?? {}).map(([f, v]) => describeField(f, v)).join(', ')}`;
  }
}

const RELATION_KINDS = new Set(['table', 'view', 'materialized-view', 'partitioned-table', 'foreign-table']);

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A tree: relations with their columns, constraints, indexes, triggers and policies indented below them. */
export function formatDiffText(diff: DiffResult, options: DiffTextOptions = {}): string {
  const c = pc.createColors(options.color ?? false);
  const paint = (change: Change['change'], text: string) =>
    change === 'added' ? c.green(text) : change === 'removed' ? c.red(text) : change === 'changed' ? c.yellow(text) : c.cyan(text);
  const lines: string[] = [];
  if (options.fromLabel || options.toLabel) lines.push(c.bold(`${options.fromLabel ?? 'from'} → ${options.toLabel ?? 'to'}`), '');
  const rows = diff.summary.rows ?? {};
  const rowNote = (schema: string, name: string) => {
    const r = rows[`${schema}.${name}`];
    return r ? c.dim(` (rows: ${r[0] ?? '–'} → ${r[1] ?? '–'})`) : '';
  };

  // Sub-objects grouped under their relation; a relation without a change of its own gets a `~` header line.
  const children = new Map<string, Change[]>();
  for (const ch of diff.changes) {
    if (!ch.details.table || ch.objectKind === 'rls') continue;
    const key = `${ch.schema}.${ch.details.table}`;
    children.set(key, [...(children.get(key) ?? []), ch]);
  }
  // Types and sequences first, then each relation with its parts, then functions and the rest (dependency order).
  const early = new Set(['extension', 'schema', 'enum', 'domain', 'composite-type', 'sequence']);
  const rank = (ch: Change) => (early.has(ch.objectKind) ? 0 : ch.details.table || RELATION_KINDS.has(ch.objectKind) ? 1 : 2);
  const relationName = (ch: Change) => (ch.details.table ?? ch.name);
  const ordered = diff.changes
    .map((ch, i) => ({ ch, i }))
    .sort((x, y) => rank(x.ch) - rank(y.ch) || (rank(x.ch) === 1 ? `${x.ch.schema}.${relationName(x.ch)}`.localeCompare(`${y.ch.schema}.${relationName(y.ch)}`) : 0) || x.i - y.i)
    .map(({ ch }) => ch);
  const printed = new Set<string>();
  const printChildren = (key: string) => {
    for (const ch of children.get(key) ?? []) lines.push(`  ${paint(ch.change, `${SYMBOL[ch.change]} ${describeChange(ch)}`)}`);
  };
  for (const ch of ordered) {
    if (ch.details.table && ch.objectKind !== 'rls') {
      const key = `${ch.schema}.${ch.details.table}`;
      if (printed.has(key)) continue;
      printed.add(key);
      lines.push(paint('changed', `~ table ${displayName(ch.schema, ch.details.table)}`) + rowNote(ch.schema, ch.details.table));
      printChildren(key);
      continue;
    }
    if (ch.objectKind === 'rls') {
      lines.push(paint(ch.change, `~ ${describeChange(ch, true)}`));
      continue;
    }
    const isRelation = RELATION_KINDS.has(ch.objectKind);
    const key = `${ch.schema}.${ch.name}`;
    let line = paint(ch.change, `${SYMBOL[ch.change]} ${describeChange(ch)}`);
    if (isRelation && (ch.change === 'added' || ch.change === 'removed')) {
      const columns = (ch.details.columns as unknown[] | undefined)?.length ?? 0;
      line += c.dim(` (${plural(columns, 'column')})`);
    }
    if (isRelation) line += rowNote(ch.schema, ch.name);
    lines.push(line);
    if (isRelation && !printed.has(key)) {
      printed.add(key);
      printChildren(key);
    }
  }
  const s = diff.summary;
  lines.push('');
  if (s.identical) lines.push('No differences in the compared object kinds.');
  else {
    const parts = [`${s.added} added`, `${s.removed} removed`, `${s.changed} changed`];
    if (s.renamed > 0) parts.push(plural(s.renamed, 'possible rename'));
    lines.push(`${plural(diff.changes.length, 'difference')}: ${parts.join(', ')}.`);
  }
  if (diff.notCompared.length > 0) lines.push(c.dim(`Not compared: ${diff.notCompared.join('; ')}.`));
  return `${lines.join('\n')}\n`;
}
