// https://github.com/dbref/dbref/blob/main/docs/rules/prisma.md
import { defineExtractor, type JsContext, type Node } from '../../../src/extractor.js';
import { noteClassField, noteClientBinding, noteTransaction, noteTypedBinding, visitClientCall, type ClientState } from './client.js';

const id = 'prisma';
const title = 'Prisma Client (prisma.<model>.<operation>)';
const enablers = ['@prisma/client', 'prisma'];
const keywords = ['.find', '.create', '.update', '.upsert', '.delete', '.count', '.aggregate', '.groupBy'];
const languages: ('ts' | 'js')[] = ['ts', 'js'];

function createVisitor(ctx: JsContext) {
  const state: ClientState = { names: new Set() };
  return {
    VariableDeclarator: (node: Node) => noteClientBinding(state, node),
    // Bindings typed as a client: parameters, variables, constructor parameter properties (`private db: PrismaClient`).
    Identifier: (node: Node) => noteTypedBinding(state, node),
    PropertyDefinition: (node: Node) => noteClassField(state, node),
    CallExpression(node: Node) {
      noteTransaction(state, node);
      visitClientCall(ctx, state, node);
    },
  };
}

export default defineExtractor({ id, title, enablers, keywords, languages, createVisitor });
