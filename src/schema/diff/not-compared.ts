import type { SchemaSnapshot } from '../../types.js';
import { relationKey } from './keys.js';

/** Object kinds a `SchemaSnapshot` does not hold. */
export const NOT_COMPARED_KINDS = [
  'privileges (GRANT/REVOKE, default privileges)',
  'owners',
  'roles and memberships',
  'comments',
  'security labels',
  'publications and subscriptions',
  'event triggers',
  'rules',
  'collations',
  'casts',
  'operators and operator classes',
  'text search configurations',
  'foreign data wrappers, servers and user mappings',
  'column storage, statistics, compression and replica identity',
  'table inheritance (non-partition)',
  'table and index storage parameters, tablespaces',
  'view options (security_barrier, security_invoker, check option)',
  'materialized view data (populated or not)',
  'range and base types',
];

/** Everything the diff left out: kinds no snapshot holds, plus the objects of these two it skipped or could not build. */
export function notComparedObjects(from: SchemaSnapshot, to: SchemaSnapshot): string[] {
  const notCompared = [...NOT_COMPARED_KINDS];
  const aggregates = [...from.functions, ...to.functions].filter((f) => f.kind === 'aggregate').map((f) => `aggregate ${f.schema}.${f.name}(${f.args})`);
  notCompared.push(...[...new Set(aggregates)].sort());
  const internal = [...from.functions, ...to.functions].filter((f) => f.kind !== 'aggregate' && f.language === 'internal').map((f) => `internal function ${f.schema}.${f.name}(${f.args}) (range type constructor)`);
  notCompared.push(...[...new Set(internal)].sort());
  const foreign = [...from.relations, ...to.relations].filter((r) => r.kind === 'foreign-table').map((r) => `foreign table ${relationKey(r)}`);
  notCompared.push(...[...new Set(foreign)].sort());
  for (const [side, snapshot] of [['from', from], ['to', to]] as const) {
    if (snapshot.incomplete) notCompared.push(`objects the ${side} source could not build (${snapshot.problems.length} problem${snapshot.problems.length === 1 ? '' : 's'})`);
  }
  return notCompared;
}
