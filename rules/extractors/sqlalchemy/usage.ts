import type { FileContext, ReferenceInput } from '../../../src/extractor.js';
import { callArgs, dottedName, lastName, named, walk, type PyFile, type PyNode } from '../../../src/extract/python.js';
import type { Access } from '../../../src/types.js';
import { isSqlalchemyCallee } from './models.js';

// Usage through model classes: session.query(User), select(User).where(User.email == x), User.query (Flask),
// filter_by(email=x), insert(User).values(name=x), User(name=x) (construction, then session.add). References name the model class; the resolver maps them.

export const MODEL_NOTE = 'sqlalchemy-model';

const STATEMENTS: Record<string, Access> = { select: 'read', insert: 'insert', update: 'update', delete: 'delete' };
const JOINS = new Set(['select_from', 'join', 'outerjoin', 'join_from']);
const IGNORED_ATTRIBUTES = new Set(['query', 'metadata', 'c', 'columns', 'registry', 'query_class']);

export function extractUsage(ctx: FileContext, py: PyFile, models: Map<string, string>, declarationBodies: PyNode[]): void {
  if (models.size === 0) return;
  const skip = new Set(declarationBodies.map((n) => n.id));
  // Collected, then added in source order (the walk meets a chain's outer call before its receiver).
  const found: ReferenceInput[] = [];
  const add = (node: PyNode, model: string, access: Access, column?: { name: string; node: PyNode }) => {
    const at = column?.node ?? node;
    found.push({
      kind: column ? 'column' : 'relation',
      relation: { schema: null, name: model },
      ...(column ? { column: column.name } : {}),
      access,
      written: at.text,
      quoted: false,
      confidence: 'inferred',
      location: ctx.locate(at.startIndex, at.endIndex),
      note: `${MODEL_NOTE}:${model}`,
    });
  };
  const modelOf = (node: PyNode | null | undefined) => (node?.type === 'identifier' ? models.get(node.text) : undefined);

  /** The model and access at the root of a call chain: session.query(M)…, select(M)…, M.query…. */
  const chainRoot = (node: PyNode | null): { model: string; access: Access } | undefined => {
    for (let current = node; current; ) {
      if (current.type === 'call') {
        const fn = current.childForFieldName('function');
        const statement = statementOf(py, fn);
        const first = callArgs(current).positional[0];
        if ((statement || lastName(fn) === 'query') && modelOf(first)) return { model: modelOf(first)!, access: statement ?? 'read' };
        current = fn;
      } else if (current.type === 'attribute') {
        const object = current.childForFieldName('object');
        if (current.childForFieldName('attribute')?.text === 'query' && modelOf(object)) return { model: modelOf(object)!, access: 'read' };
        current = object;
      } else return undefined;
    }
    return undefined;
  };

  const visit = (node: PyNode): boolean | undefined => {
    if (skip.has(node.id)) {
      // A model body declares; only its methods use.
      const body = node.childForFieldName('body');
      for (const statement of body ? named(body) : []) {
        if (statement.type === 'function_definition' || statement.type === 'decorated_definition') walk(statement, visit);
      }
      return false;
    }
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      const callee = dottedName(fn);
      const method = lastName(fn);
      const args = callArgs(node);
      const statement = statementOf(py, fn);
      if (fn?.type === 'identifier' && modelOf(fn)) {
        // `Video(title=x)` then `session.add(...)`: constructing a mapped instance outside the model is how rows are
        // inserted. No `provides`: the ORM fills client-side defaults the code does not name.
        add(fn, modelOf(fn)!, 'insert');
        for (const [name, key] of args.keywordNames) add(key, modelOf(fn)!, 'insert', { name, node: key });
      } else if (statement || (method === 'query' && fn?.type === 'attribute')) {
        for (const arg of args.positional) if (modelOf(arg)) add(arg, modelOf(arg)!, statement ?? 'read');
      } else if (method && JOINS.has(method) && fn?.type === 'attribute') {
        // `select(func.count()).select_from(Item)`, `.join(Post)`: the model is read.
        for (const arg of args.positional) if (modelOf(arg)) add(arg, modelOf(arg)!, 'read');
      } else if (method === 'model_validate' && fn?.type === 'attribute' && modelOf(fn.childForFieldName('object'))) {
        // SQLModel `Item.model_validate(item_in, update={"owner_id": x})` builds a row to add: an insert.
        const object = fn.childForFieldName('object')!;
        const model = modelOf(object)!;
        add(object, model, 'insert');
        const update = args.keywords.get('update');
        for (const pair of update?.type === 'dictionary' ? named(update) : []) {
          const key = pair.type === 'pair' ? pair.childForFieldName('key') : null;
          const name = key ? py.evaluate(key)?.value : undefined;
          if (key && name && /^\w+$/.test(name)) add(key, model, 'insert', { name, node: key });
        }
      } else if (method === 'get' && callee && /session$/i.test(callee.slice(0, -4)) && modelOf(args.positional[0])) {
        add(args.positional[0]!, modelOf(args.positional[0])!, 'read');
      } else if ((method === 'filter_by' || method === 'values') && fn?.type === 'attribute') {
        const root = chainRoot(fn.childForFieldName('object'));
        if (root && (method === 'filter_by' || root.access === 'insert' || root.access === 'update')) {
          for (const [name, key] of args.keywordNames) add(key, root.model, method === 'values' ? root.access : 'read', { name, node: key });
        }
      }
    } else if (node.type === 'attribute') {
      const object = node.childForFieldName('object');
      const attribute = node.childForFieldName('attribute');
      const model = modelOf(object);
      if (!model || !attribute) return undefined;
      const name = attribute.text;
      if (name === 'query') add(object!, model, 'read');
      else if (!name.startsWith('_') && !/^[A-Z0-9_]+$/.test(name) && !IGNORED_ATTRIBUTES.has(name) && node.parent?.childForFieldName('function')?.id !== node.id) {
        add(node, model, 'read', { name, node });
      }
    }
    return undefined;
  };
  walk(py.root, visit);
  found.sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column);
  for (const ref of found) ctx.addReference(ref);
}

/** `select`/`insert`/`update`/`delete` from SQLAlchemy (or SQLModel): the access of the statement. */
function statementOf(py: PyFile, fn: PyNode | null | undefined): Access | undefined {
  const name = lastName(fn);
  if (!name || !(name in STATEMENTS)) return undefined;
  return isSqlalchemyCallee(py, dottedName(fn), name) ? STATEMENTS[name] : undefined;
}
