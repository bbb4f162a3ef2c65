import type { Column, Constraint, FunctionInfo, Index, Relation, SchemaSnapshot } from '../../src/types.js';

/** Hand-built snapshots for diff tests: every field defaulted, override what the case is about. */
export function snapshot(partial: Partial<SchemaSnapshot> = {}): SchemaSnapshot {
  return {
    version: 1,
    source: { kind: 'snapshot', description: 'test' },
    searchPath: ['public'],
    schemas: ['public'],
    relations: [],
    enums: [],
    domains: [],
    compositeTypes: [],
    functions: [],
    sequences: [],
    extensions: [],
    incomplete: false,
    problems: [],
    ...partial,
  };
}

export function col(name: string, type: string, extra: Partial<Column> = {}): Column {
  return { name, type, nullable: true, default: null, identity: null, generated: null, ...extra };
}

export function table(name: string, columns: Column[], extra: Partial<Relation> = {}): Relation {
  const [schema, rel] = name.includes('.') ? (name.split('.') as [string, string]) : ['public', name];
  return { schema, name: rel, kind: 'table', columns, constraints: [], indexes: [], triggers: [], policies: [], rlsEnabled: false, rlsForced: false, ...extra };
}

export function pk(table: string, columns: string[]): Constraint {
  return { name: `${table}_pkey`, type: 'primary-key', columns, definition: `PRIMARY KEY (${columns.join(', ')})` };
}

export function fk(name: string, columns: string[], target: string, targetColumns: string[]): Constraint {
  return {
    name,
    type: 'foreign-key',
    columns,
    definition: `FOREIGN KEY (${columns.join(', ')}) REFERENCES public.${target}(${targetColumns.join(', ')})`,
    references: { schema: 'public', name: target, columns: targetColumns },
  };
}

export function index(table: string, name: string, columns: string[]): Index {
  return { name, definition: `CREATE INDEX ${name} ON public.${table} USING btree (${columns.join(', ')})`, unique: false, partial: false, constraint: false, columns };
}

export function fn(name: string, args: string, body: string, extra: Partial<FunctionInfo> = {}): FunctionInfo {
  const returns = extra.returns ?? 'integer';
  const language = extra.language ?? 'sql';
  return {
    schema: 'public',
    name,
    args,
    argsWithDefaults: args,
    returns,
    language,
    kind: 'function',
    volatility: 'volatile',
    securityDefiner: false,
    argNames: [],
    argDefaults: 0,
    bodyHash: body.replace(/\s+/g, ' ').trim(),
    body,
    definition: `CREATE OR REPLACE FUNCTION public.${name}(${args})\n RETURNS ${returns}\n LANGUAGE ${language}\nAS $function$${body}$function$\n`,
    ...extra,
  };
}
