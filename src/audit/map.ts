import { SchemaIndex } from '../schema/index.js';
import type { Location, QualifiedName, Reference, Relation, SchemaSnapshot } from '../types.js';
import type { LogEntry, LogFormat, MissingKind, ParsedLog } from './parse.js';

/** `missing`: the schema still lacks it (or, for not-null, an insert still omits the column); `fixed`: it exists now. */
export type AuditStatus = 'missing' | 'fixed';

/** One distinct missing object seen in the logs, with where the code uses it. */
export interface AuditItem {
  kind: MissingKind;
  /** Display name: `public.x`, `public.x.column`, `public.f(args)`; `?` stands for a relation the log did not name. */
  name: string;
  /** The relation (relation, column, not-null) or function (function), qualified through the search path. */
  object: { schema: string; name: string } | null;
  column?: string;
  args?: string;
  occurrences: number;
  firstSeen?: string;
  lastSeen?: string;
  /** SQLSTATE / PostgREST codes seen, sorted. */
  codes: string[];
  formats: LogFormat[];
  /** Distinct logged statements, in the order first seen (at most three). */
  statements: string[];
  details: string[];
  /** The first log lines it was seen on (at most five). */
  seenAt: { file: string; line: number }[];
  /** Code locations that use the object (or, for not-null, the inserts that omit the column). */
  references: Location[];
  status: AuditStatus;
}

export interface AuditResult {
  items: AuditItem[];
  logs: { file: string; lines: number; entries: number; unrecognized: number }[];
  schema: { source: string; incomplete: boolean };
}

export interface AuditOptions {
  searchPath?: string[];
}

const KIND_ORDER: Record<MissingKind, number> = { relation: 0, column: 1, function: 2, 'not-null': 3 };
const MAX_STATEMENTS = 3;
const MAX_SEEN_AT = 5;

/** Groups log entries by the object they name, ties each to the code that uses it, and says whether it still fails. */
export function auditLogs(logs: ParsedLog[], references: Reference[], snapshot: SchemaSnapshot, options: AuditOptions = {}): AuditResult {
  const index = new SchemaIndex(snapshot, options.searchPath ? { searchPath: options.searchPath } : {});
  const relationKey = (name: QualifiedName, quoted: boolean): string => {
    const resolved = index.resolveRelation(name, quoted);
    return resolved ? `${resolved.schema}.${resolved.name}` : index.qualify(name, quoted);
  };
  const functionKey = (name: QualifiedName, quoted: boolean): string => {
    const resolved = index.resolveFunctions(name, quoted)[0];
    return resolved ? `${resolved.schema}.${resolved.name}` : index.qualify(name, quoted);
  };
  const groups = new Map<string, { entries: LogEntry[]; object: string | null }>();
  for (const log of logs) {
    for (const entry of log.entries) {
      const object =
        entry.object.name === '' ? null : entry.kind === 'function' ? functionKey(entry.object, true) : relationKey(entry.object, true);
      const key = `${entry.kind}\u0000${object ?? '?'}\u0000${entry.column ?? ''}`;
      const group = groups.get(key);
      if (group) group.entries.push(entry);
      else groups.set(key, { entries: [entry], object });
    }
  }

  const dataRefs = references.filter((r) => r.access !== 'ddl' && r.confidence !== 'dynamic');
  const items: AuditItem[] = [];
  for (const { entries, object } of groups.values()) {
    const first = entries[0]!;
    const qualified = object ? splitKey(object) : null;
    const column = first.column;
    let refs: Reference[];
    let status: AuditStatus;
    if (first.kind === 'relation') {
      const matching = dataRefs.filter((r) => (r.kind === 'relation' || r.kind === 'column') && relationKey(r.relation, r.quoted) === object);
      refs = matching.some((r) => r.kind === 'relation') ? matching.filter((r) => r.kind === 'relation') : matching;
      status = index.resolveRelation(first.object, true) ? 'fixed' : 'missing';
    } else if (first.kind === 'column') {
      const relation = qualified ? index.resolveRelation(first.object, true) : undefined;
      const byRelation = qualified
        ? dataRefs.filter((r) => r.kind === 'column' && r.column === column && refRelationKeys(r, relationKey).includes(object!))
        : [];
      // A relation the log names by alias (`column u.emal does not exist`), or not at all: match by column name.
      refs = byRelation.length > 0 ? byRelation : dataRefs.filter((r) => r.kind === 'column' && r.column === column && !columnExists(index, r));
      if (relation) status = index.column(relation, column!, true) ? 'fixed' : 'missing';
      // The relation the log names is gone too (or is an alias the log cannot resolve): still failing.
      else if (qualified) status = 'missing';
      else status = refs.length > 0 ? 'missing' : 'fixed';
    } else if (first.kind === 'function') {
      refs = dataRefsOfKind(references, 'function').filter((r) => functionKey(r.relation, r.quoted) === object);
      status = index.resolveFunctions(first.object, true).length > 0 ? 'fixed' : 'missing';
    } else {
      const relation = qualified ? index.resolveRelation(first.object, true) : undefined;
      refs = references.filter(
        (r) =>
          r.kind === 'relation' &&
          r.access === 'insert' &&
          (qualified ? relationKey(r.relation, r.quoted) === object : true) &&
          r.provides !== undefined &&
          !r.provides.some((p) => p === column || p.toLowerCase() === column),
      );
      const col = relation ? index.column(relation, column!, true) : undefined;
      const stillRequired = col !== undefined && !col.nullable && col.default === null && col.identity === null && col.generated === null;
      status = stillRequired && (refs.length > 0 || !relation || !references.some((r) => r.kind === 'relation' && r.access === 'insert' && index.resolveRelation(r.relation, r.quoted) === relation)) ? 'missing' : 'fixed';
    }

    const stamps = entries.map((e) => e.timestamp).filter((t): t is string => t !== undefined).sort();
    const name =
      first.kind === 'function'
        ? `${object}(${first.args ?? ''})`
        : column !== undefined
          ? `${object ?? '?'}.${column}`
          : object!;
    items.push({
      kind: first.kind,
      name,
      object: qualified,
      ...(column !== undefined ? { column } : {}),
      ...(first.kind === 'function' && first.args !== undefined ? { args: first.args } : {}),
      occurrences: entries.length,
      ...(stamps.length > 0 ? { firstSeen: stamps[0]!, lastSeen: stamps[stamps.length - 1]! } : {}),
      codes: unique(entries.map((e) => e.code).filter((c): c is string => c !== undefined)).sort(),
      formats: unique(entries.map((e) => e.format)).sort(),
      statements: unique(entries.map((e) => e.statement).filter((s): s is string => s !== undefined)).slice(0, MAX_STATEMENTS),
      details: unique(entries.map((e) => e.detail).filter((s): s is string => s !== undefined)).slice(0, MAX_STATEMENTS),
      seenAt: entries.slice(0, MAX_SEEN_AT).map((e) => e.source),
      references: uniqueLocations(refs.map((r) => r.location)),
      status,
    });
  }
  items.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    items,
    logs: logs.map((l) => ({ file: l.file, lines: l.lines, entries: l.entries.length, unrecognized: l.unrecognized })),
    schema: { source: snapshot.source.description, incomplete: snapshot.incomplete },
  };
}

function dataRefsOfKind(references: Reference[], kind: Reference['kind']): Reference[] {
  return references.filter((r) => r.kind === kind && r.confidence !== 'dynamic');
}

function refRelationKeys(ref: Reference, relationKey: (n: QualifiedName, quoted: boolean) => string): string[] {
  return (ref.candidates?.length ? ref.candidates : [ref.relation]).map((n) => relationKey(n, ref.quoted));
}

function columnExists(index: SchemaIndex, ref: Reference): boolean {
  const relations = (ref.candidates?.length ? ref.candidates : [ref.relation])
    .map((n) => index.resolveRelation(n, ref.quoted))
    .filter((r): r is Relation => r !== undefined);
  return relations.some((r) => index.column(r, ref.column!, ref.quoted) !== undefined);
}

function splitKey(key: string): { schema: string; name: string } {
  const dot = key.indexOf('.');
  return { schema: key.slice(0, dot), name: key.slice(dot + 1) };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function uniqueLocations(locations: Location[]): Location[] {
  const seen = new Set<string>();
  const out: Location[] = [];
  for (const l of [...locations].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column))) {
    const k = `${l.file}:${l.line}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(l);
  }
  return out;
}
