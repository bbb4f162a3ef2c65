import type { Change, DiffResult } from '../schema/diff.js';
import type { Migration } from '../schema/ddl.js';
import type { Relation, SchemaSnapshot } from '../types.js';
import { describeField, displayName, kindLabel } from './diff-text.js';

export interface DiffMarkdownOptions {
  fromLabel?: string;
  toLabel?: string;
  /** The snapshots, for the diagram of tables only on one side (columns and foreign keys). */
  from?: SchemaSnapshot;
  to?: SchemaSnapshot;
  /** When given, the migration is appended in a collapsed block. */
  migration?: Migration;
}

const SECTIONS: { title: string; kinds: string[] }[] = [
  { title: 'Tables', kinds: ['table', 'partitioned-table', 'foreign-table'] },
  { title: 'Columns', kinds: ['column'] },
  { title: 'Constraints', kinds: ['constraint'] },
  { title: 'Indexes', kinds: ['index'] },
  { title: 'Views', kinds: ['view', 'materialized-view'] },
  { title: 'Types', kinds: ['enum', 'domain', 'composite-type'] },
  { title: 'Sequences', kinds: ['sequence'] },
  { title: 'Functions and procedures', kinds: ['function', 'procedure'] },
  { title: 'Triggers', kinds: ['trigger'] },
  { title: 'Row level security and policies', kinds: ['rls', 'policy'] },
  { title: 'Schemas and extensions', kinds: ['schema', 'extension'] },
];

const code = (text: string) => `\`${text.replace(/`/g, 'ˋ')}\``;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const CHANGE_WORD: Record<Change['change'], string> = { added: 'added', removed: 'removed', changed: 'changed', 'renamed?': 'possible rename' };

function detailText(c: Change, from: string, to: string): string {
  switch (c.change) {
    case 'added':
      return c.objectKind === 'column' ? `${code(`${c.details.type as string}${c.details.nullable === false ? ' not null' : ''}`)} only in ${to}` : `only in ${to}`;
    case 'removed':
      return c.objectKind === 'column' ? `${code(`${c.details.type as string}${c.details.nullable === false ? ' not null' : ''}`)} only in ${from}` : `only in ${from}`;
    case 'renamed?':
      return `${code(c.details.from as string)} in ${from} → ${code(c.name)} in ${to}: same ${c.objectKind === 'column' ? `type ${code(c.details.type as string)}` : 'columns'}${
        c.details.fields ? `; ${Object.entries(c.details.fields).map(([f, v]) => describeField(f, v)).join(', ')}` : ''
      }`;
    case 'changed':
      return Object.entries(c.details.fields ?? {})
        .map(([f, v]) => describeField(f, v))
        .join('; ');
  }
}

function mermaidType(type: string): string {
  return type.replace(/\[\]$/, '_array').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'unknown';
}

function mermaidName(r: { schema: string; name: string }): string {
  return displayName(r.schema, r.name).replace(/[^A-Za-z0-9_]/g, '_');
}

/** A mermaid erDiagram of the tables only on one side, their columns and the foreign keys that touch them. */
export function oneSidedDiagram(diff: DiffResult, from?: SchemaSnapshot, to?: SchemaSnapshot): string | undefined {
  const picked: { r: Relation; side: 'from' | 'to' }[] = [];
  for (const c of diff.changes) {
    if (!['table', 'partitioned-table', 'foreign-table'].includes(c.objectKind) || (c.change !== 'added' && c.change !== 'removed')) continue;
    const snapshot = c.change === 'added' ? to : from;
    const r = snapshot?.relations.find((x) => x.schema === c.schema && x.name === c.name);
    if (r) picked.push({ r, side: c.change === 'added' ? 'to' : 'from' });
  }
  if (picked.length === 0) return undefined;
  const lines = ['```mermaid', 'erDiagram'];
  const edges = new Set<string>();
  for (const { r } of picked) {
    const pk = new Set(r.constraints.filter((c) => c.type === 'primary-key').flatMap((c) => c.columns));
    const fk = new Set(r.constraints.filter((c) => c.type === 'foreign-key').flatMap((c) => c.columns));
    lines.push(`  ${mermaidName(r)} {`);
    for (const col of r.columns) {
      const keys = [pk.has(col.name) ? 'PK' : '', fk.has(col.name) ? 'FK' : ''].filter(Boolean).join(',');
      lines.push(`    ${mermaidType(col.type)} ${col.name.replace(/[^A-Za-z0-9_]/g, '_')}${keys ? ` ${keys}` : ''}`);
    }
    lines.push('  }');
  }
  const sides = new Map(picked.map(({ r, side }) => [`${r.schema}.${r.name}`, side]));
  for (const snapshot of [from, to]) {
    for (const r of snapshot?.relations ?? []) {
      for (const c of r.constraints) {
        if (c.type !== 'foreign-key' || !c.references) continue;
        const source = `${r.schema}.${r.name}`;
        const target = `${c.references.schema}.${c.references.name}`;
        const side = snapshot === from ? 'from' : 'to';
        if (sides.get(source) !== side && sides.get(target) !== side) continue;
        const optional = c.columns.some((name) => r.columns.find((x) => x.name === name)?.nullable);
        edges.add(`  ${mermaidName(c.references)} ||--o{ ${mermaidName(r)} : "${c.columns.join(', ')}${optional ? '' : ''}"`);
      }
    }
  }
  lines.push(...[...edges].sort(), '```');
  return lines.join('\n');
}

/** A report a team would paste in a PR or wiki: counts per kind, then the changes per object kind. */
export function formatDiffMarkdown(diff: DiffResult, options: DiffMarkdownOptions = {}): string {
  const from = options.fromLabel ?? 'from';
  const to = options.toLabel ?? 'to';
  const out: string[] = [`# Schema diff: ${code(from)} → ${code(to)}`, ''];
  const s = diff.summary;
  if (s.identical) out.push('No differences in the compared object kinds.', '');
  else {
    out.push(
      `${diff.changes.length} difference${diff.changes.length === 1 ? '' : 's'}: ${s.added} only in ${code(to)} (added), ${s.removed} only in ${code(from)} (removed), ${s.changed} changed${
        s.renamed > 0 ? `, ${s.renamed} possible rename${s.renamed === 1 ? '' : 's'}` : ''
      }.`,
      '',
      '| Kind | Added | Removed | Changed | Possible renames |',
      '|---|---:|---:|---:|---:|',
    );
    for (const [kind, n] of Object.entries(s.byKind)) out.push(`| ${kindLabel(kind)} | ${n.added} | ${n.removed} | ${n.changed} | ${n.renamed} |`);
    out.push('');
  }
  if (s.rows && Object.keys(s.rows).length > 0) {
    out.push('## Row counts', '', `| Table | ${cell(from)} | ${cell(to)} |`, '|---|---:|---:|');
    for (const [table, [a, b]] of Object.entries(s.rows)) out.push(`| ${code(table)} | ${a ?? '–'} | ${b ?? '–'} |`);
    out.push('');
  }
  for (const section of SECTIONS) {
    const changes = diff.changes.filter((c) => section.kinds.includes(c.objectKind));
    if (changes.length === 0) continue;
    out.push(`## ${section.title}`, '');
    const onTable = changes.some((c) => c.details.table);
    out.push(onTable ? '| Table | Name | Change | Details |' : '| Name | Kind | Change | Details |', onTable ? '|---|---|---|---|' : '|---|---|---|---|');
    for (const c of changes) {
      const name = code(c.details.table && c.objectKind !== 'rls' ? c.name : displayName(c.schema, c.name));
      const detail = cell(detailText(c, from, to));
      if (onTable) out.push(`| ${c.details.table ? code(displayName(c.schema, c.details.table)) : ''} | ${c.objectKind === 'rls' ? 'row level security' : `${kindLabel(c.objectKind)} ${name}`} | ${CHANGE_WORD[c.change]} | ${detail} |`);
      else out.push(`| ${name} | ${kindLabel(c.objectKind)} | ${CHANGE_WORD[c.change]} | ${detail} |`);
    }
    out.push('');
  }
  const diagram = oneSidedDiagram(diff, options.from, options.to);
  if (diagram) {
    const side = (change: Change['change']) =>
      diff.changes
        .filter((c) => ['table', 'partitioned-table'].includes(c.objectKind) && c.change === change)
        .map((c) => code(displayName(c.schema, c.name)))
        .join(', ');
    const lines = [side('added') && `Only in ${code(to)}: ${side('added')}.`, side('removed') && `Only in ${code(from)}: ${side('removed')}.`].filter(Boolean);
    out.push('## Tables only on one side', '', lines.join(' '), '', diagram, '');
  }
  if (options.migration && options.migration.statements.length > 0) {
    const m = options.migration;
    out.push('## Migration', '');
    if (m.destructiveCount > 0) out.push(`${m.destructiveCount} destructive statement${m.destructiveCount === 1 ? '' : 's'}${m.skippedCount > 0 ? ` (${m.skippedCount} commented out)` : ''}.`, '');
    out.push('<details><summary>SQL</summary>', '', '```sql', m.sql.trimEnd(), '```', '', '</details>', '');
  }
  if (diff.notCompared.length > 0) out.push('## Not compared', '', ...diff.notCompared.map((k) => `- ${k}`), '');
  return out.join('\n');
}
