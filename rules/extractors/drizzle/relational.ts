import type { JsContext, Node } from '../../../src/extractor.js';
import type { Reference } from '../../../src/types.js';
import { objectEntries, propertyName, unwrap } from '../prisma/orm-shared.js';
import { returned } from './declarations.js';
import { marker, RELATION_NOTE } from './markers.js';

/**
 * The note of a reference reached through relational query `with` keys: `drizzle-with:users.posts` is the table the
 * relation `posts` of table object `users` points to, as `relations()` declares it.
 */
export const WITH_PREFIX = 'drizzle-with';

interface Relations {
  /** The table object whose relations these are. */
  table: Node;
  /** Each relation: its key and the table object `one(...)`/`many(...)` points to. */
  fields: { key: Node; name: string; target: Node }[];
}

/** `relations(users, ({ one, many }) => ({ posts: many(posts), team: one(teams, {...}) }))` from drizzle-orm. */
export function relationsOf(ctx: JsContext, call: Node): Relations | undefined {
  const binding = call.callee.type === 'Identifier' ? ctx.imports.get(call.callee.name) : undefined;
  if (binding?.imported !== 'relations' || !binding.source.startsWith('drizzle-orm')) return undefined;
  const [table, define] = call.arguments as Node[];
  const fn = unwrap(define);
  if (!table || !fn || !/FunctionExpression$/.test(fn.type)) return undefined;
  const fields: Relations['fields'] = [];
  for (const e of objectEntries(returned(fn))) {
    const value = unwrap(e.value);
    const kind = value?.type === 'CallExpression' ? propertyName(value.callee) : undefined;
    const target = (kind === 'one' || kind === 'many') && unwrap(value!.arguments[0]);
    if (target) fields.push({ key: e.key, name: e.name, target });
  }
  return { table, fields };
}

/** States the relations a `relations()` call declares (`modelOf` names the table object an argument stands for). */
export function addRelationMarkers(ctx: JsContext, call: Node, modelOf: (node: Node) => string | undefined): void {
  const relations = relationsOf(ctx, call);
  const model = relations && modelOf(relations.table);
  if (!relations || model === undefined) return;
  for (const field of relations.fields) {
    const target = modelOf(field.target);
    if (target !== undefined) marker(ctx, 'relation', target, field.key, `${RELATION_NOTE}${model}.${field.name}`, undefined, field.name);
  }
}

/**
 * Maps references through `with` paths to the table object the path ends at (`drizzle-with:users.posts.author` →
 * `<tablePrefix>:users` when `posts` points to `posts` and its `author` to `users`), following the relations the
 * project declares; a path through an undeclared or ambiguous relation is left as it is.
 */
export function followRelations(references: Reference[], related: Map<string, Set<string>>, tablePrefix: string): Reference[] {
  const follow = (path: string): string | undefined => {
    const [root, ...keys] = path.split('.');
    let model = root;
    for (const key of keys) {
      const targets = related.get(`${model}.${key}`);
      if (!targets || targets.size !== 1) return undefined;
      [model] = targets;
    }
    return model;
  };
  const prefix = `${WITH_PREFIX}:`;
  return references.map((ref) => {
    const model = ref.note?.startsWith(prefix) ? follow(ref.note.slice(prefix.length)) : undefined;
    return model === undefined ? ref : { ...ref, relation: { ...ref.relation, name: model }, note: `${tablePrefix}:${model}` };
  });
}
