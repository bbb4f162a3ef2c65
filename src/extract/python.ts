import { createRequire } from 'node:module';
import { Language, Parser, type Node as TsNode, type Tree } from 'web-tree-sitter';
import type { FileContext as ExtractorContext } from '../extractor.js';
import type { Declaration, DeclaredColumn, Reference } from '../types.js';

/** A tree-sitter syntax node. web-tree-sitter parses JS strings as UTF-16: `startIndex`/`endIndex` are UTF-16 indices. */
export type PyNode = TsNode;

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/** Loads tree-sitter and the Python grammar (WASM) once; extraction is synchronous afterwards. */
export function ensurePythonParser(): Promise<void> {
  loading ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    const language = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
    const instance = new Parser();
    instance.setLanguage(language);
    parser = instance;
  })();
  return loading;
}

export function isPythonParserLoaded(): boolean {
  return parser !== undefined;
}

/** Parses Python source with the loaded parser. The caller must `tree.delete()` (WASM memory is not collected). */
export function parsePython(source: string): Tree | undefined {
  return parser?.parse(source) ?? undefined;
}

/** Migrations are the schema, not usage: alembic `versions/`, Django and Flask-Migrate `migrations/`. */
export function isPythonMigration(file: string): boolean {
  const parts = file.split('/');
  return parts.slice(0, -1).some((p) => p === 'migrations' || p === 'versions' || p === 'alembic');
}

/**
 * Parses the file, runs `fn` on a helper for it, and always frees the tree.
 * Records a skip when the parser is not loaded or the file has syntax errors that leave nothing to read.
 */
export function withPythonFile(ctx: ExtractorContext, fn: (py: PyFile) => void): void {
  const py = sharedParse(ctx.source);
  if (!py) {
    ctx.skip(null, 'python parser not loaded');
    return;
  }
  const root = py.root;
  if (root.hasError) {
    const error = firstError(root);
    if (error) ctx.skip(error.startIndex, `parsed with errors (line ${error.startPosition.row + 1})`);
  }
  fn(py);
}

// One parse per file shared by every Python extractor: the last tree is kept until another source is parsed
// (a single WASM tree at a time, freed on replacement).
let last: { source: string; tree: Tree; py: PyFile } | undefined;

function sharedParse(source: string): PyFile | undefined {
  if (last?.source === source) return last.py;
  const tree = parsePython(source);
  if (!tree) return undefined;
  last?.tree.delete();
  last = { source, tree, py: new PyFile(tree.rootNode, source) };
  return last.py;
}

/** Frees the tree kept for sharing (tests and long-running hosts). */
export function releasePythonTrees(): void {
  last?.tree.delete();
  last = undefined;
}

function firstError(node: PyNode): PyNode | undefined {
  if (node.type === 'ERROR' || node.isMissing) return node;
  for (const child of node.children) {
    if (child && child.hasError) return firstError(child) ?? child;
  }
  return undefined;
}

/** Named children without nulls. */
export function named(node: PyNode): PyNode[] {
  return node.namedChildren.filter((c): c is PyNode => c !== null);
}

/** Visits every node in source order; `enter` returning `false` skips the node's children. */
export function walk(root: PyNode, enter: (node: PyNode) => boolean | void): void {
  const stack: PyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (enter(node) === false) continue;
    const kids = named(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}

/** `a.b.c` for identifiers and attribute chains; undefined for anything else (calls, subscripts). */
export function dottedName(node: PyNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = dottedName(node.childForFieldName('object'));
    const attribute = node.childForFieldName('attribute');
    return object && attribute ? `${object}.${attribute.text}` : undefined;
  }
  return undefined;
}

/** The last segment of a callee: `Column` for `sa.Column`, `filter_by` for `session.query(U).filter_by`. */
export function lastName(node: PyNode | null | undefined): string | undefined {
  if (node?.type === 'attribute') return node.childForFieldName('attribute')?.text;
  return node?.type === 'identifier' ? node.text : undefined;
}

export interface CallArgs {
  positional: PyNode[];
  keywords: Map<string, PyNode>;
  keywordNames: Map<string, PyNode>;
  /** `*args` / `**kwargs` present: the argument list is not fully static. */
  hasSplat: boolean;
}

export function callArgs(call: PyNode): CallArgs {
  return argumentList(call.childForFieldName('arguments'));
}

/** The arguments of an argument list (a call's, or a class's superclasses). */
export function argumentList(list: PyNode | null | undefined): CallArgs {
  const result: CallArgs = { positional: [], keywords: new Map(), keywordNames: new Map(), hasSplat: false };
  if (!list) return result;
  if (list.type !== 'argument_list') {
    result.positional.push(list); // generator expression argument
    return result;
  }
  for (const arg of named(list)) {
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name');
      const value = arg.childForFieldName('value');
      if (name && value) {
        result.keywords.set(name.text, value);
        result.keywordNames.set(name.text, name);
      }
    } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') result.hasSplat = true;
    else if (arg.type !== 'comment') result.positional.push(arg);
  }
  return result;
}

/** Python truthiness of a literal: `True`/`False`, otherwise undefined. */
export function booleanLiteral(node: PyNode | undefined): boolean | undefined {
  if (node?.type === 'true') return true;
  if (node?.type === 'false') return false;
  return undefined;
}

export interface PyImport {
  local: string;
  /** The module as written, relative ones keep their dots: `.models`, `sqlalchemy.orm`. */
  module: string;
  /** The imported name, or `*` for `import module`. */
  imported: string;
}

/**
 * A static string with, for every character, the source range it came from, so offsets in the value
 * (SQL text, a table name) map back to the file. Characters substituted from constants map to the expression.
 */
export interface StaticText {
  value: string;
  starts: number[];
  ends: number[];
  /** Parts that could not be computed (only with `holes`): their position in `value` and the source node. */
  holes: { index: number; length: number; node: PyNode }[];
}

export interface EvaluateOptions {
  /** Replace an expression that cannot be computed by this text instead of failing. */
  hole?: (node: PyNode, before: string) => string;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/** Per-file helper: imports, module-level constants, and constant folding of strings. */
export class PyFile {
  readonly imports = new Map<string, PyImport>();
  readonly #constants = new Map<string, PyNode | null>();
  readonly #evaluating = new Set<string>();

  constructor(
    readonly root: PyNode,
    readonly source: string,
  ) {
    for (const statement of named(root)) this.#collectTopLevel(statement);
  }

  #collectTopLevel(statement: PyNode): void {
    if (statement.type === 'import_statement') {
      for (const name of statement.childrenForFieldName('name')) {
        if (!name) continue;
        if (name.type === 'aliased_import') {
          const module = name.childForFieldName('name')?.text ?? '';
          const alias = name.childForFieldName('alias')?.text ?? module;
          this.imports.set(alias, { local: alias, module, imported: '*' });
        } else {
          const first = name.text.split('.')[0]!;
          this.imports.set(first, { local: first, module: first, imported: '*' });
        }
      }
    } else if (statement.type === 'import_from_statement') {
      const module = statement.childForFieldName('module_name')?.text ?? '';
      for (const name of statement.childrenForFieldName('name')) {
        if (!name) continue;
        if (name.type === 'aliased_import') {
          const imported = name.childForFieldName('name')?.text ?? '';
          const alias = name.childForFieldName('alias')?.text ?? imported;
          this.imports.set(alias, { local: alias, module, imported });
        } else this.imports.set(name.text, { local: name.text, module, imported: name.text });
      }
    } else if (statement.type === 'expression_statement') {
      const assignment = statement.namedChild(0);
      if (assignment?.type === 'assignment' || assignment?.type === 'augmented_assignment') {
        const left = assignment.childForFieldName('left');
        const right = assignment.childForFieldName('right');
        if (left?.type === 'identifier' && right) {
          // Assigned more than once (or augmented): not a constant.
          const once = assignment.type === 'assignment' && !this.#constants.has(left.text);
          this.#constants.set(left.text, once ? right : null);
        }
      }
    } else if (statement.type === 'if_statement' || statement.type === 'try_statement') {
      // Conditional definitions are not constants: mark every name assigned inside as ambiguous.
      walk(statement, (node) => {
        if (node.type === 'assignment' || node.type === 'augmented_assignment') {
          const left = node.childForFieldName('left');
          if (left?.type === 'identifier') this.#constants.set(left.text, null);
        }
        if (node.type === 'function_definition' || node.type === 'class_definition') return false;
        return undefined;
      });
    }
  }

  #byType: Map<string, PyNode[]> | undefined;

  /** Every node of a type, in source order, from one shared walk of the file. */
  nodesOfType(type: string): PyNode[] {
    if (!this.#byType) {
      const byType = new Map<string, PyNode[]>();
      walk(this.root, (node) => {
        const type = node.type;
        if (type === 'call' || type === 'attribute' || type === 'class_definition') {
          let list = byType.get(type);
          if (!list) byType.set(type, (list = []));
          list.push(node);
        }
      });
      this.#byType = byType;
    }
    return this.#byType.get(type) ?? [];
  }

  /** Where a local name is imported from, or undefined. */
  importOf(local: string): PyImport | undefined {
    return this.imports.get(local);
  }

  /** The single module-level assignment of a name, if it is assigned exactly once. */
  moduleConstant(name: string): PyNode | undefined {
    return this.#constants.get(name) ?? undefined;
  }

  /**
   * The value a name has at `use`: a single assignment in the enclosing function (not a parameter, no `+=`),
   * else a module-level constant.
   */
  valueOf(identifier: PyNode): PyNode | undefined {
    const name = identifier.text;
    for (let scope = identifier.parent; scope; scope = scope.parent) {
      if (scope.type !== 'function_definition') continue;
      const params = scope.childForFieldName('parameters');
      if (params && named(params).some((p) => paramName(p) === name)) return undefined;
      const body = scope.childForFieldName('body');
      let found: PyNode | undefined;
      let count = 0;
      if (body) {
        walk(body, (node) => {
          if (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'lambda') return false;
          if (node.type === 'assignment' || node.type === 'augmented_assignment' || node.type === 'for_statement') {
            const left = node.childForFieldName('left');
            if (left?.type === 'identifier' && left.text === name) {
              count++;
              found = node.type === 'assignment' ? node.childForFieldName('right') ?? undefined : undefined;
            } else if (left && left.type !== 'identifier' && left.text.split(/[\s,()[\]]+/).includes(name)) count += 2;
          }
          return undefined;
        });
      }
      if (count === 1 && found && found.startIndex < identifier.startIndex) return found;
      if (count > 0) return undefined;
    }
    return this.moduleConstant(name);
  }

  /** The static string value of an expression, with a source range per character; undefined when dynamic. */
  evaluate(node: PyNode | null | undefined, options: EvaluateOptions = {}): StaticText | undefined {
    const out: StaticText = { value: '', starts: [], ends: [], holes: [] };
    return node && this.#append(node, out, options) ? out : undefined;
  }

  #hole(node: PyNode, out: StaticText, options: EvaluateOptions): boolean {
    if (!options.hole) return false;
    const text = options.hole(node, out.value);
    out.holes.push({ index: out.value.length, length: text.length, node });
    pushSpan(out, text, node.startIndex, node.endIndex);
    return true;
  }

  #append(node: PyNode, out: StaticText, options: EvaluateOptions): boolean {
    switch (node.type) {
      case 'string':
        return this.#appendString(node, out, options);
      case 'concatenated_string':
        return named(node).every((part) => part.type === 'comment' || this.#append(part, out, options));
      case 'parenthesized_expression': {
        const inner = named(node).filter((n) => n.type !== 'comment');
        return inner.length === 1 && this.#append(inner[0]!, out, options);
      }
      case 'integer':
        pushSpan(out, node.text, node.startIndex, node.endIndex);
        return true;
      case 'binary_operator': {
        const operator = node.childForFieldName('operator')?.text;
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (operator !== '+' || !left || !right) return this.#hole(node, out, options);
        return this.#append(left, out, options) && this.#append(right, out, options);
      }
      case 'identifier': {
        if (this.#evaluating.has(node.text)) return this.#hole(node, out, options);
        const value = this.valueOf(node);
        if (!value) return this.#hole(node, out, options);
        // A constant's characters all map to the identifier that names it here.
        this.#evaluating.add(node.text);
        const inner = this.evaluate(value, {});
        this.#evaluating.delete(node.text);
        if (!inner) return this.#hole(node, out, options);
        pushSpan(out, inner.value, node.startIndex, node.endIndex);
        return true;
      }
      default:
        return this.#hole(node, out, options);
    }
  }

  #appendString(node: PyNode, out: StaticText, options: EvaluateOptions): boolean {
    const start = node.child(0);
    const prefix = (start?.type === 'string_start' ? start.text : '').replace(/['"]+$/, '').toLowerCase();
    const isRaw = prefix.includes('r');
    const isFormat = prefix.includes('f') || prefix.includes('t');
    for (const part of named(node)) {
      if (part.type === 'string_content') {
        decodeContent(this.source, part.startIndex, part.endIndex, isRaw, isFormat, out);
      } else if (part.type === 'interpolation') {
        const expression = part.childForFieldName('expression');
        const plain = !part.childForFieldName('type_conversion') && !part.childForFieldName('format_specifier');
        const before = out.value.length;
        if (expression && plain) {
          const ok = this.#append(expression, out, {});
          if (ok) {
            // Characters of a folded interpolation point at the whole `{expr}`.
            for (let i = before; i < out.value.length; i++) {
              out.starts[i] = part.startIndex;
              out.ends[i] = part.endIndex;
            }
            continue;
          }
          out.value = out.value.slice(0, before);
          out.starts.length = before;
          out.ends.length = before;
        }
        if (!this.#hole(part, out, options)) return false;
      }
    }
    return true;
  }
}

function paramName(param: PyNode): string | undefined {
  if (param.type === 'identifier') return param.text;
  const name = param.childForFieldName('name') ?? named(param).find((n) => n.type === 'identifier');
  return name?.text;
}

function pushSpan(out: StaticText, text: string, start: number, end: number): void {
  out.value += text;
  for (let i = 0; i < text.length; i++) {
    out.starts.push(start);
    out.ends.push(end);
  }
}

/** Decodes one string_content range (escapes, `{{` in f-strings), recording each character's source range. */
function decodeContent(source: string, from: number, to: number, isRaw: boolean, isFormat: boolean, out: StaticText): void {
  let i = from;
  while (i < to) {
    const ch = source[i]!;
    if (isFormat && (ch === '{' || ch === '}') && source[i + 1] === ch) {
      pushSpan(out, ch, i, i + 2);
      i += 2;
      continue;
    }
    if (ch !== '\\' || isRaw || i + 1 >= to) {
      pushSpan(out, ch, i, i + 1);
      i++;
      continue;
    }
    const next = source[i + 1]!;
    if (next === '\n') {
      i += 2;
      continue;
    }
    if (next === '\r') {
      i += source[i + 2] === '\n' ? 3 : 2;
      continue;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      pushSpan(out, simple, i, i + 2);
      i += 2;
      continue;
    }
    const hex = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (hex > 0 && /^[0-9a-fA-F]+$/.test(source.slice(i + 2, i + 2 + hex)) && i + 2 + hex <= to) {
      pushSpan(out, String.fromCodePoint(parseInt(source.slice(i + 2, i + 2 + hex), 16)), i, i + 2 + hex);
      i += 2 + hex;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(source.slice(i + 1, Math.min(to, i + 4)));
    if (octal) {
      pushSpan(out, String.fromCharCode(parseInt(octal[0], 8)), i, i + 1 + octal[0].length);
      i += 1 + octal[0].length;
      continue;
    }
    if (next === 'N' && source[i + 2] === '{') {
      const close = source.indexOf('}', i);
      if (close > 0 && close < to) {
        pushSpan(out, '?', i, close + 1);
        i = close + 1;
        continue;
      }
    }
    // Unknown escapes keep the backslash, as Python does.
    pushSpan(out, '\\', i, i + 1);
    i++;
  }
}

/** Source range of `value[start, end)` of a static text. */
export function sourceRange(text: StaticText, start: number, end: number): [number, number] {
  if (text.starts.length === 0) return [0, 0];
  const a = text.starts[Math.min(start, text.starts.length - 1)]!;
  const b = end > start ? text.ends[Math.min(end - 1, text.ends.length - 1)]! : a;
  return [a, Math.max(a, b)];
}

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
