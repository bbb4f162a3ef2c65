import type { AuditResult } from '../audit/map.js';
import { SchemaIndex } from '../schema/index.js';
import type { Finding, SchemaSnapshot } from '../types.js';
import type { ScaffoldTargets } from './infer.js';

const split = (qualified: string) => {
  const dot = qualified.indexOf('.');
  return { schema: qualified.slice(0, dot), name: qualified.slice(dot + 1) };
};

/** What `check` found missing: relations, columns on existing relations, functions. */
export function targetsFromFindings(findings: Finding[], snapshot: SchemaSnapshot, searchPath?: string[]): ScaffoldTargets {
  const index = new SchemaIndex(snapshot, searchPath ? { searchPath } : {});
  const targets: Required<ScaffoldTargets> = { relations: [], columns: [], functions: [] };
  for (const f of findings) {
    const ref = f.reference;
    if (f.ruleId === 'missing-relation') {
      const name = ref?.relation ?? f.relation;
      if (name) targets.relations.push(split(index.qualify(name, ref?.quoted ?? false)));
    } else if (f.ruleId === 'missing-column' && f.relation && (f.column ?? ref?.column)) {
      const relation = index.resolveRelation(f.relation, true);
      if (relation) targets.columns.push({ relation: { schema: relation.schema, name: relation.name }, column: (f.column ?? ref!.column)! });
    } else if (f.ruleId === 'missing-function' && ref) {
      targets.functions.push(split(index.qualify(ref.relation, ref.quoted)));
    }
  }
  return targets;
}

/** What the logs say is still missing. */
export function targetsFromAudit(result: AuditResult): ScaffoldTargets {
  const targets: Required<ScaffoldTargets> = { relations: [], columns: [], functions: [] };
  for (const item of result.items) {
    if (item.status !== 'missing' || !item.object) continue;
    if (item.kind === 'relation') targets.relations.push(item.object);
    else if (item.kind === 'column' && item.column) targets.columns.push({ relation: item.object, column: item.column });
    else if (item.kind === 'function') targets.functions.push(item.object);
  }
  return targets;
}
