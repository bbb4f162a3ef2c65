import { named, walk, type PyNode } from './python-syntax.js';
import { StaticTextEvaluator, type EvaluateOptions, type StaticText } from './python-static-text.js';

export interface PyImport {
  local: string;
  /** The module as written, relative ones keep their dots: `.models`, `sqlalchemy.orm`. */
  module: string;
  /** The imported name, or `*` for `import module`. */
  imported: string;
}

/** Per-file helper: imports, module-level constants, and constant folding of strings. */
export class PyFile {
  readonly imports = new Map<string, PyImport>();
  readonly #constants = new Map<string, PyNode | null>();
  readonly #text: StaticTextEvaluator;

  constructor(
    readonly root: PyNode,
    readonly source: string,
  ) {
    for (const statement of named(root)) this.#collectTopLevel(statement);
    this.#text = new StaticTextEvaluator(source, (identifier) => this.valueOf(identifier));
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
    return this.#text.evaluate(node, options);
  }
}

function paramName(param: PyNode): string | undefined {
  if (param.type === 'identifier') return param.text;
  const name = param.childForFieldName('name') ?? named(param).find((n) => n.type === 'identifier');
  return name?.text;
}
