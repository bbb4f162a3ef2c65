import invalidEnumValue from '../../rules/checks/invalid-enum-value.js';
import missingColumn from '../../rules/checks/missing-column.js';
import missingRelation from '../../rules/checks/missing-relation.js';
import orphanedTable from '../../rules/checks/orphaned-table.js';
import unusedModel from '../../rules/checks/unused-model.js';
import { ruleInfos } from '../../src/reporters/index.js';
import type { CheckResult } from '../../src/reporters/types.js';
import type { Finding, Location } from '../../src/types.js';

const loc = (file: string, line: number, column: number, endColumn = column + 10): Location => ({
  file, line, column, endLine: line, endColumn,
});

/** One fixed list of findings, covering every shape a reporter must handle, for the committed expected files. */
export const findings: Finding[] = [
  {
    ruleId: 'missing-relation', messageId: 'relationNotFound', severity: 'error',
    message: 'Relation "public.organization_membership" does not exist.',
    help: 'did you mean `organization_memberships`?',
    location: loc('app/api/orgs/[id]/route.ts', 12, 18, 43),
    relation: { schema: null, name: 'organization_membership' },
    fingerprint: '0f3a9c1e5b7d2a4c6e8f0a1b3c5d7e9f',
  },
  {
    ruleId: 'unused-model', messageId: 'unused', severity: 'info',
    message: 'Model "LegacyLog" (relation "public.legacy_logs") is declared but never queried.',
    help: 'remove the model and drop the table if it is obsolete, or add `public.legacy_logs` to `ignoreRelations`',
    location: loc('app/models with space.py', 40, 1, 30),
    relation: { schema: 'public', name: 'legacy_logs' },
    fingerprint: '3c4d5e6f708192a3b4c5d6e7f8091a2b',
  },
  {
    ruleId: 'missing-column', messageId: 'columnNotFound', severity: 'error',
    message: 'Column "clinic_name" does not exist on relation "public.leads".',
    help: '`clinic_name` looks renamed: did you mean `company`?',
    location: loc('src/routes/leads.js', 42, 9, 20),
    relation: { schema: 'public', name: 'leads' }, column: 'clinic_name',
    fingerprint: '1a2b3c4d5e6f708192a3b4c5d6e7f809',
  },
  {
    ruleId: 'invalid-enum-value', messageId: 'invalidValue', severity: 'warn',
    message: 'Value "50%: a, b | <c>" is not a member of enum "public.lead_status" (column "status" of "public.leads").',
    help: 'allowed values: `new`, `won`, `lost`',
    location: { file: 'src/routes/leads.js', line: 57, column: 30, endLine: 58, endColumn: 4 },
    relation: { schema: 'public', name: 'leads' }, column: 'status',
    fingerprint: '2b3c4d5e6f708192a3b4c5d6e7f8091a',
  },
  {
    ruleId: 'orphaned-table', messageId: 'orphaned', severity: 'warn',
    message: 'Table "public.old_reports" is not used by any code or model.',
    help: 'drop it in a migration if it is obsolete, or add `public.old_reports` to `ignoreRelations` if something outside this repository uses it',
    relation: { schema: 'public', name: 'old_reports' },
    fingerprint: '4d5e6f708192a3b4c5d6e7f8091a2b3c',
  },
];

export const result: CheckResult = {
  findings,
  summary: { errors: 2, warnings: 2, infos: 1, references: 57, unchecked: 3, files: 9 },
  schema: { source: 'supabase/migrations', incomplete: false },
};

export const rules = ruleInfos([invalidEnumValue, missingColumn, missingRelation, orphanedTable, unusedModel]);
