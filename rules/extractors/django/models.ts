import type { FileContext } from '../../../src/extractor.js';
import { argumentList, booleanLiteral, callArgs, dottedName, lastName, named, walk, type PyFile, type PyNode } from '../../../src/extract/python.js';
import type { Confidence, DeclaredColumn, QualifiedName } from '../../../src/types.js';

// Django models: `class Article(models.Model)` → `<app_label>_<model>` unless `class Meta: db_table`.

export interface DjangoModel {
  name: string;
  node: PyNode;
  nameNode: PyNode;
  abstract: boolean;
  proxy: boolean;
  table?: { relation: QualifiedName; confidence: Confidence };
  columns: DeclaredColumn[];
  /** Auto-created many-to-many join tables. */
  joins: { relation: QualifiedName; confidence: Confidence; columns: DeclaredColumn[]; at: PyNode }[];
}

const RELATED = new Set(['ForeignKey', 'OneToOneField', 'ParentalKey']);

// Abstract models of django.contrib.auth that custom user models inherit: their fields are columns of the subclass.
const PASSWORD_FIELDS: [string, string, boolean][] = [['password', 'CharField', false], ['last_login', 'DateTimeField', true]];
const PERMISSION_FIELDS: [string, string, boolean][] = [['is_superuser', 'BooleanField', false]];
const PERMISSION_JOINS: [string, string][] = [['groups', 'Group'], ['user_permissions', 'Permission']];
const AUTH_BASES: Record<string, { fields: [string, string, boolean][]; joins: [string, string][] }> = {
  AbstractBaseUser: { fields: PASSWORD_FIELDS, joins: [] },
  PermissionsMixin: { fields: PERMISSION_FIELDS, joins: PERMISSION_JOINS },
  AbstractUser: {
    fields: [
      ...PASSWORD_FIELDS, ...PERMISSION_FIELDS,
      ['username', 'CharField', false], ['first_name', 'CharField', false], ['last_name', 'CharField', false],
      ['email', 'EmailField', false], ['is_staff', 'BooleanField', false], ['is_active', 'BooleanField', false],
      ['date_joined', 'DateTimeField', false],
    ],
    joins: PERMISSION_JOINS,
  },
};

/** The django.contrib.auth abstract base a class name stands for, when imported from Django. */
function authBase(py: PyFile, base: string): (typeof AUTH_BASES)[string] | undefined {
  const name = base.slice(base.lastIndexOf('.') + 1);
  const binding = py.importOf(base.split('.')[0]!);
  const module = binding ? (binding.imported === '*' ? binding.module : `${binding.module}.${binding.imported}`) : '';
  return Object.hasOwn(AUTH_BASES, name) && /^django\.contrib\.auth\b/.test(module) ? AUTH_BASES[name] : undefined;
}

/** The app label Django derives: the package holding `models.py` (or the `models/` package). */
export function appLabel(file: string): string | undefined {
  const parts = file.split('/');
  parts.pop();
  if (parts.at(-1) === 'models') parts.pop();
  return parts.at(-1);
}

/** `models.CharField(...)`, `CharField(...)` imported from django, or any `*Field(...)` inside a model body. */
function fieldCall(node: PyNode | undefined): { call: PyNode; kind: string } | undefined {
  if (node?.type !== 'call') return undefined;
  const kind = lastName(node.childForFieldName('function'));
  return kind && (kind.endsWith('Field') || RELATED.has(kind)) ? { call: node, kind } : undefined;
}

function metaOptions(cls: PyNode): Map<string, PyNode> {
  const options = new Map<string, PyNode>();
  const body = cls.childForFieldName('body');
  for (const statement of body ? named(body) : []) {
    if (statement.type !== 'class_definition' || statement.childForFieldName('name')?.text !== 'Meta') continue;
    const metaBody = statement.childForFieldName('body');
    for (const inner of metaBody ? named(metaBody) : []) {
      const assignment = inner.type === 'expression_statement' ? inner.namedChild(0) : null;
      const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
      const right = assignment?.childForFieldName('right');
      if (left?.type === 'identifier' && right) options.set(left.text, right);
    }
  }
  return options;
}

/** The model a relation field points to: `User`, `'auth.User'`, `settings.AUTH_USER_MODEL`, `'self'`. */
function relatedModel(py: PyFile, node: PyNode | undefined, self: string): string | undefined {
  if (!node) return undefined;
  const value = node.type === 'string' ? py.evaluate(node)?.value : dottedName(node);
  if (!value) return undefined;
  if (value === 'self') return self;
  if (value.endsWith('AUTH_USER_MODEL')) return 'User';
  return value.slice(value.lastIndexOf('.') + 1);
}

export function findModels(ctx: FileContext, py: PyFile): DjangoModel[] {
  const label = appLabel(ctx.file);
  const byName = new Map<string, DjangoModel>();
  const models: DjangoModel[] = [];
  py.nodesOfType('class_definition').forEach((cls) => {
    if (cls.type !== 'class_definition') return undefined;
    const nameNode = cls.childForFieldName('name');
    if (!nameNode) return false;
    const name = nameNode.text;
    const bases = argumentList(cls.childForFieldName('superclasses')).positional.map((b) => dottedName(b) ?? '');
    const parents = bases.map((b) => byName.get(b)).filter((m): m is DjangoModel => m !== undefined);
    const body = cls.childForFieldName('body');
    const assignments: { left: PyNode; field: { call: PyNode; kind: string } }[] = [];
    for (const statement of body ? named(body) : []) {
      const assignment = statement.type === 'expression_statement' ? statement.namedChild(0) : null;
      const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
      const field = fieldCall(assignment?.childForFieldName('right') ?? undefined);
      if (left?.type === 'identifier' && field) assignments.push({ left, field });
    }
    const auth = bases.map((b) => authBase(py, b)).filter((a) => a !== undefined);
    const isModel =
      bases.some((b) => b === 'models.Model' || (b === 'Model' && /^django\b/.test(py.importOf('Model')?.module ?? ''))) ||
      auth.length > 0 ||
      parents.length > 0 ||
      (bases.length > 0 && assignments.some((a) => a.field.call.childForFieldName('function')?.text.startsWith('models.')));
    if (!isModel) return false;
    const meta = metaOptions(cls);
    const model: DjangoModel = {
      name,
      node: cls,
      nameNode,
      abstract: booleanLiteral(meta.get('abstract')) === true,
      proxy: booleanLiteral(meta.get('proxy')) === true,
      columns: [],
      joins: [],
    };
    byName.set(name, model);
    models.push(model);
    const appNode = meta.get('app_label');
    const app = (appNode ? py.evaluate(appNode)?.value : undefined) ?? label;
    const dbTable = meta.get('db_table');
    let table: DjangoModel['table'];
    if (dbTable) {
      const value = py.evaluate(dbTable)?.value;
      if (value === undefined) ctx.skip(dbTable.startIndex, `db_table of model ${name} is not static`);
      else table = { relation: qualified(value), confidence: 'exact' };
    } else if (app) table = { relation: { schema: null, name: `${app}_${name.toLowerCase()}`.toLowerCase() }, confidence: 'inferred' };
    if (!model.abstract && !model.proxy) model.table = table;

    const concrete = parents.find((p) => p.table);
    // Fields of abstract parents are copied; a concrete parent links by `<parent>_ptr_id` (multi-table inheritance).
    for (const parent of parents) if (parent.abstract) model.columns.push(...parent.columns.filter((c) => c.name !== 'id' || !concrete));
    const fromAuth = new Set<string>();
    for (const { fields, joins } of auth) {
      for (const [field, type, nullable] of fields) {
        if (fromAuth.has(field) || assignments.some((a) => a.left.text === field)) continue;
        fromAuth.add(field);
        model.columns.push({ name: field, type, nullable });
      }
      for (const [field, target] of joins) {
        if (!model.table || fromAuth.has(field)) continue;
        fromAuth.add(field);
        const self = model.name.toLowerCase();
        const other = target.toLowerCase();
        model.joins.push({
          relation: { schema: model.table.relation.schema, name: `${model.table.relation.name}_${field}` },
          confidence: 'inferred',
          columns: [{ name: 'id', type: 'AutoField', nullable: false }, { name: `${self}_id`, nullable: false }, { name: `${other}_id`, nullable: false }],
          at: nameNode,
        });
      }
    }
    let hasPrimaryKey = false;
    for (const { left, field } of assignments) {
      const args = callArgs(field.call);
      if (booleanLiteral(args.keywords.get('primary_key')) === true) hasPrimaryKey = true;
      if (field.kind === 'ManyToManyField') {
        if (!args.keywords.has('through') && model.table) model.joins.push(joinTable(py, model, left, args.positional[0], args.keywords.get('db_table')));
        continue;
      }
      if (field.kind === 'GenericForeignKey' || field.kind === 'GenericRelation') continue;
      const dbColumn = args.keywords.get('db_column');
      const dbName = dbColumn ? py.evaluate(dbColumn)?.value : RELATED.has(field.kind) ? `${left.text}_id` : left.text;
      if (dbName === undefined) {
        ctx.skip(dbColumn!.startIndex, `db_column of ${name}.${left.text} is not static`);
        continue;
      }
      const at = dbColumn ?? left;
      const column: DeclaredColumn = {
        name: dbName,
        type: field.kind,
        nullable: booleanLiteral(args.keywords.get('null')) === true,
        location: ctx.locate(at.startIndex, at.endIndex),
      };
      if (dbName !== left.text) column.field = left.text;
      model.columns.push(column);
    }
    if (concrete && !model.abstract) {
      model.columns.unshift({ name: `${concrete.name.toLowerCase()}_ptr_id`, type: 'OneToOneField', nullable: false, field: `${concrete.name.toLowerCase()}_ptr` });
    } else if (!hasPrimaryKey && !model.columns.some((c) => c.name === 'id')) {
      model.columns.unshift({ name: 'id', type: 'AutoField', nullable: false });
    }
    return false;
  });
  return models;
}

function qualified(value: string): QualifiedName {
  // `db_table = '"schema"."table"'` is the usual trick for a schema-qualified table.
  const m = /^"([^"]+)"\."([^"]+)"$/.exec(value);
  return m ? { schema: m[1]!, name: m[2]! } : { schema: null, name: value };
}

function joinTable(
  py: PyFile,
  model: DjangoModel,
  field: PyNode,
  target: PyNode | undefined,
  dbTable: PyNode | undefined,
): DjangoModel['joins'][number] {
  const explicit = dbTable ? py.evaluate(dbTable)?.value : undefined;
  const base = model.table!.relation.name;
  const relation = explicit !== undefined ? qualified(explicit) : { schema: model.table!.relation.schema, name: `${base}_${field.text}`.toLowerCase() };
  const other = relatedModel(py, target, model.name)?.toLowerCase();
  const self = model.name.toLowerCase();
  const columns: DeclaredColumn[] = [{ name: 'id', type: 'AutoField', nullable: false }];
  if (other === self) columns.push({ name: `from_${self}_id`, nullable: false }, { name: `to_${self}_id`, nullable: false });
  else if (other) columns.push({ name: `${self}_id`, nullable: false }, { name: `${other}_id`, nullable: false });
  return { relation, confidence: explicit !== undefined ? 'exact' : 'inferred', columns, at: field };
}
