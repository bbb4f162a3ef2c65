import type {
  Column,
  Declaration,
  DomainType,
  EnumType,
  FunctionInfo,
  Location,
  Reference,
  Relation,
  SchemaSnapshot,
} from '../../src/types.js';

export type DeepPartial<T> = T extends (infer U)[] ? DeepPartial<U>[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/**
 * A schema from a partial description (schemalint's DeepPartial style). Columns use a one-line shorthand:
 * `'email text not null'`, `'id serial'` (NOT NULL with a default), `'n int not null default 0'`,
 * `'id bigint identity'`, `'total numeric generated'`.
 */
export interface SchemaSpec {
  searchPath?: string[];
  tables?: Record<string, string[]>;
  views?: Record<string, string[]>;
  /** Full relations for what the shorthand cannot say (partitions, triggers, definitions). */
  relations?: DeepPartial<Relation>[];
  enums?: Record<string, string[]>;
  domains?: Record<string, string>;
  /** `'public.add_member(org_id uuid, role text default member)'` */
  functions?: string[];
}

export function buildSchema(spec: SchemaSpec = {}): SchemaSnapshot {
  const relations: Relation[] = [
    ...Object.entries(spec.tables ?? {}).map(([name, cols]) => relation(name, 'table', cols)),
    ...Object.entries(spec.views ?? {}).map(([name, cols]) => relation(name, 'view', cols)),
    ...(spec.relations ?? []).map(fromPartial),
  ].sort((a, b) => `${a.schema}.${a.name}`.localeCompare(`${b.schema}.${b.name}`));
  const enums: EnumType[] = Object.entries(spec.enums ?? {}).map(([name, values]) => ({ ...split(name), values }));
  const domains: DomainType[] = Object.entries(spec.domains ?? {}).map(([name, type]) => ({
    ...split(name), type, nullable: true, default: null, checks: [],
  }));
  return {
    version: 1,
    source: { kind: 'snapshot', description: 'test' },
    searchPath: spec.searchPath ?? ['public'],
    schemas: [...new Set(relations.map((r) => r.schema))].sort(),
    relations,
    enums,
    domains,
    compositeTypes: [],
    functions: (spec.functions ?? []).map(parseFunction),
    sequences: [],
    extensions: [],
    incomplete: false,
    problems: [],
  };
}

function split(qualified: string): { schema: string; name: string } {
  const dot = qualified.indexOf('.');
  return dot < 0 ? { schema: 'public', name: qualified } : { schema: qualified.slice(0, dot), name: qualified.slice(dot + 1) };
}

function relation(name: string, kind: Relation['kind'], cols: string[]): Relation {
  return fromPartial({ ...split(name), kind, columns: cols.map(parseColumn) });
}

function fromPartial(p: DeepPartial<Relation>): Relation {
  return {
    schema: p.schema ?? 'public',
    name: p.name ?? 'unnamed',
    kind: p.kind ?? 'table',
    columns: (p.columns ?? []).map((c) => ({
      name: c.name ?? 'col', type: c.type ?? 'text', nullable: c.nullable ?? true, default: c.default ?? null,
      identity: c.identity ?? null, generated: c.generated ?? null,
    })),
    constraints: [],
    indexes: [],
    triggers: (p.triggers ?? []).map((t) => ({
      name: t.name ?? 'trg', definition: t.definition ?? '', enabled: t.enabled ?? true,
      function: { schema: t.function?.schema ?? 'public', name: t.function?.name ?? 'fn' },
    })),
    policies: [],
    rlsEnabled: false,
    rlsForced: false,
    ...(p.definition !== undefined ? { definition: p.definition } : {}),
    ...(p.partitionOf ? { partitionOf: { schema: p.partitionOf.schema ?? 'public', name: p.partitionOf.name ?? '', bound: p.partitionOf.bound ?? '' } } : {}),
  };
}

function parseColumn(text: string): Column {
  const [name, ...rest] = text.trim().split(/\s+/);
  let tail = rest.join(' ');
  const col: Column = { name: name!.replace(/^"(.*)"$/, '$1'), type: 'text', nullable: true, default: null, identity: null, generated: null };
  const flag = (re: RegExp): boolean => {
    const had = re.test(tail);
    tail = tail.replace(re, ' ').trim();
    return had;
  };
  const def = /\bdefault\s+(\S+)/i.exec(tail);
  if (def) {
    col.default = def[1]!;
    tail = tail.replace(def[0], ' ').trim();
  }
  if (flag(/\bnot null\b/i)) col.nullable = false;
  if (flag(/\bidentity\b/i)) [col.identity, col.nullable] = ['by-default', false];
  if (flag(/\bgenerated\b/i)) col.generated = 'expression';
  if (/^serial$/i.test(tail)) [tail, col.nullable, col.default] = ['integer', false, `nextval('${name}_seq'::regclass)`];
  col.type = tail || 'text';
  return col;
}

function parseFunction(text: string): FunctionInfo {
  const m = /^([\w.]+)\((.*)\)$/.exec(text.trim());
  if (!m) throw new Error(`function spec "${text}" is not name(args)`);
  const args = m[2]!.trim() ? m[2]!.split(',').map((a) => a.trim()) : [];
  const parsed = args.map((a) => {
    const [argName, type, ...more] = a.split(/\s+/);
    return { name: argName!, type: type ?? 'text', hasDefault: /\bdefault\b/i.test(more.join(' ')) };
  });
  return {
    ...split(m[1]!),
    args: parsed.map((p) => `${p.name} ${p.type}`).join(', '),
    argsWithDefaults: args.join(', '),
    returns: 'void',
    language: 'sql',
    kind: 'function',
    volatility: 'volatile',
    securityDefiner: false,
    argNames: parsed.map((p) => p.name),
    argDefaults: parsed.filter((p) => p.hasDefault).length,
    bodyHash: '',
    body: '',
    definition: null,
  };
}

/** `'src/app.ts:3:5'` → a one-line location (endColumn = column + 1 unless given as `3:5-3:9`). */
export function at(spec: string): Location {
  const m = /^(.+?):(\d+):(\d+)(?:-(\d+):(\d+))?$/.exec(spec);
  if (!m) throw new Error(`location "${spec}" is not file:line:column`);
  const line = Number(m[2]);
  const column = Number(m[3]);
  return { file: m[1]!, line, column, endLine: m[4] ? Number(m[4]) : line, endColumn: m[5] ? Number(m[5]) : column + 1 };
}

type RefOptions = Partial<Omit<Reference, 'location'>> & { at?: string };

function makeRef(kind: Reference['kind'], schema: string | null, name: string, column: string | undefined, o: RefOptions): Reference {
  const { at: where, ...rest } = o;
  const written = column ?? name;
  return {
    extractor: 'test',
    kind,
    relation: { schema, name },
    ...(column !== undefined ? { column } : {}),
    access: kind === 'function' ? 'call' : 'read',
    written,
    quoted: false,
    confidence: 'exact',
    location: at(where ?? 'src/app.ts:1:1'),
    ...rest,
  };
}

/**
 * A reference from a dotted name: `users` and `public.users` are relation references, `public.users.email` a
 * column reference (use `col('users.email')` for an unqualified one).
 */
export function ref(dotted: string, options: RefOptions = {}): Reference {
  const parts = dotted.split('.');
  if (parts.length === 3) return makeRef('column', parts[0]!, parts[1]!, parts[2]!, options);
  return parts.length === 2 ? makeRef('relation', parts[0]!, parts[1]!, undefined, options) : makeRef('relation', null, parts[0]!, undefined, options);
}

/** A column reference: `users.email` (unqualified relation) or `public.users.email`. */
export function col(dotted: string, options: RefOptions = {}): Reference {
  const parts = dotted.split('.');
  if (parts.length === 3) return makeRef('column', parts[0]!, parts[1]!, parts[2]!, options);
  return makeRef('column', null, parts[0]!, parts[1]!, options);
}

/** A function call reference: `add_member` or `public.add_member`. */
export function fn(dotted: string, options: RefOptions = {}): Reference {
  const parts = dotted.split('.');
  return parts.length === 2 ? makeRef('function', parts[0]!, parts[1]!, undefined, options) : makeRef('function', null, parts[0]!, undefined, options);
}

/** An ORM declaration: `decl('public.users', ['id', 'email'], { model: 'User', at: 'prisma/schema.prisma:10:1' })`. */
export function decl(
  dotted: string,
  columns: string[],
  options: { model?: string; at?: string; columnsAt?: Record<string, string> } = {},
): Declaration {
  const parts = dotted.split('.');
  return {
    extractor: 'test',
    relation: parts.length === 2 ? { schema: parts[0]!, name: parts[1]! } : { schema: null, name: parts[0]! },
    ...(options.model ? { model: options.model } : {}),
    columns: columns.map((name) => ({ name, ...(options.columnsAt?.[name] ? { location: at(options.columnsAt[name]) } : {}) })),
    confidence: 'exact',
    location: at(options.at ?? 'src/models.ts:1:1'),
  };
}
