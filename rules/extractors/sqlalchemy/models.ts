import type { FileContext } from '../../../src/extractor.js';
import { argumentList, booleanLiteral, callArgs, dottedName, lastName, named, walk, type PyFile, type PyNode } from '../../../src/extract/python.js';
import type { Confidence, DeclaredColumn, QualifiedName } from '../../../src/types.js';

// Declarative models (classic Column, 2.0 Mapped/mapped_column, Flask-SQLAlchemy db.Model, SQLModel) and Table(...).

export interface ModelClass {
  name: string;
  node: PyNode;
  /** Undefined for mixins, abstract classes and single-table subclasses. */
  table?: { relation: QualifiedName; confidence: Confidence };
  columns: DeclaredColumn[];
  /** A SQLModel class (table or not): its annotated fields are columns. */
  sqlModel: boolean;
  /** An abstract base or mixin: no table of its own, its columns go to the tables of subclasses. */
  mixin: boolean;
}

const COLUMN_CALLS = new Set(['Column', 'mapped_column']);
const NOT_A_TYPE = new Set(['ForeignKey', 'Sequence', 'Computed', 'Identity', 'CheckConstraint', 'FetchedValue', 'DefaultClause']);
const COLLECTIONS = /^(?:List|list|Set|set|Dict|dict|Sequence|Collection|WriteOnlyMapped|DynamicMapped)\[/;

export function classBases(cls: PyNode): { names: string[]; keywords: Map<string, PyNode> } {
  const call = argumentList(cls.childForFieldName('superclasses'));
  return { names: call.positional.map((b) => dottedName(b) ?? '').filter(Boolean), keywords: call.keywords };
}

/** Class-level assignments of a class body (not inside methods): `[name node, annotation, value]`. */
export function classAssignments(cls: PyNode): { left: PyNode; type?: PyNode; right?: PyNode }[] {
  const body = cls.childForFieldName('body');
  const out: { left: PyNode; type?: PyNode; right?: PyNode }[] = [];
  for (const statement of body ? named(body) : []) {
    const assignment = statement.type === 'expression_statement' ? statement.namedChild(0) : null;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    if (left?.type !== 'identifier') continue;
    out.push({ left, type: assignment.childForFieldName('type') ?? undefined, right: assignment.childForFieldName('right') ?? undefined });
  }
  return out;
}

/** `Mapped[T]` → T; `Optional[T]`, `T | None`, `Union[T, None]` → { inner: T, optional }. */
function unwrapAnnotation(type: PyNode | undefined): { text: string; optional: boolean; mapped: boolean } | undefined {
  if (!type) return undefined;
  let text = type.text.replace(/\s+/g, ' ').trim();
  let mapped = false;
  const m = /^(?:\w+\.)?Mapped\[(.*)\]$/s.exec(text);
  if (m) {
    text = m[1]!.trim();
    mapped = true;
  }
  let optional = false;
  const opt = /^(?:typing\.)?Optional\[(.*)\]$/s.exec(text);
  if (opt) {
    text = opt[1]!.trim();
    optional = true;
  } else if (/\|\s*None$/.test(text) || /^None\s*\|/.test(text)) {
    text = text.replace(/\s*\|\s*None$/, '').replace(/^None\s*\|\s*/, '');
    optional = true;
  }
  return { text, optional, mapped };
}

function tableSchema(py: PyFile, args: PyNode | undefined): string | null | undefined {
  let dict = args;
  if (dict?.type === 'tuple') dict = named(dict).filter((n) => n.type !== 'comment').at(-1);
  if (dict?.type !== 'dictionary') return null;
  for (const pair of named(dict)) {
    if (pair.type !== 'pair' || py.evaluate(pair.childForFieldName('key'))?.value !== 'schema') continue;
    return py.evaluate(pair.childForFieldName('value'))?.value;
  }
  return null;
}

/** Flask-SQLAlchemy's default table name: CamelCase → snake_case. */
function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

export interface ColumnCall {
  call: PyNode;
  callee: string;
}

/** `Column(...)`, `sa.Column(...)`, `db.Column(...)`, `mapped_column(...)`, also inside `deferred(...)`. */
export function columnCall(node: PyNode | undefined): ColumnCall | undefined {
  if (node?.type !== 'call') return undefined;
  const callee = lastName(node.childForFieldName('function'));
  if (callee && COLUMN_CALLS.has(callee)) return { call: node, callee };
  if (callee === 'deferred' || callee === 'column_property') return columnCall(callArgs(node).positional[0]);
  return undefined;
}

/** Reads one Column/mapped_column call: the database name, the type as written and nullability. */
export function readColumnCall(
  ctx: FileContext,
  py: PyFile,
  column: ColumnCall,
  attribute: PyNode | undefined,
  annotation: ReturnType<typeof unwrapAnnotation>,
): DeclaredColumn | undefined {
  const args = callArgs(column.call);
  let nameNode: PyNode | undefined = args.keywords.get('name');
  let type: string | undefined;
  for (const arg of args.positional) {
    if (arg.type === 'string' && !nameNode && !type) nameNode = arg;
    else if (!type && !NOT_A_TYPE.has(lastName(arg.type === 'call' ? arg.childForFieldName('function') : arg) ?? '')) type = arg.text;
  }
  const dbName = nameNode ? py.evaluate(nameNode)?.value : attribute?.text;
  if (dbName === undefined) {
    ctx.skip(column.call.startIndex, `column name is not static: ${column.call.text.slice(0, 60)}`);
    return undefined;
  }
  const primaryKey = booleanLiteral(args.keywords.get('primary_key')) === true;
  const explicit = booleanLiteral(args.keywords.get('nullable'));
  const nullable = explicit ?? (primaryKey ? false : annotation?.mapped ? annotation.optional : true);
  const at = nameNode ?? attribute ?? column.call;
  const result: DeclaredColumn = { name: dbName };
  const typeText = type ?? (annotation?.mapped ? annotation.text : undefined);
  if (typeText !== undefined) result.type = typeText;
  result.nullable = nullable;
  result.location = ctx.locate(at.startIndex, at.endIndex);
  if (attribute && attribute.text !== dbName) result.field = attribute.text;
  return result;
}

/** The columns a model class declares itself (not inherited). */
function ownColumns(ctx: FileContext, py: PyFile, cls: PyNode, isSqlModel: boolean, modelNames: Set<string>): DeclaredColumn[] {
  const columns: DeclaredColumn[] = [];
  for (const { left, type, right } of classAssignments(cls)) {
    if (left.text.startsWith('__')) continue;
    const annotation = unwrapAnnotation(type);
    const call = columnCall(right);
    if (call) {
      const declared = readColumnCall(ctx, py, call, left, annotation);
      if (declared) columns.push(declared);
      continue;
    }
    // Other assignments are relationships, properties or defaults; SQLModel fields may be `= Field(...)` or a default.
    const callee = right?.type === 'call' ? lastName(right.childForFieldName('function')) : undefined;
    if (right && !(isSqlModel && (callee === 'Field' || callee === undefined))) continue;
    if (!annotation || /^(?:typing\.)?ClassVar\b/.test(annotation.text)) continue;
    // Annotation-only `Mapped[T]` (2.0) and SQLModel fields are columns; collections and other models are relationships.
    if (!annotation.mapped && !isSqlModel) continue;
    const inner = annotation.text;
    if (/^["']/.test(inner) || COLLECTIONS.test(inner) || modelNames.has(inner)) continue;
    const field = callee === 'Field' ? callArgs(right!) : undefined;
    const explicit = booleanLiteral(field?.keywords.get('nullable'));
    const primaryKey = booleanLiteral(field?.keywords.get('primary_key')) === true;
    const column: DeclaredColumn = {
      name: left.text,
      type: isSqlModel ? type!.text : inner,
      nullable: explicit ?? (primaryKey ? false : annotation.optional),
      location: ctx.locate(left.startIndex, left.endIndex),
    };
    columns.push(column);
  }
  return columns;
}

/** Finds model classes in the file, in source order. */
export function findModels(ctx: FileContext, py: PyFile): ModelClass[] {
  const classes = py.nodesOfType('class_definition');
  const byName = new Map<string, ModelClass>();
  const modelNames = new Set(classes.map((c) => c.childForFieldName('name')?.text ?? ''));
  const models: ModelClass[] = [];
  for (const cls of classes) {
    const nameNode = cls.childForFieldName('name');
    if (!nameNode) continue;
    const name = nameNode.text;
    const bases = classBases(cls);
    const assignments = new Map(classAssignments(cls).map((a) => [a.left.text, a.right]));
    const isAbstract = booleanLiteral(assignments.get('__abstract__')) === true;
    const parents = bases.names.map((b) => byName.get(b)).filter((m): m is ModelClass => m !== undefined);
    // `class User(UserBase, table=True)` with `class UserBase(SQLModel)`: fields of non-table SQLModel bases are columns.
    const isTable = booleanLiteral(bases.keywords.get('table')) === true;
    const sqlModel = isTable || parents.some((p) => p.sqlModel) || bases.names.some((b) => b === 'SQLModel' || b.endsWith('.SQLModel'));
    const isSqlModel = sqlModel && isTable;
    const inherited = parents.flatMap((p) => (p.table ? [] : p.columns));
    const own = ownColumns(ctx, py, cls, sqlModel, modelNames);
    const tablename = assignments.get('__tablename__');
    const hasTablenameMethod = cls.childForFieldName('body')?.text.includes('def __tablename__') === true;
    const mixin = isAbstract || (!tablename && !hasTablenameMethod && !isTable && !parents.some((p) => p.table));
    const model: ModelClass = { name, node: cls, columns: [...inherited, ...own], sqlModel, mixin };
    byName.set(name, model);
    models.push(model);
    if (isAbstract) continue;
    if (tablename || hasTablenameMethod) {
      const value = tablename ? py.evaluate(tablename)?.value : undefined;
      if (value === undefined || bases.names.length === 0) {
        if (bases.names.length > 0) ctx.skip(cls.startIndex, `table name of model ${name} is not static`);
        continue;
      }
      const schema = tableSchema(py, assignments.get('__table_args__') ?? undefined);
      model.table = { relation: { schema: schema ?? null, name: value }, confidence: 'exact' };
    } else if (isSqlModel) {
      model.table = { relation: { schema: null, name: name.toLowerCase() }, confidence: 'inferred' };
    } else if (parents.some((p) => p.table)) {
      // Single-table inheritance: the subclass's columns live in the parent's table.
      const parent = parents.find((p) => p.table)!;
      parent.columns.push(...own);
    } else if (bases.names.some((b) => /^\w+\.Model$/.test(b) && !b.startsWith('models.')) && own.length > 0) {
      model.table = { relation: { schema: null, name: snakeCase(name) }, confidence: 'inferred' };
    }
  }
  return models;
}

/** Whether `callee` (as written) is SQLAlchemy's `name`: imported from sqlalchemy/sqlmodel, or `sa.name`, `db.name`. */
export function isSqlalchemyCallee(py: PyFile, callee: string | undefined, name: string): boolean {
  if (!callee) return false;
  if (callee === name) return LIBRARY.test(py.importOf(name)?.module ?? '') && py.importOf(name)?.imported === name;
  const dot = callee.lastIndexOf('.');
  if (callee.slice(dot + 1) !== name) return false;
  const receiver = callee.slice(0, dot);
  if (/^(?:\w+\.)?db$/.test(receiver)) return true;
  const binding = py.importOf(receiver.split('.')[0]!);
  return binding !== undefined && LIBRARY.test(binding.imported === '*' ? binding.module : `${binding.module}.${binding.imported}`);
}

const LIBRARY = /^(?:sqlalchemy|sqlmodel|flask_sqlalchemy)\b/;

/** `Table('name', metadata, Column('c', Type), schema='s')` declarations. */
export function findTables(ctx: FileContext, py: PyFile, visit: (table: { relation: QualifiedName; columns: DeclaredColumn[]; at: PyNode }) => void): void {
  py.nodesOfType('call').forEach((node) => {
    if (node.type !== 'call' || !isSqlalchemyCallee(py, dottedName(node.childForFieldName('function')), 'Table')) return undefined;
    const args = callArgs(node);
    const first = args.positional[0];
    if (!first) return undefined;
    const name = py.evaluate(first)?.value;
    if (name === undefined) {
      ctx.skip(node.startIndex, `table name is not static: ${first.text.slice(0, 60)}`);
      return undefined;
    }
    const schemaNode = args.keywords.get('schema');
    const schema = schemaNode ? py.evaluate(schemaNode)?.value ?? null : null;
    const columns: DeclaredColumn[] = [];
    for (const arg of args.positional.slice(1)) {
      const column = columnCall(arg);
      if (!column) continue;
      const declared = readColumnCall(ctx, py, column, undefined, undefined);
      if (declared) columns.push(declared);
    }
    visit({ relation: { schema, name }, columns, at: first });
    return undefined;
  });
}

/** `ForeignKey('schema.table.column')` and SQLModel `Field(foreign_key='table.column')`: the target, stated by the model. */
export function findForeignKeys(ctx: FileContext, py: PyFile, models: ReadonlyMap<string, string>, note: string): void {
  py.nodesOfType('call').forEach((node) => {
    if (node.type !== 'call') return undefined;
    const callee = lastName(node.childForFieldName('function'));
    const args = callArgs(node);
    const target = callee === 'ForeignKey' ? args.positional[0] : callee === 'Field' ? args.keywords.get('foreign_key') : undefined;
    if (!target) return undefined;
    const attribute = target.type === 'attribute' ? target.childForFieldName('attribute') : undefined;
    const model = models.get(target.childForFieldName('object')?.text ?? '');
    if (attribute && model) {
      ctx.addReference({
        kind: 'column', relation: { schema: null, name: model }, column: attribute.text, access: 'ddl', written: target.text,
        quoted: false, confidence: 'inferred', location: ctx.locate(target.startIndex, target.endIndex), note: `${note}:${model}`,
      });
      return undefined;
    }
    const value = py.evaluate(target)?.value;
    const parts = value?.split('.');
    if (!parts || parts.length < 2 || parts.length > 3) {
      ctx.skip(target.startIndex, `foreign key target is not static: ${target.text.slice(0, 60)}`);
      return undefined;
    }
    ctx.addReference({
      kind: 'column',
      relation: { schema: parts.length === 3 ? parts[0]! : null, name: parts.at(-2)! },
      column: parts.at(-1)!,
      access: 'ddl',
      written: value!,
      quoted: false,
      confidence: 'exact',
      location: ctx.locate(target.startIndex, target.endIndex),
    });
    return undefined;
  });
}
