import { createModulePathResolver } from '../../../src/extract/module-paths.js';
import type { Declaration, DeclaredColumn, Location, Reference } from '../../../src/types.js';
import { convertCase, projectCasing, type Casing } from './casing.js';
import {
  ALIAS_NOTE, CASING_NOTE, COLUMNS_NOTE, IN_NOTE, KEY_NAME_NOTE, NAME_SLOT, RELATION_NOTE, TABLES_NOTE, USES_NOTE, type TableNamer,
} from './markers.js';
import { followRelations } from './relational.js';

interface Exported<T> {
  file: string;
  value: T;
}

type Exports<T> = Map<string, Exported<T>[]>;

interface Markers {
  columns: Exports<DeclaredColumn[]>;
  namers: Exports<TableNamer>;
  uses: Reference[];
  tablesIn: Reference[];
  aliases: Map<string, Set<string>>;
  related: Map<string, Set<string>>;
  casings: string[];
  /** Columns named by their key: where declared (`file:line:column`), and those exported by column sets. */
  keyNamedAt: Set<string>;
  keyNamed: Set<DeclaredColumn>;
  rest: Reference[];
}

const at = (location: Location) => `${location.file}:${location.line}:${location.column}`;

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  map.set(key, (map.get(key) ?? new Set()).add(value));
}

/** The entry of `file` among a name's exports, created empty when missing. */
function exportIn<T>(exports: Exports<T>, name: string, file: string, empty: () => T): Exported<T> {
  const list = exports.get(name) ?? [];
  exports.set(name, list);
  let entry = list.find((e) => e.file === file);
  if (!entry) list.push((entry = { file, value: empty() }));
  return entry;
}

function readMarkers(references: Reference[]): Markers {
  const m: Markers = {
    columns: new Map(), namers: new Map(), uses: [], tablesIn: [], aliases: new Map(), related: new Map(), casings: [],
    keyNamedAt: new Set(), keyNamed: new Set(), rest: [],
  };
  for (const ref of references) {
    const note = ref.note ?? '';
    if (note.startsWith(COLUMNS_NOTE)) {
      const { keyAsName, ...flags } = JSON.parse(note.slice(COLUMNS_NOTE.length)) as Pick<DeclaredColumn, 'type' | 'nullable' | 'clientDefault'> & { keyAsName?: true };
      const column: DeclaredColumn = { name: ref.column!, ...flags, location: ref.location, ...(ref.written !== ref.column ? { field: ref.written } : {}) };
      exportIn(m.columns, ref.relation.name, ref.location.file, () => []).value.push(column);
      if (keyAsName) m.keyNamed.add(column);
    } else if (note.startsWith(TABLES_NOTE)) {
      exportIn(m.namers, ref.relation.name, ref.location.file, () => JSON.parse(note.slice(TABLES_NOTE.length)) as TableNamer);
    } else if (note.startsWith(USES_NOTE)) m.uses.push(ref);
    else if (note.startsWith(IN_NOTE)) m.tablesIn.push(ref);
    else if (note.startsWith(ALIAS_NOTE)) addTo(m.aliases, note.slice(ALIAS_NOTE.length), ref.relation.name);
    else if (note.startsWith(RELATION_NOTE)) addTo(m.related, note.slice(RELATION_NOTE.length), ref.relation.name);
    else if (note.startsWith(CASING_NOTE)) m.casings.push(note.slice(CASING_NOTE.length));
    else if (note.startsWith(KEY_NAME_NOTE)) m.keyNamedAt.add(at(ref.location));
    else m.rest.push(ref);
  }
  return m;
}

/** The export a marker names: the only one of that name, else the one in the module its source resolves to. */
function exportFinder<T>(exports: Exports<T>): (use: Reference, source: string) => T | undefined {
  let resolvePath: ((from: string, source: string) => string | undefined) | undefined;
  return (use, source) => {
    const all = exports.get(use.relation.name) ?? [];
    if (all.length <= 1) return all[0]?.value;
    resolvePath ??= createModulePathResolver([...exports.values()].flat().map((e) => e.file));
    const file = resolvePath(use.location.file, source);
    return all.find((e) => e.file === file)?.value;
  };
}

/**
 * Names the tables made by an imported pgSchema or pgTableCreator. A call through an import that is neither
 * (`db.table('x', {…})` of another library) declares nothing.
 */
function nameImportedTables(m: Markers, declarations: Declaration[]): void {
  const find = exportFinder(m.namers);
  for (const use of m.tablesIn) {
    const index = declarations.findIndex((d) => d.extractor === 'drizzle' && at(d.location) === at(use.location));
    if (index < 0) continue;
    const decl = declarations[index]!;
    const namer = find(use, use.note!.slice(IN_NOTE.length));
    if (!namer) declarations.splice(index, 1);
    else declarations[index] = { ...decl, relation: { schema: namer.schema, name: namer.pattern.split(NAME_SLOT).join(decl.relation.name) } };
  }
}

/** Adds spread columns and names helper-call columns. */
function completeColumns(m: Markers, declarations: Declaration[]): void {
  const find = exportFinder(m.columns);
  for (const use of m.uses) {
    const [model, source] = splitOnce(use.note!.slice(USES_NOTE.length));
    const index = declarations.findIndex((d) => d.extractor === 'drizzle' && d.model === model && d.location.file === use.location.file);
    const from = index < 0 ? undefined : find(use, source);
    if (!from) continue;
    const decl = declarations[index]!;
    if (use.column === undefined) {
      const own = new Set(decl.columns.map((c) => c.field ?? c.name));
      const added = from.filter((c) => !own.has(c.field ?? c.name));
      declarations[index] = { ...decl, columns: [...decl.columns, ...added] };
      continue;
    }
    const helper = from.length === 1 ? from[0]! : undefined;
    if (!helper) continue;
    const field = use.column;
    declarations[index] = {
      ...decl,
      columns: decl.columns.map((c) => {
        if (c.name !== field || c.field !== undefined) return c;
        const { clientDefault: _d, ...own } = c;
        return {
          ...own,
          name: helper.name,
          ...(helper.type !== undefined ? { type: helper.type } : {}),
          nullable: (c.nullable ?? true) && (helper.nullable ?? true),
          ...(helper.name !== field ? { field } : {}),
          ...(c.clientDefault || helper.clientDefault ? { clientDefault: true } : {}),
        };
      }),
    };
  }
}

/** Renames the columns named by their key as the project's `casing` does. */
function applyCasing(m: Markers, declarations: Declaration[], casing: Casing): void {
  const rename = (c: DeclaredColumn): DeclaredColumn => {
    const isKeyNamed = m.keyNamed.has(c) || (c.location !== undefined && m.keyNamedAt.has(at(c.location)));
    const name = isKeyNamed && c.field === undefined ? convertCase(c.name, casing) : c.name;
    return name === c.name ? c : { ...c, name, field: c.name };
  };
  declarations.forEach((decl, index) => {
    if (decl.extractor !== 'drizzle') return;
    const columns = decl.columns.map(rename);
    if (columns.some((c, i) => c !== decl.columns[i])) declarations[index] = { ...decl, columns };
  });
}

/** References through an imported alias take the aliased table object's name. */
function followAliases(m: Markers, references: Reference[], declarations: Declaration[], notePrefix: string): Reference[] {
  if (m.aliases.size === 0) return references;
  const declared = new Set(declarations.filter((d) => d.extractor === 'drizzle').map((d) => d.model));
  return references.map((ref) => {
    const model = ref.note?.startsWith(`${notePrefix}:`) ? ref.note.slice(notePrefix.length + 1) : undefined;
    const targets = model === undefined || declared.has(model) ? undefined : m.aliases.get(model);
    if (!targets || targets.size !== 1) return ref;
    const [target] = targets;
    return { ...ref, ...(ref.relation.name === model ? { relation: { ...ref.relation, name: target! } } : {}), note: `${notePrefix}:${target}` };
  });
}

/**
 * Applies the markers: names the tables of imported pgSchemas and pgTableCreators, adds spread columns, names
 * helper-call columns and applies the project's `casing` in the declarations (replacing the declaration objects in the
 * array; cached per-file results are not touched), and returns the other references, those through `with` paths and
 * imported aliases renamed to the table object they stand for.
 */
export function applyMarkers(references: Reference[], declarations: Declaration[], notePrefix: string): Reference[] {
  const m = readMarkers(references);
  nameImportedTables(m, declarations);
  completeColumns(m, declarations);
  const casing = projectCasing(m.casings);
  if (casing) applyCasing(m, declarations, casing);
  return followAliases(m, followRelations(m.rest, m.related, notePrefix), declarations, notePrefix);
}

function splitOnce(text: string): [string, string] {
  const index = text.indexOf(':');
  return [text.slice(0, index), text.slice(index + 1)];
}
