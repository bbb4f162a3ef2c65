import type { JsContext, Node, ResolveContext } from '../../../src/extractor.js';
import type { Access, Declaration, DeclaredColumn, Reference } from '../../../src/types.js';

// Helpers shared by the ORM extractors (prisma, drizzle, typeorm, sequelize): reading object literals and
// resolving model/field names to table/column names through the project's declarations after extraction.

/** Strips TS wrappers and parentheses: `x as const`, `x!`, `(x)`, `x satisfies T`. */
export function unwrap(node: Node | null | undefined): Node | undefined {
  let current = node ?? undefined;
  while (
    current &&
    (current.type === 'TSAsExpression' ||
      current.type === 'TSSatisfiesExpression' ||
      current.type === 'TSNonNullExpression' ||
      current.type === 'ParenthesizedExpression')
  ) {
    current = current.expression as Node;
  }
  return current;
}

/** The static name of a property key or member property: `a`, `'a'`, `[`a`]`. */
export function keyName(key: Node | undefined, computed = false): string | undefined {
  if (!key) return undefined;
  if (!computed && key.type === 'Identifier') return key.name as string;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0].value.cooked as string;
  return undefined;
}

export interface ObjectEntry {
  name: string;
  key: Node;
  value: Node;
}

/** The statically named properties of an object literal (spreads and computed keys are left out). */
export function objectEntries(node: Node | null | undefined): ObjectEntry[] {
  const object = unwrap(node);
  if (object?.type !== 'ObjectExpression') return [];
  const entries: ObjectEntry[] = [];
  for (const prop of object.properties as Node[]) {
    if (prop.type !== 'Property') continue;
    const name = keyName(prop.key, prop.computed);
    if (name !== undefined) entries.push({ name, key: prop.key, value: prop.value });
  }
  return entries;
}

export function entry(node: Node | null | undefined, name: string): Node | undefined {
  return objectEntries(node).find((e) => e.name === name)?.value;
}

/** Whether an object literal has spreads or computed keys, i.e. its key set is not static. */
export function hasDynamicKeys(node: Node | null | undefined): boolean {
  const object = unwrap(node);
  if (object?.type !== 'ObjectExpression') return true;
  return (object.properties as Node[]).some((p) => p.type !== 'Property' || keyName(p.key, p.computed) === undefined);
}

/** `a.b.c` → `c` for a non-computed member, the identifier name for an identifier. */
export function propertyName(member: Node | undefined): string | undefined {
  if (!member) return undefined;
  if (member.type === 'Identifier') return member.name as string;
  if (member.type === 'MemberExpression') return keyName(member.property, member.computed);
  return undefined;
}

export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** The note a usage extractor writes on a reference named by model: `prisma-model:User`. */
export function modelNote(prefix: string, model: string): string {
  return `${prefix}:${model}`;
}

export type ModelEmit = (
  kind: 'relation' | 'column',
  node: Node,
  model: string,
  written: string,
  access: Access,
  provides?: string[],
) => void;

/**
 * Emits an ORM usage reference in the code's own names (model and field), `inferred`, with the note the resolver
 * maps to the table and column. `relationName` is the table name used until then (the model name, or the ORM's default).
 */
export function modelEmitter(ctx: JsContext, notePrefix: string, relationName: (model: string) => string = (m) => m): ModelEmit {
  return (kind, node, model, written, access, provides) =>
    ctx.addReference({
      kind,
      relation: { schema: null, name: relationName(model) },
      ...(kind === 'column' ? { column: written } : {}),
      access,
      written,
      quoted: true,
      confidence: 'inferred',
      location: ctx.locate(node.start, node.end),
      ...(provides ? { provides } : {}),
      note: modelNote(notePrefix, model),
    });
}

export interface ModelResolveOptions {
  /** The note prefix the usage extractor wrote (`prisma-model`). */
  prefix: string;
  /** Only declarations made by these extractors are searched. */
  declaredBy: readonly string[];
  /** Whether a declared model name matches the name in a note; exact by default. */
  matches?: (declared: string, used: string) => boolean;
  context?: ResolveContext | undefined;
}

function columnFor(decl: Declaration, field: string): DeclaredColumn | undefined {
  return decl.columns.find((c) => (c.field ?? c.name) === field);
}

/**
 * Maps references written with ORM names (relation = model, column = field, `note` = `<prefix>:<Model>`)
 * to the declared table and column names. References whose model is not declared are returned unchanged.
 */
export function resolveModelReferences(
  references: Reference[],
  declarations: Declaration[],
  options: ModelResolveOptions,
): Reference[] {
  const matches = options.matches ?? ((a: string, b: string) => a === b);
  const candidates = declarations.filter((d) => d.model !== undefined && options.declaredBy.includes(d.extractor));
  const find = (model: string) => candidates.find((d) => matches(d.model!, model));
  // Two files may declare the same model name (a generated copy left beside the real schema): prefer the declaration
  // in the reference's own file, then those in files the project imports (a copy nothing imports is dead code), and
  // among them one that declares the fields used, then the first.
  const pick = (model: string, ref: Reference): Declaration | undefined => {
    const all = candidates.filter((d) => matches(d.model!, model));
    if (all.length <= 1) return all[0];
    const fields = ref.kind === 'column' ? (ref.column === undefined ? [] : [ref.column]) : (ref.provides ?? []);
    const hasField = (d: Declaration) =>
      fields.every((f) => columnFor(d, f) !== undefined || d.associations?.some((a) => a.field === f));
    const own = all.find((d) => d.location.file === ref.location.file && hasField(d)) ?? all.find((d) => d.location.file === ref.location.file);
    if (own) return own;
    const imported = options.context ? all.filter((d) => options.context!.isImported(d.location.file)) : [];
    const live = imported.length > 0 ? imported : all;
    return live.find(hasField) ?? live[0];
  };
  const marker = `${options.prefix}:`;
  const out: Reference[] = [];
  for (const ref of references) {
    const model = ref.note?.startsWith(marker) ? ref.note.slice(marker.length) : undefined;
    const decl = model === undefined ? undefined : pick(model, ref);
    if (!decl) {
      out.push(ref);
      continue;
    }
    const { note: _note, column: field, provides, ...rest } = ref;
    const base: Reference = { ...rest, relation: decl.relation, confidence: decl.confidence };
    if (provides) base.provides = mapProvides(decl, provides);
    if (ref.kind !== 'column' || field === undefined) {
      out.push(base);
      continue;
    }
    const column = columnFor(decl, field);
    if (column) {
      out.push({ ...base, column: column.name });
      continue;
    }
    const association = decl.associations?.find((a) => a.field === field);
    if (association) {
      const target = find(association.model);
      out.push({
        ...base,
        kind: 'relation',
        access: 'read',
        ...(target
          ? { relation: target.relation, confidence: target.confidence }
          : { relation: { schema: null, name: association.model }, confidence: 'inferred' as const, note: modelNote(options.prefix, association.model) }),
      });
      continue;
    }
    out.push({ ...base, column: field, confidence: 'inferred', note: `${options.prefix}:${model}.${field} is not a declared field` });
  }
  return out;
}

/**
 * Field names provided by an insert → column names, plus the columns the ORM fills itself. A relation field written
 * (`organization: { connect: { id } }`, `{ create: {...} }`) provides the foreign-key columns it is held in; one held on
 * the other side (`posts: { create: [...] }`) provides none here.
 */
function mapProvides(decl: Declaration, provides: string[]): string[] {
  const mapped: string[] = [];
  const add = (name: string) => {
    if (!mapped.includes(name)) mapped.push(name);
  };
  for (const field of provides) {
    const column = columnFor(decl, field);
    const association = column ? undefined : decl.associations?.find((a) => a.field === field);
    if (column) add(column.name);
    else if (association) for (const key of association.fields ?? []) add(columnFor(decl, key)?.name ?? key);
    else add(field);
  }
  for (const column of decl.columns) if (column.clientDefault) add(column.name);
  return mapped;
}
