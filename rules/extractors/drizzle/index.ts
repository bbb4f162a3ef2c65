// https://github.com/dbref/dbref/blob/main/docs/rules/drizzle.md
import { defineExtractor, type JsContext, type Node } from '../../../src/extractor.js';
import { unwrap } from '../prisma/orm-shared.js';
import { addCasingMarker, casingChanges } from './casing.js';
import { columnsObject, readColumns, tableCall } from './declarations.js';
import { addExportedColumns, addImportedColumns, addImportedNamer, KEY_NAME_NOTE, marker } from './markers.js';
import { addRelationMarkers } from './relational.js';
import { collectTables, importedModel, makeEmitter, tableModel, visitMember, visitPositionCall, visitQueryCall, type DrizzleState } from './usage.js';

const id = 'drizzle';
const title = 'Drizzle ORM (pgTable declarations and query builder usage)';
const enablers = ['drizzle-orm'];
// `drizzle-orm`: modules of column helpers (`export const timestamps = { … }`) that other modules' tables use;
// `drizzle-kit`: its config's `casing`.
const keywords = ['Table', '.table(', '.from(', '.insert(', '.update(', '.delete(', '.query.', 'drizzle-orm', 'drizzle-kit'];
const languages: ('ts' | 'js')[] = ['ts', 'js'];

/** The const a call initialises, through `as`/`satisfies` wrappers: `export const users = pgTable(...)`. */
function declaredName(ctx: JsContext, call: Node): string | undefined {
  let node: Node = call;
  let parent = ctx.parentOf(node);
  while (parent && parent.type !== 'VariableDeclarator' && unwrap(parent) !== parent) [node, parent] = [parent, ctx.parentOf(parent)];
  return parent?.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier' ? parent.id.name : undefined;
}

function createVisitor(ctx: JsContext) {
  let state: DrizzleState = { tables: new Map(), namespaces: new Set(), declarations: [] };
  const emit = makeEmitter(ctx);
  const declare = (call: Node, model: string | undefined) => {
    const table = tableCall(ctx, call);
    const written = table && ctx.evaluate(table.nameNode);
    const name = written === undefined ? undefined : table!.mapName(written);
    if (!table) return;
    if (name === undefined) {
      ctx.skip(table.nameNode.start, 'drizzle table name is not static');
      return;
    }
    const columns = readColumns(ctx, columnsObject(table.columns), 0);
    if (model) addImportedColumns(ctx, model, columns.imported);
    if (table.from) addImportedNamer(ctx, table.from, table.nameNode);
    columns.columns.forEach((c, i) => {
      if (columns.keyAsName[i] && c.location && casingChanges(c.name)) marker(ctx, 'column', c.name, c.location, KEY_NAME_NOTE, c.name);
    });
    ctx.addDeclaration({
      relation: { schema: table.schema, name },
      ...(model ? { model } : {}),
      columns: columns.columns,
      confidence: 'exact',
      location: ctx.locate(table.nameNode.start, table.nameNode.end),
    });
  };
  return {
    Program(node: Node) {
      state = collectTables(ctx, node);
      addExportedColumns(ctx, node, (table) => tableModel(ctx, state, table));
    },
    CallExpression(node: Node) {
      declare(node, declaredName(ctx, node));
      visitPositionCall(ctx, state, node, emit);
      visitQueryCall(ctx, node, emit);
      addRelationMarkers(ctx, node, (table) => tableModel(ctx, state, table) ?? importedModel(ctx, table));
      addCasingMarker(ctx, node);
    },
    MemberExpression: (node: Node) => visitMember(ctx, state, node, emit),
  };
}

export default defineExtractor({ id, title, enablers, keywords, languages, createVisitor });
