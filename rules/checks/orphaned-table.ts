import { defineCheck } from '../../src/check.js';
import type { SchemaIndex } from '../../src/schema/index.js';
import type { Reference, Relation } from '../../src/types.js';
import { BOOKKEEPING_TABLES, MANAGED_BY_PACKAGE, PLATFORM_SCHEMAS, isDataReference, qualified, usedRelations } from './helpers.js';

export default defineCheck({
  meta: {
    id: 'orphaned-table',
    description: 'A table that no code uses and no model declares.',
    defaultSeverity: 'warn',
    wholeProject: true,
    messages: {
      orphaned: 'Table "{{relation}}" is not used by any code or model.',
    },
    help: {
      dropOrIgnore: 'drop it in a migration if it is obsolete, or add `{{relation}}` to `ignoreRelations` if something outside this repository uses it',
    },
  },
  check({ references, declarations, schema, options, report }) {
    const used = usedTables(schema, references);
    const managed = managedBy((options.packages as readonly string[] | undefined) ?? []);
    for (const decl of declarations) {
      const r = schema.resolveRelation(decl.relation);
      if (r) used.add(r);
    }
    for (const relation of schema.relations) {
      if (relation.kind !== 'table' && relation.kind !== 'partitioned-table') continue;
      if (relation.partitionOf || used.has(relation) || isExcluded(relation, managed)) continue;
      const name = qualified(relation);
      report({
        messageId: 'orphaned',
        data: { relation: name },
        helpId: 'dropOrIgnore',
        relation: { schema: relation.schema, name: relation.name },
      });
    }
  },
});

/** Tables and schemas the project's packages manage themselves (option `packages`: the project's dependencies). */
function managedBy(packages: readonly string[]): { tables: Set<string>; schemas: Set<string> } {
  const tables = new Set<string>();
  const schemas = new Set<string>();
  for (const name of packages) {
    for (const t of MANAGED_BY_PACKAGE[name]?.tables ?? []) tables.add(t);
    for (const s of MANAGED_BY_PACKAGE[name]?.schemas ?? []) schemas.add(s);
  }
  return { tables, schemas };
}

function isExcluded(relation: Relation, managed: { tables: Set<string>; schemas: Set<string> }): boolean {
  return (
    BOOKKEEPING_TABLES.includes(relation.name) ||
    PLATFORM_SCHEMAS.includes(relation.schema) ||
    managed.tables.has(relation.name) ||
    managed.schemas.has(relation.schema)
  );
}

/**
 * Tables the code reaches: directly, or through a view it reads or a function it calls (including trigger functions
 * of tables it writes), whose text names the table.
 */
function usedTables(schema: SchemaIndex, references: readonly Reference[]): Set<Relation> {
  const used = new Set<Relation>();
  const texts: string[] = [];
  for (const ref of references) {
    if (isDataReference(ref)) for (const r of usedRelations(schema, ref)) used.add(r);
    if (ref.kind === 'function') {
      for (const f of schema.resolveFunctions(ref.relation, ref.quoted)) texts.push(f.body);
    }
  }
  const seen = new Set<Relation>();
  let frontier = [...used];
  while (frontier.length > 0 || texts.length > 0) {
    for (const r of frontier) {
      if (seen.has(r)) continue;
      seen.add(r);
      if (r.definition) texts.push(r.definition);
      for (const t of r.triggers) for (const f of schema.resolveFunctions(t.function, true)) texts.push(f.body);
    }
    frontier = [];
    const text = texts.splice(0).join('\n').toLowerCase();
    if (!text) break;
    for (const r of schema.relations) {
      if (!used.has(r) && new RegExp(`\\b${escape(r.name.toLowerCase())}\\b`).test(text)) {
        used.add(r);
        frontier.push(r);
      }
    }
  }
  return used;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
