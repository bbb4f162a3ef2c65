import { distance } from 'fastest-levenshtein';
import type {
  Column,
  DomainType,
  EnumType,
  FunctionInfo,
  QualifiedName,
  Relation,
  SchemaSnapshot,
} from '../types.js';
import { SYSTEM_RELATIONS } from './system-relations.generated.js';

/** A name suggestion for a missing relation or column, with the reason it was chosen. */
export interface Suggestion {
  names: string[];
  /** `spelling`: a close spelling; `rename`: a known rename pattern; `suffix`/`prefix`: shares a name part. */
  reason: 'spelling' | 'rename' | 'suffix' | 'prefix';
}

/**
 * Columns that real schemas rename into one another (seed 001: `clinic_name` → `company`, `contact_email` →
 * `email`). Too dissimilar for an edit distance, so a missing column is matched against its group.
 */
const RENAME_GROUPS: readonly (readonly string[])[] = [
  ['company', 'company_name', 'organization', 'organization_name', 'organisation', 'organisation_name', 'org_name',
    'business', 'business_name', 'clinic_name', 'practice_name', 'firm_name', 'account_name'],
  ['email', 'email_address', 'contact_email', 'mail', 'e_mail'],
  ['phone', 'phone_number', 'telephone', 'contact_phone', 'mobile', 'mobile_phone', 'tel'],
  ['name', 'title', 'label', 'display_name', 'full_name'],
  ['first_name', 'firstname', 'given_name', 'forename'],
  ['last_name', 'lastname', 'family_name', 'surname'],
  ['created_at', 'created', 'created_on', 'creation_date', 'date_created', 'inserted_at', 'createdat'],
  ['updated_at', 'updated', 'updated_on', 'modified_at', 'last_modified', 'date_updated', 'updatedat'],
  ['deleted_at', 'archived_at', 'removed_at'],
  ['zip', 'zip_code', 'zipcode', 'postal_code', 'postcode'],
  ['is_active', 'active', 'enabled', 'is_enabled'],
  ['description', 'details', 'notes', 'body'],
];

const DEFAULT_SEARCH_PATH = ['public'];

const systemRelations = new Map<string, Relation | undefined>();

/** A table or view of pg_catalog or information_schema, built on first use from the generated list. */
function systemRelation(schema: string, name: string): Relation | undefined {
  const k = `${schema}.${name}`;
  if (systemRelations.has(k)) return systemRelations.get(k);
  const view = SYSTEM_RELATIONS[`${k} view`];
  const columns = view ?? SYSTEM_RELATIONS[k];
  const relation: Relation | undefined =
    columns === undefined
      ? undefined
      : {
          schema,
          name,
          kind: view === undefined ? 'table' : 'view',
          columns: columns.split('|').map((c) => {
            const colon = c.indexOf(':');
            // Nullability is not recorded: nullable, so no NOT NULL finding is ever made up for a catalog.
            return { name: c.slice(0, colon), type: c.slice(colon + 1), nullable: true, default: null, identity: null, generated: null };
          }),
          constraints: [],
          indexes: [],
          triggers: [],
          policies: [],
          rlsEnabled: false,
          rlsForced: false,
        };
  systemRelations.set(k, relation);
  return relation;
}

/** Lookups over a SchemaSnapshot: name resolution through the search path, case folding, suggestions. */
export class SchemaIndex {
  readonly snapshot: SchemaSnapshot;
  readonly searchPath: string[];
  readonly #relations = new Map<string, Relation>();
  readonly #relationsByName = new Map<string, Relation[]>();
  readonly #functions = new Map<string, FunctionInfo[]>();
  readonly #enums = new Map<string, EnumType>();
  readonly #domains = new Map<string, DomainType>();
  // Suggestions are asked for the same misspelt name many times in a large project.
  readonly #suggestions = new Map<string, Suggestion | undefined>();

  constructor(snapshot: SchemaSnapshot, options: { searchPath?: string[] } = {}) {
    this.snapshot = snapshot;
    const path = (options.searchPath?.length ? options.searchPath : snapshot.searchPath).filter(
      (s) => s !== '$user' && s !== '"$user"',
    );
    this.searchPath = path.length > 0 ? path : DEFAULT_SEARCH_PATH;
    for (const r of snapshot.relations) {
      this.#relations.set(key(r.schema, r.name), r);
      const list = this.#relationsByName.get(r.name);
      if (list) list.push(r);
      else this.#relationsByName.set(r.name, [r]);
    }
    for (const f of snapshot.functions) {
      const k = key(f.schema, f.name);
      const list = this.#functions.get(k);
      if (list) list.push(f);
      else this.#functions.set(k, [f]);
    }
    for (const e of snapshot.enums) this.#enums.set(key(e.schema, e.name), e);
    for (const d of snapshot.domains) this.#domains.set(key(d.schema, d.name), d);
  }

  /** Every relation of the snapshot, in snapshot order. */
  get relations(): readonly Relation[] {
    return this.snapshot.relations;
  }

  /** The exact relation `schema.name`. */
  relation(schema: string, name: string): Relation | undefined {
    return this.#relations.get(key(schema, name));
  }

  /**
   * Resolves a name as PostgreSQL would: a qualified name in its schema, an unqualified one in the first schema of
   * the search path that has it. Unquoted names fold to lower case; as a courtesy to ORMs that do not say whether
   * a name is quoted, an unquoted name that does not fold to anything is tried as written.
   */
  resolveRelation(name: QualifiedName, quoted = false): Relation | undefined {
    for (const variant of variants(name.name, quoted)) {
      for (const schema of this.#schemasFor(name.schema, quoted)) {
        const r = this.#relations.get(key(schema, variant));
        if (r) return r;
      }
    }
    // pg_catalog is searched even when the search path leaves it out; information_schema only when named.
    const system = name.schema === null ? 'pg_catalog' : name.schema;
    for (const variant of variants(name.name, quoted)) {
      const r = systemRelation(system, variant);
      if (r) return r;
    }
    return undefined;
  }

  /** The column of a relation, by folded or exact name. */
  column(relation: Relation, name: string, quoted = false): Column | undefined {
    for (const variant of variants(name, quoted)) {
      const c = relation.columns.find((col) => col.name === variant);
      if (c) return c;
    }
    return undefined;
  }

  /**
   * A function that reads as a column of the relation: PostgreSQL's attribute notation (`t.full_name` calls
   * `full_name(t)`) and PostgREST's computed fields both take a function whose one argument is the relation's row type.
   */
  computedColumn(relation: Relation, name: string, quoted = false): FunctionInfo | undefined {
    const rowType = new Set([`${relation.schema}.${relation.name}`, ...(this.searchPath.includes(relation.schema) ? [relation.name] : [])]);
    return this.resolveFunctions({ schema: null, name }, quoted).find((f) => {
      if (f.kind !== 'function' || f.args.includes(',')) return false;
      // `tasks`, `public.tasks`, `t public.tasks`, `"Task"`: the argument's type, without its name and quotes.
      const type = f.args.trim().split(/\s+/).at(-1)?.replaceAll('"', '');
      return type !== undefined && rowType.has(type);
    });
  }

  /** The functions (all overloads) an unqualified or qualified name resolves to. */
  resolveFunctions(name: QualifiedName, quoted = false): FunctionInfo[] {
    for (const variant of variants(name.name, quoted)) {
      for (const schema of this.#schemasFor(name.schema, quoted)) {
        const list = this.#functions.get(key(schema, variant));
        if (list) return list;
      }
    }
    return [];
  }

  /** The resolved function that accepts a call with this many (named) arguments, if any. */
  findFunction(name: QualifiedName, call: { argCount?: number; argNames?: string[] }, quoted = false) {
    const overloads = this.resolveFunctions(name, quoted);
    return { overloads, match: overloads.find((f) => acceptsCall(f, call)) };
  }

  /** The enum type of a column: directly, as an array of the enum, or through a domain over it. */
  enumOfColumn(column: Column): EnumType | undefined {
    return this.enumOfType(column.type);
  }

  enumOfType(type: string, depth = 0): EnumType | undefined {
    if (depth > 5) return undefined;
    const parsed = parseTypeName(type);
    if (!parsed) return undefined;
    for (const schema of parsed.schema ? [parsed.schema] : [...this.searchPath, 'public', 'pg_catalog']) {
      const e = this.#enums.get(key(schema, parsed.name));
      if (e) return e;
      const d = this.#domains.get(key(schema, parsed.name));
      if (d) return this.enumOfType(d.type, depth + 1);
    }
    if (!parsed.schema) {
      const anyEnum = this.snapshot.enums.find((e) => e.name === parsed.name);
      if (anyEnum) return anyEnum;
    }
    return undefined;
  }

  /** The domain a column's type names, if any. */
  domainOfColumn(column: Column): DomainType | undefined {
    const parsed = parseTypeName(column.type);
    if (!parsed || parsed.isArray) return undefined;
    for (const schema of parsed.schema ? [parsed.schema] : this.searchPath) {
      const d = this.#domains.get(key(schema, parsed.name));
      if (d) return d;
    }
    return undefined;
  }

  /** Relations with this name in schemas the name did not resolve to (`auth.users` for `users`). */
  sameNameElsewhere(name: QualifiedName, quoted = false): Relation[] {
    const searched = new Set(this.#schemasFor(name.schema, quoted));
    return variants(name.name, quoted)
      .flatMap((n) => this.#relationsByName.get(n) ?? [])
      .filter((r) => !searched.has(r.schema));
  }

  /** The display name of a relation: unqualified when the search path finds it, else `schema.name`. */
  displayName(relation: { schema: string; name: string }): string {
    const first = this.searchPath.find((s) => this.#relations.has(key(s, relation.name)));
    return first === relation.schema ? relation.name : `${relation.schema}.${relation.name}`;
  }

  /** The qualified name (`schema.name`) of a reference's relation, for messages; unqualified names get the first schema of the search path. */
  qualify(name: QualifiedName, quoted = false): string {
    const folded = quoted ? name.name : name.name.toLowerCase();
    return `${name.schema ?? this.searchPath[0]}.${folded}`;
  }

  /** The closest existing relation name (display form), or undefined when nothing is close. */
  nearestRelation(name: string): string | undefined {
    return this.suggestRelation(name)?.names[0];
  }

  suggestRelation(name: string): Suggestion | undefined {
    const cacheKey = `relation\u0000${name}`;
    if (this.#suggestions.has(cacheKey)) return this.#suggestions.get(cacheKey);
    const result = this.#suggestRelation(name);
    this.#suggestions.set(cacheKey, result);
    return result;
  }

  #suggestRelation(name: string): Suggestion | undefined {
    const candidates = this.snapshot.relations.filter((r) => !r.partitionOf);
    const byName = new Map<string, Relation>();
    for (const r of candidates) if (!byName.has(r.name)) byName.set(r.name, r);
    const s = suggest(name.toLowerCase(), [...byName.keys()], false);
    return s && { ...s, names: s.names.map((n) => this.displayName(byName.get(n)!)) };
  }

  /** The closest column of a relation, or undefined. */
  nearestColumn(relation: Relation, name: string): string | undefined {
    return this.suggestColumn(relation, name)?.names[0];
  }

  suggestColumn(relation: Relation, name: string): Suggestion | undefined {
    const cacheKey = `column\u0000${key(relation.schema, relation.name)}\u0000${name}`;
    if (this.#suggestions.has(cacheKey)) return this.#suggestions.get(cacheKey);
    const result = suggest(name, relation.columns.map((c) => c.name), true);
    this.#suggestions.set(cacheKey, result);
    return result;
  }

  #schemasFor(schema: string | null, quoted: boolean): string[] {
    if (schema === null) return this.searchPath;
    return variants(schema, quoted);
  }
}

function key(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}

function variants(name: string, quoted: boolean): string[] {
  if (quoted) return [name];
  const lower = name.toLowerCase();
  return lower === name ? [name] : [lower, name];
}

/** Whether a call with this many arguments (or these named arguments) can reach the function. */
export function acceptsCall(fn: FunctionInfo, call: { argCount?: number; argNames?: string[] }): boolean {
  const total = fn.argNames.length;
  const required = total - fn.argDefaults;
  if (call.argNames && call.argNames.length > 0) {
    const positions = call.argNames.map((n) => fn.argNames.indexOf(n));
    if (positions.some((p) => p < 0)) return false;
    const given = new Set(positions);
    for (let i = 0; i < required; i++) if (!given.has(i)) return false;
    return true;
  }
  if (call.argCount === undefined) return true;
  return call.argCount >= required && call.argCount <= total;
}

/** `public.mood[]` → { schema: 'public', name: 'mood', isArray: true }; quoted parts keep their case. */
export function parseTypeName(type: string): { schema: string | null; name: string; isArray: boolean } | undefined {
  let t = type.trim();
  let isArray = false;
  while (t.endsWith('[]')) {
    t = t.slice(0, -2).trimEnd();
    isArray = true;
  }
  const parts: string[] = [];
  const re = /"((?:[^"]|"")*)"|([^."]+)/g;
  for (const m of t.matchAll(re)) parts.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!.trim());
  if (parts.length === 0 || parts.length > 2) return undefined;
  return parts.length === 2
    ? { schema: parts[0]!, name: parts[1]!, isArray }
    : { schema: null, name: parts[0]!, isArray };
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[_\s-]/g, '');
}

/**
 * Name suggestions in order of confidence: same name up to case and underscores, a close spelling, a known rename,
 * then (for columns) a shared suffix (`lead_source` → `source`) or a shared first word (`contact_person` →
 * `contact_first_name`).
 */
function suggest(name: string, candidates: string[], isColumn: boolean): Suggestion | undefined {
  if (candidates.length === 0) return undefined;
  const n = normalise(name);
  const same = candidates.filter((c) => normalise(c) === n);
  if (same.length > 0) return { names: same, reason: 'spelling' };

  const limit = name.length <= 3 ? 1 : Math.max(2, Math.floor(name.length / 4));
  const scored = candidates
    .map((c) => ({ c, d: distance(name.toLowerCase(), c.toLowerCase()) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c));
  if (scored.length > 0) return { names: [scored[0]!.c], reason: 'spelling' };

  const lower = name.toLowerCase();
  const group = RENAME_GROUPS.find((g) => g.includes(lower));
  if (group) {
    const renamed = group.filter((g) => g !== lower && candidates.includes(g));
    if (renamed.length > 0) return { names: renamed.slice(0, 1), reason: 'rename' };
  }

  const parts = lower.split('_').filter(Boolean);
  if (parts.length > 1) {
    for (let i = 1; i < parts.length; i++) {
      const tail = parts.slice(i).join('_');
      if (candidates.includes(tail)) return { names: [tail], reason: 'suffix' };
    }
  }
  const withSuffix = candidates.filter((c) => c.toLowerCase().endsWith(`_${lower}`));
  if (withSuffix.length > 0) return { names: withSuffix.sort(), reason: 'suffix' };

  if (isColumn && parts.length > 1) {
    const prefix = `${parts[0]}_`;
    const withPrefix = candidates.filter((c) => c.toLowerCase().startsWith(prefix));
    if (withPrefix.length > 0 && withPrefix.length <= 3) return { names: withPrefix, reason: 'prefix' };
  }
  return undefined;
}
