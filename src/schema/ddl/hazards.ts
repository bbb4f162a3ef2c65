export const HAZARD = {
  accessExclusive: 'ACCESS EXCLUSIVE lock',
  dataLoss: 'data loss',
  indexBuild: 'index build blocks writes (use CONCURRENTLY outside a transaction)',
  rewrite: 'table rewrite',
  validation: 'scans the table to validate existing rows',
  notNullNoDefault: 'fails if the table has rows (NOT NULL without a default)',
  mayFail: 'fails if existing rows do not satisfy it',
  enumValue: 'new enum values cannot be used in the same transaction',
  dependents: 'dependent objects are dropped and recreated',
} as const;

const INTEGER_RANK: Record<string, number> = { smallint: 1, integer: 2, bigint: 3 };

/** True when every value of type `from` converts to `to` without loss or failure (a widening). */
export function isWideningTypeChange(from: string, to: string): boolean {
  if (from === to) return true;
  if (to === 'text' || to === 'character varying') return !from.endsWith('[]') || to === 'text';
  const varchar = (t: string) => /^character varying\((\d+)\)$/.exec(t)?.[1];
  const char = (t: string) => /^character\((\d+)\)$/.exec(t)?.[1];
  const vf = varchar(from) ?? char(from);
  const vt = varchar(to);
  if (vf && vt) return Number(vt) >= Number(vf);
  const rf = INTEGER_RANK[from];
  const rt = INTEGER_RANK[to];
  if (rf && rt) return rt >= rf;
  if (rf && to === 'numeric') return true;
  if (from === 'real' && to === 'double precision') return true;
  const numeric = (t: string) => /^numeric\((\d+),(\d+)\)$/.exec(t);
  const nf = numeric(from);
  if (nf && to === 'numeric') return true;
  const nt = numeric(to);
  if (nf && nt) return Number(nt[2]) >= Number(nf[2]) && Number(nt[1]) - Number(nt[2]) >= Number(nf[1]) - Number(nf[2]);
  if (from === 'timestamp without time zone' && to === 'timestamp with time zone') return true;
  if (from === 'json' && to === 'jsonb') return true;
  return false;
}
