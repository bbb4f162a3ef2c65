import type { Declaration, Location, Reference } from './types.js';

export type Language = 'ts' | 'js' | 'py' | 'sql' | 'prisma';

/** An ESTree node as produced by oxc-parser (offsets are UTF-16 indices into the source). */
export interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: any;
}

/** What an extractor adds: a Reference without the fields the context fills in. */
export type ReferenceInput = Omit<Reference, 'extractor' | 'location'> & { location: Location };
export type DeclarationInput = Omit<Declaration, 'extractor'>;

/** An import binding in the current file: `import { createClient as cc } from '@supabase/supabase-js'`. */
export interface ImportBinding {
  local: string;
  source: string;
  /** The exported name, `default` for default imports, `*` for namespace imports and `require()` of the module. */
  imported: string;
}

/**
 * What an identifier is bound to where it is used, through the enclosing functions and blocks (`JsContext.bindingOf`).
 * `scope` is the node whose scope declares the name: the Program for a top-level name, the function for a parameter.
 */
export type Binding = (
  /** `init` only when the declarator binds the name alone: `const x = …`, not `const { x } = …` nor `for (const x of …)`. */
  | { kind: 'variable'; declarationKind: 'const' | 'let' | 'var' | 'using' | 'await using'; init?: Node }
  /** A function parameter: its default value and its TypeScript type, when written on the name itself. */
  | { kind: 'parameter'; defaultValue?: Node; type?: Node }
  /** `import`, and a variable initialised by `require('m')` or `await import('m')`. */
  | { kind: 'import'; binding: ImportBinding }
  /** A function, class, enum or namespace name, or a catch parameter. */
  | { kind: 'other' }
) & { scope: Node };

export interface FileContext {
  /** Project-relative POSIX path. */
  readonly file: string;
  readonly source: string;
  readonly language: Language;
  /** Packages found in the project's manifests (package.json, requirements.txt, pyproject.toml). */
  readonly packages: ReadonlySet<string>;
  /** Location of a UTF-16 offset range in this file. */
  locate(start: number, end: number): Location;
  addReference(ref: ReferenceInput): void;
  addDeclaration(decl: DeclarationInput): void;
  /** Record that something could not be computed statically (shown under --debug, never a finding). */
  skip(offset: number | null, reason: string): void;
}

export interface JsContext extends FileContext {
  readonly program: Node;
  /** Import and require() bindings of this file, by local name. */
  readonly imports: ReadonlyMap<string, ImportBinding>;
  /** The parent of a node, for visitors that need to look upward. */
  parentOf(node: Node): Node | undefined;
  /**
   * The static string value of an expression: string literals, template literals without expressions,
   * `+` concatenation, and identifiers bound to such constants (in this file or imported). `undefined` when dynamic.
   */
  evaluate(node: Node | null | undefined): string | undefined;
  /**
   * The binding an identifier resolves to at its place; `undefined` when nothing in the file declares the name (a
   * global). The file's scopes are analysed on the first call only, so files that never ask pay nothing.
   */
  bindingOf(identifier: Node): Binding | undefined;
  /** The initialiser of the `const` an identifier resolves to at its place (`const x = …`), if any. */
  constantAt(identifier: Node): Node | undefined;
}

export type Visitor = Record<string, (node: Node) => void>;

interface ExtractorBase {
  /** kebab-case, stable, never reused. */
  id: string;
  title: string;
  /** Package names (or patterns) in the project's manifests that turn the extractor on. Empty: always on. */
  enablers: (string | RegExp)[];
  /** Cheap prefilter: a file is parsed for this extractor only when its text contains one of these. */
  keywords: string[];
}

export interface JsExtractor extends ExtractorBase {
  languages: ('ts' | 'js')[];
  createVisitor(ctx: JsContext): Visitor;
}

export interface FileExtractor extends ExtractorBase {
  /** File globs the extractor claims, e.g. `**\/*.prisma`; or languages for whole-file formats such as Python. */
  files?: string[];
  languages?: Language[];
  extractFile(ctx: FileContext): void;
}

export type Extractor = (JsExtractor | FileExtractor) & { docsUrl: string };

/** What a resolver may ask about the project beyond its references and declarations. */
export interface ResolveContext {
  /** Whether another project file imports this one (worked out on first use, from every script's imports). */
  isImported(file: string): boolean;
}

/** Post-extraction: maps ORM model and field names in references to the declared tables and columns. */
export type Resolver = (references: Reference[], declarations: Declaration[], context?: ResolveContext) => Reference[];

export const DOCS_BASE = 'https://github.com/dbref/dbref/blob/main/docs/rules';

export function defineExtractor<T extends JsExtractor | FileExtractor>(definition: T): T & { docsUrl: string } {
  return { ...definition, docsUrl: `${DOCS_BASE}/${definition.id}.md` };
}

export function isJsExtractor(extractor: JsExtractor | FileExtractor): extractor is JsExtractor {
  return 'createVisitor' in extractor;
}
