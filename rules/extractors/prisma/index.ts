// https://github.com/dbref/dbref/blob/main/docs/rules/prisma.md
import { defineExtractor, type JsContext, type Node } from '../../../src/extractor.js';
import {
  clientState,
  noteClassField,
  noteClientBinding,
  noteObjectConst,
  noteProgram,
  noteTransaction,
  noteTypedBinding,
  visitClientCall,
  visitTypedDeclarator,
  visitTypedReturn,
} from './client.js';

const id = 'prisma';
const title = 'Prisma Client (prisma.<model>.<operation>)';
const enablers = ['@prisma/client', 'prisma'];
// `Prisma.`: a file may only declare argument objects (`{...} satisfies Prisma.UserSelect`).
const keywords = ['.find', '.create', '.update', '.upsert', '.delete', '.count', '.aggregate', '.groupBy', 'Prisma.'];
const languages: ('ts' | 'js')[] = ['ts', 'js'];

function createVisitor(ctx: JsContext) {
  const state = clientState();
  return {
    // Type aliases and functions that give a client, wherever the file declares them.
    Program: (node: Node) => noteProgram(state, node),
    VariableDeclarator(node: Node) {
      noteClientBinding(state, node);
      noteObjectConst(ctx, state, node);
      visitTypedDeclarator(ctx, node);
    },
    // Objects typed as a model's generated argument type (`Prisma.UserWhereInput`) away from a call.
    ReturnStatement: (node: Node) => visitTypedReturn(ctx, node),
    ArrowFunctionExpression: (node: Node) => visitTypedReturn(ctx, node),
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
