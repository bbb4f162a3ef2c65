import type { FileContext as ExtractorContext } from '../extractor.js';
import type { Declaration, DeclaredColumn, Reference } from '../types.js';
import type { PyFile } from './python-file.js';
import { dottedName, type PyNode } from './python-syntax.js';

/**
 * Maps references written with Python model names (relation = class, column = attribute, `note` = `<prefix>:<Class>`)
 * to the declared table and column names. A model that is not declared, declared more than once (and not in the
 * referencing file), or an attribute that is not a declared column (a relationship, method or property) cannot be
 * judged, so the reference is dropped rather than guessed.
 */
export function resolvePythonModelReferences(
  references: Reference[],
  declarations: Declaration[],
  prefix: string,
  extractors: readonly string[],
): Reference[] {
  references = inheritColumns(references, declarations, prefix.replace(/-model$/, ''), extractors);
  const byModel = new Map<string, Declaration[]>();
  for (const decl of declarations) {
    if (decl.model === undefined || !extractors.includes(decl.extractor)) continue;
    byModel.set(decl.model, [...(byModel.get(decl.model) ?? []), decl]);
  }
  const marker = `${prefix}:`;
  const out: Reference[] = [];
  for (const ref of references) {
    if (!ref.note?.startsWith(marker)) {
      out.push(ref);
      continue;
    }
    const model = ref.note.slice(marker.length);
    let found = byModel.get(model) ?? [];
    if (found.length > 1) found = found.filter((d) => d.location.file === ref.location.file);
    const decl = found.length === 1 ? found[0]! : undefined;
    if (!decl) continue;
    const { note: _note, ...rest } = ref;
    const resolved: Reference = { ...rest, relation: decl.relation, confidence: decl.confidence };
    if (decl.confidence === 'inferred') resolved.note = `default table name of model ${model}`;
    if (ref.kind === 'column' && ref.column !== undefined) {
      const column =
        decl.columns.find((c) => (c.field ?? c.name) === ref.column) ?? decl.columns.find((c) => c.name === ref.column);
      if (!column) continue;
      resolved.column = column.name;
    }
    out.push(resolved);
  }
  return out;
}

/** Modules whose capitalised exports are not models. */
const NOT_MODELS =
  /^(?:sqlalchemy|sqlalchemy_\w+|sqlmodel|typing|typing_extensions|pydantic|pydantic_\w+|fastapi|fastapi_\w+|starlette|flask|flask_\w+|datetime|enum|decimal|uuid|collections|dataclasses|pathlib|abc|django|django_\w+|rest_framework|marshmallow|celery|requests|httpx|rich|click|typer|jinja2|werkzeug|wtforms|json|os|re|logging)(?:\.|$)/;

/**
 * Local names that may be model classes, mapped to the class name: classes modelled in this file and capitalised
 * names imported from project modules. Resolvers drop names that no declaration explains.
 */
export function modelCandidates(py: PyFile, local: Iterable<string>): Map<string, string> {
  const names = new Map<string, string>();
  for (const name of local) names.set(name, name);
  for (const binding of py.imports.values()) {
    if (binding.imported === '*' || !/^[A-Z]/.test(binding.imported) || NOT_MODELS.test(binding.module)) continue;
    if (/^[A-Z0-9_]+$/.test(binding.imported)) continue; // CONSTANTS
    names.set(binding.local, binding.imported);
  }
  return names;
}

// Columns inherited across files. A model's columns may come from an abstract base or mixin in another module
// (`class Email(BaseModel)` with `BaseModel` in common/models.py). Extraction is per file, so the extractor states
// two facts as marker references that only the resolver reads and removes: "class X declares column c"
// (`<family>-mixin:X`) and "class M inherits X imported from module m" (`<family>-base:M:m`).

/** States the columns of a class that has no table of its own (abstract model, mixin), for subclasses elsewhere. */
export function addMixinColumns(ctx: ExtractorContext, family: string, cls: PyNode, name: string, columns: DeclaredColumn[]): void {
  for (const column of columns) {
    ctx.addReference({
      kind: 'column', relation: { schema: null, name }, column: column.name, access: 'ddl', written: column.field ?? column.name,
      quoted: false, confidence: 'inferred', location: column.location ?? ctx.locate(cls.startIndex, cls.startIndex), note: `${family}-mixin:${name}`,
    });
  }
}

/** States that class `name` inherits the imported classes among `bases` (their columns are known elsewhere, if at all). */
export function addImportedBases(ctx: ExtractorContext, py: PyFile, family: string, name: string, bases: PyNode[]): void {
  for (const base of bases) {
    const written = dottedName(base);
    const binding = written && !written.includes('.') ? py.importOf(written) : undefined;
    if (!binding || binding.imported === '*' || NOT_MODELS.test(binding.module)) continue;
    ctx.addReference({
      kind: 'relation', relation: { schema: null, name: binding.imported }, access: 'ddl', written: written!, quoted: false,
      confidence: 'inferred', location: ctx.locate(base.startIndex, base.endIndex), note: `${family}-base:${name}:${binding.module}`,
    });
  }
}

/** Whether `file` is the module `module` imported from `from` (relative imports keep their dots). */
export function isModuleFile(file: string, module: string, from: string): boolean {
  let path: string;
  const dots = /^\.*/.exec(module)![0].length;
  if (dots > 0) {
    const dir = from.split('/').slice(0, -1);
    const up = dir.slice(0, Math.max(0, dir.length - (dots - 1)));
    path = [...up, ...module.slice(dots).split('.').filter(Boolean)].join('/');
  } else path = module.replaceAll('.', '/');
  return [`${path}.py`, `${path}/__init__.py`].some((p) => file === p || file.endsWith(`/${p}`));
}

/**
 * Adds columns inherited from classes in other files to the declarations (replacing them in the array: declarations
 * are per run, the cached per-file results are not touched) and removes the marker references.
 */
function inheritColumns(references: Reference[], declarations: Declaration[], family: string, extractors: readonly string[]): Reference[] {
  const mixinNote = `${family}-mixin:`;
  const baseNote = `${family}-base:`;
  const mixins = new Map<string, { file: string; columns: DeclaredColumn[] }[]>();
  const bases = new Map<string, { name: string; module: string }[]>(); // key: `${file}\0${class}`
  const rest: Reference[] = [];
  for (const ref of references) {
    if (ref.note?.startsWith(mixinNote)) {
      const list = mixins.get(ref.relation.name) ?? [];
      let entry = list.find((m) => m.file === ref.location.file);
      if (!entry) list.push((entry = { file: ref.location.file, columns: [] }));
      mixins.set(ref.relation.name, list);
      const column: DeclaredColumn = { name: ref.column!, location: ref.location };
      if (ref.written !== ref.column) column.field = ref.written;
      entry.columns.push(column);
    } else if (ref.note?.startsWith(baseNote)) {
      const [child, module] = ref.note.slice(baseNote.length).split(':') as [string, string];
      const key = `${ref.location.file}\0${child}`;
      bases.set(key, [...(bases.get(key) ?? []), { name: ref.relation.name, module }]);
    } else rest.push(ref);
  }
  if (bases.size === 0) return rest;
  const inherited = (file: string, cls: string, seen: Set<string>): DeclaredColumn[] => {
    const out: DeclaredColumn[] = [];
    for (const base of bases.get(`${file}\0${cls}`) ?? []) {
      let found = mixins.get(base.name) ?? [];
      if (found.length > 1) found = found.filter((m) => isModuleFile(m.file, base.module, file));
      const mixin = found.length === 1 ? found[0]! : undefined;
      if (!mixin || seen.has(`${mixin.file}\0${base.name}`)) continue;
      seen.add(`${mixin.file}\0${base.name}`);
      out.push(...inherited(mixin.file, base.name, seen), ...mixin.columns);
    }
    return out;
  };
  declarations.forEach((decl, i) => {
    if (decl.model === undefined || !extractors.includes(decl.extractor)) return;
    const extra = inherited(decl.location.file, decl.model, new Set());
    const own = new Set(decl.columns.map((c) => c.name));
    const added = extra.filter((c) => !own.has(c.name) && own.add(c.name));
    if (added.length > 0) declarations[i] = { ...decl, columns: [...added, ...decl.columns] };
  });
  return rest;
}
