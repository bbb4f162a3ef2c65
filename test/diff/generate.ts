// A small seeded generator of schema pairs: a random base schema and a mutated copy, both as SQL, plus seed rows.

interface GCol {
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
}
interface GTable {
  name: string;
  cols: GCol[];
  checks: { name: string; col: string }[];
  uniques: { name: string; col: string }[];
  indexes: { name: string; col: string }[];
  fks: { name: string; col: string; target: string }[];
}
interface GModel {
  enumValues: string[];
  tables: GTable[];
  views: { name: string; table: string; cols: string[] }[];
  functions: { name: string; body: number }[];
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['integer', 'text', 'character varying(20)', 'boolean', 'numeric(10,2)', 'timestamp with time zone', 'public.gen_status'];
const WIDEN: Record<string, string> = { integer: 'bigint', 'character varying(20)': 'character varying(60)', 'numeric(10,2)': 'numeric(12,2)', text: 'text' };
const DEFAULTS: Record<string, string> = { integer: '0', bigint: '0', text: "'x'::text", boolean: 'false', 'numeric(10,2)': '1.5', 'public.gen_status': "'v0'::public.gen_status" };

function value(type: string, i: number): string {
  if (type === 'integer' || type === 'bigint') return String(i * 10);
  if (type === 'boolean') return 'true';
  if (type.startsWith('numeric')) return `${i}.5`;
  if (type.startsWith('timestamp')) return `'2024-01-0${i}'`;
  if (type === 'public.gen_status') return `'v0'`;
  return `'v${i}'`;
}

function render(m: GModel): string {
  const out = [`CREATE TYPE public.gen_status AS ENUM (${m.enumValues.map((v) => `'${v}'`).join(', ')});`];
  for (const t of m.tables) {
    const cols = [`  id integer PRIMARY KEY`, ...t.cols.map((c) => `  ${c.name} ${c.type}${c.default ? ` DEFAULT ${c.default}` : ''}${c.nullable ? '' : ' NOT NULL'}`)];
    out.push(`CREATE TABLE public.${t.name} (\n${cols.join(',\n')}\n);`);
    for (const c of t.checks) out.push(`ALTER TABLE public.${t.name} ADD CONSTRAINT ${c.name} CHECK (${c.col} >= 0);`);
    for (const u of t.uniques) out.push(`ALTER TABLE public.${t.name} ADD CONSTRAINT ${u.name} UNIQUE (id, ${u.col});`);
    for (const i of t.indexes) out.push(`CREATE INDEX ${i.name} ON public.${t.name} (${i.col});`);
  }
  for (const t of m.tables) for (const f of t.fks) out.push(`ALTER TABLE public.${t.name} ADD CONSTRAINT ${f.name} FOREIGN KEY (${f.col}) REFERENCES public.${f.target}(id);`);
  for (const v of m.views) out.push(`CREATE VIEW public.${v.name} AS SELECT id${v.cols.map((c) => `, ${c}`).join('')} FROM public.${v.table};`);
  for (const f of m.functions) out.push(`CREATE FUNCTION public.${f.name}() RETURNS integer LANGUAGE sql AS $$ SELECT ${f.body} $$;`);
  return out.join('\n');
}

function seedRows(m: GModel): string {
  const out: string[] = [];
  for (const t of m.tables) {
    for (let i = 1; i <= 3; i++) {
      const cols = t.cols.filter((c) => !t.fks.some((f) => f.col === c.name));
      out.push(`INSERT INTO public.${t.name} (id${cols.map((c) => `, ${c.name}`).join('')}) VALUES (${i}${cols.map((c) => `, ${value(c.type, i)}`).join('')});`);
    }
  }
  return out.join('\n');
}

export interface GeneratedPair {
  a: string;
  b: string;
  seedA: string;
  mutations: string[];
}

/** A base schema and a copy with 1–5 random mutations; deterministic for a seed. */
export function generatePair(seed: number): GeneratedPair {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  let counter = 0;
  const fresh = (prefix: string) => `${prefix}_${seed}_${++counter}`;
  const newCol = (type = pick(TYPES)): GCol => ({ name: fresh('c'), type, nullable: rnd() < 0.7, default: rnd() < 0.4 ? DEFAULTS[type] ?? null : null });
  const newTable = (): GTable => {
    const cols = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => newCol());
    const t: GTable = { name: fresh('t'), cols, checks: [], uniques: [], indexes: [], fks: [] };
    const ints = cols.filter((c) => c.type === 'integer');
    if (ints.length > 0 && rnd() < 0.5) t.checks.push({ name: fresh('ck'), col: ints[0]!.name });
    if (rnd() < 0.5) t.indexes.push({ name: fresh('ix'), col: pick(cols).name });
    if (rnd() < 0.3) t.uniques.push({ name: fresh('uq'), col: pick(cols).name });
    return t;
  };
  const base: GModel = { enumValues: ['v0', 'v1', 'v2'], tables: [], views: [], functions: [] };
  const n = 2 + Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) base.tables.push(newTable());
  if (rnd() < 0.6) {
    const t = pick(base.tables);
    base.views.push({ name: fresh('v'), table: t.name, cols: [t.cols[0]!.name] });
  }
  base.functions.push({ name: fresh('f'), body: 1 });
  if (base.tables.length > 1 && rnd() < 0.5) {
    const [x, y] = [base.tables[0]!, base.tables[1]!];
    const c: GCol = { name: fresh('ref'), type: 'integer', nullable: true, default: null };
    x.cols.push(c);
    x.fks.push({ name: fresh('fk'), col: c.name, target: y.name });
  }

  const next: GModel = structuredClone(base);
  const mutations: string[] = [];
  const used = (t: GTable, col: string) =>
    t.fks.some((f) => f.col === col) || next.views.some((v) => v.table === t.name && v.cols.includes(col));
  const count = 1 + Math.floor(rnd() * 5);
  for (let k = 0; k < count; k++) {
    const t = pick(next.tables);
    const c = pick(t.cols);
    switch (Math.floor(rnd() * 15)) {
      case 0:
        t.cols.push({ ...newCol(), nullable: true });
        mutations.push(`add column ${t.name}`);
        break;
      case 1:
        if (t.cols.length > 1 && !used(t, c.name)) {
          t.cols = t.cols.filter((x) => x !== c);
          t.checks = t.checks.filter((x) => x.col !== c.name);
          t.uniques = t.uniques.filter((x) => x.col !== c.name);
          t.indexes = t.indexes.filter((x) => x.col !== c.name);
          mutations.push(`drop column ${t.name}.${c.name}`);
        }
        break;
      case 2:
        if (WIDEN[c.type] && !used(t, c.name)) {
          c.type = WIDEN[c.type]!;
          if (c.default) c.default = DEFAULTS[c.type] ?? null;
          mutations.push(`widen ${t.name}.${c.name}`);
        }
        break;
      case 3:
        if (!t.fks.some((f) => f.col === c.name)) {
          c.nullable = !c.nullable;
          mutations.push(`nullability ${t.name}.${c.name}`);
        }
        break;
      case 4:
        c.default = c.default ? null : DEFAULTS[c.type] ?? null;
        mutations.push(`default ${t.name}.${c.name}`);
        break;
      case 5:
        if (t.indexes.length > 0 && rnd() < 0.5) t.indexes.pop();
        else t.indexes.push({ name: fresh('ix'), col: c.name });
        mutations.push(`index ${t.name}`);
        break;
      case 6: {
        const ints = t.cols.filter((x) => x.type === 'integer' || x.type === 'bigint');
        if (t.checks.length > 0) t.checks.pop();
        else if (ints.length > 0) t.checks.push({ name: fresh('ck'), col: ints[0]!.name });
        mutations.push(`check ${t.name}`);
        break;
      }
      case 7:
        if (t.uniques.length > 0) t.uniques.pop();
        else t.uniques.push({ name: fresh('uq'), col: c.name });
        mutations.push(`unique ${t.name}`);
        break;
      case 8:
        next.enumValues.splice(1 + Math.floor(rnd() * next.enumValues.length), 0, fresh('e'));
        mutations.push('enum add value');
        break;
      case 9:
        if (next.enumValues.length > 2) {
          next.enumValues.splice(1 + Math.floor(rnd() * (next.enumValues.length - 1)), 1);
          mutations.push('enum remove value');
        }
        break;
      case 10:
        next.tables.push(newTable());
        mutations.push('add table');
        break;
      case 11:
        if (next.tables.length > 1) {
          next.tables = next.tables.filter((x) => x !== t);
          for (const o of next.tables) o.fks = o.fks.filter((f) => f.target !== t.name);
          next.views = next.views.filter((v) => v.table !== t.name);
          mutations.push(`drop table ${t.name}`);
        }
        break;
      case 12:
        if (next.views.length > 0 && rnd() < 0.5) {
          const v = next.views[0]!;
          const owner = next.tables.find((x) => x.name === v.table)!;
          const extra = owner.cols.find((x) => !v.cols.includes(x.name));
          if (extra) v.cols.push(extra.name);
          else next.views.pop();
        } else next.views.push({ name: fresh('v'), table: t.name, cols: [c.name] });
        mutations.push('view');
        break;
      case 13:
        if (rnd() < 0.5) next.functions[0]!.body++;
        else next.functions.push({ name: fresh('f'), body: 7 });
        mutations.push('function');
        break;
      case 14: {
        const target = pick(next.tables);
        const col: GCol = { name: fresh('ref'), type: 'integer', nullable: true, default: null };
        t.cols.push(col);
        t.fks.push({ name: fresh('fk'), col: col.name, target: target.name });
        mutations.push(`fk ${t.name} -> ${target.name}`);
        break;
      }
    }
  }
  return { a: render(base), b: render(next), seedA: seedRows(base), mutations };
}
