import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/schema/diff.js';
import { generateMigration } from '../../src/schema/ddl.js';
import { diffJson, formatDiffJson } from '../../src/reporters/diff-json.js';
import { formatDiffMarkdown } from '../../src/reporters/diff-markdown.js';
import { formatDiffText } from '../../src/reporters/diff-text.js';
import { col, fk, pk, snapshot, table } from './build.js';

// Seed 000/001 in miniature: Railway lacks organizations; leads renamed clinic_name and made company NOT NULL.
const from = snapshot({
  relations: [
    table('leads', [col('id', 'integer', { nullable: false }), col('clinic_name', 'character varying(255)'), col('company', 'text'), col('lead_source', 'text')], { constraints: [pk('leads', ['id'])], rows: 5003 }),
    table('users', [col('id', 'integer', { nullable: false })], { constraints: [pk('users', ['id'])], rows: 15 }),
  ],
});
const to = snapshot({
  relations: [
    table('leads', [col('id', 'integer', { nullable: false }), col('company', 'text', { nullable: false }), col('source', 'character varying(50)')], { constraints: [pk('leads', ['id'])], rows: 5008 }),
    table('organizations', [col('id', 'integer', { nullable: false }), col('owner_id', 'integer')], { constraints: [pk('organizations', ['id']), fk('organizations_owner_id_fkey', ['owner_id'], 'users', ['id'])], rows: 8 }),
    table('users', [col('id', 'integer', { nullable: false })], { constraints: [pk('users', ['id'])], rows: 28 }),
  ],
});
const diff = diffSnapshots(from, to);

describe('diff reporters', () => {
  it('text: a tree with symbols, row counts side by side, no colour unless asked', () => {
    expect(formatDiffText(diff, { fromLabel: 'railway', toLabel: 'local' })).toBe(
      [
        'railway → local',
        '',
        '~ table leads (rows: 5003 → 5008)',
        '  - column clinic_name character varying(255)',
        '  - column lead_source text',
        '  ~ column company: nullable → not null',
        '  + column source character varying(50)',
        '+ table organizations (2 columns) (rows: – → 8)',
        '',
        '5 differences: 2 added, 2 removed, 1 changed.',
        `Not compared: ${diff.notCompared.join('; ')}.`,
        '',
      ].join('\n'),
    );
    expect(formatDiffText(diff, { color: true })).toContain('\u001b[');
    expect(formatDiffText(diff)).not.toContain('\u001b[');
  });

  it('json: exactly changes, summary and notCompared', () => {
    const json = JSON.parse(formatDiffJson(diff));
    expect(Object.keys(json)).toEqual(['changes', 'summary', 'notCompared']);
    expect(json).toEqual(JSON.parse(JSON.stringify(diffJson(diff))));
    expect(json.changes[0]).toEqual({
      objectKind: 'table',
      schema: 'public',
      name: 'organizations',
      change: 'added',
      details: { kind: 'table', columns: [{ name: 'id', type: 'integer', nullable: false }, { name: 'owner_id', type: 'integer', nullable: true }], rows: 8 },
    });
    expect(json.summary.rows).toEqual({ 'public.leads': [5003, 5008], 'public.organizations': [null, 8], 'public.users': [15, 28] });
  });

  it('markdown: summary table, sections per kind, mermaid diagram of one-sided tables, migration and not-compared list', () => {
    const md = formatDiffMarkdown(diff, { fromLabel: 'railway', toLabel: 'local', from, to, migration: generateMigration(diff, from, to) });
    expect(md).toContain(['| Kind | Added | Removed | Changed | Possible renames |', '|---|---:|---:|---:|---:|', '| table | 1 | 0 | 0 | 0 |', '| column | 1 | 2 | 1 | 0 |'].join('\n'));
    expect(md).toContain(['## Row counts', '', '| Table | railway | local |', '|---|---:|---:|', '| `public.leads` | 5003 | 5008 |', '| `public.organizations` | – | 8 |', '| `public.users` | 15 | 28 |'].join('\n'));
    expect(md).toContain('| `leads` | column `company` | changed | nullable → not null |');
    expect(md).toContain(
      ['```mermaid', 'erDiagram', '  organizations {', '    integer id PK', '    integer owner_id FK', '  }', '  users ||--o{ organizations : "owner_id"', '```'].join('\n'),
    );
    expect(md).toContain('3 destructive statements (3 commented out).');
    expect(md).toContain('## Not compared\n\n- privileges (GRANT/REVOKE, default privileges)\n');
  });

  it('migration: dependency order, hazards, destructive statements commented out unless allowed', () => {
    const m = generateMigration(diff, from, to);
    expect(m.statements.map((s) => [s.sql, s.hazards, s.destructive, s.included])).toEqual([
      ['SET check_function_bodies = false;', [], false, true],
      ['CREATE TABLE public.organizations (\n  id integer NOT NULL,\n  owner_id integer\n);', [], false, true],
      ['ALTER TABLE public.leads DROP COLUMN clinic_name;', ['data loss', 'ACCESS EXCLUSIVE lock'], true, false],
      ['ALTER TABLE public.leads DROP COLUMN lead_source;', ['data loss', 'ACCESS EXCLUSIVE lock'], true, false],
      ['ALTER TABLE public.leads ALTER COLUMN company SET NOT NULL;', ['ACCESS EXCLUSIVE lock', 'scans the table to validate existing rows', 'fails if existing rows do not satisfy it'], true, false],
      ['ALTER TABLE public.leads ADD COLUMN source character varying(50);', [], false, true],
      ['ALTER TABLE public.organizations ADD CONSTRAINT organizations_pkey PRIMARY KEY (id);', [], false, true],
      ['ALTER TABLE public.organizations ADD CONSTRAINT organizations_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.users(id);', [], false, true],
    ]);
    expect(m.destructiveCount).toBe(3);
    expect(m.sql).toContain('-- WARNING destructive: drops column public.leads.clinic_name\n-- ALTER TABLE public.leads DROP COLUMN clinic_name;');
    const allowed = generateMigration(diff, from, to, { allowDestructive: true });
    expect(allowed.sql).toContain('-- destructive: drops column public.leads.clinic_name\nALTER TABLE public.leads DROP COLUMN clinic_name;');
  });
});
