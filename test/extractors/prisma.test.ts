import { describe, expect, it } from 'vitest';
import prisma from '../../rules/extractors/prisma/index.js';
import { resolvePrismaReferences } from '../../rules/extractors/prisma/resolve.js';
import type { Declaration, Reference } from '../../src/types.js';
import { testExtractor } from '../helpers/extract.js';

const user = { schema: null, name: 'User' };
const note = 'prisma-model:User';

describe('prisma extractor (client usage)', () => {
  testExtractor(prisma, [
    {
      name: 'findMany with select, where (AND/OR) and orderBy',
      code: [
        "import { PrismaClient } from '@prisma/client';",
        'const client = new PrismaClient();',
        'await client.user.findMany({',
        '  select: { id: true, email: true },',
        "  where: { OR: [{ email: 'a' }, { name: { contains: 'b' } }], deletedAt: null },",
        "  orderBy: [{ createdAt: 'desc' }],",
        '});',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '3:14-3:18' },
        { kind: 'column', relation: user, column: 'id', access: 'read', written: 'id', quoted: true, confidence: 'inferred', note, loc: '4:13-4:15' },
        { kind: 'column', relation: user, column: 'email', access: 'read', written: 'email', quoted: true, confidence: 'inferred', note, loc: '4:23-4:28' },
        { kind: 'column', relation: user, column: 'email', access: 'read', written: 'email', quoted: true, confidence: 'inferred', note, loc: '5:19-5:24' },
        { kind: 'column', relation: user, column: 'name', access: 'read', written: 'name', quoted: true, confidence: 'inferred', note, loc: '5:35-5:39' },
        { kind: 'column', relation: user, column: 'deletedAt', access: 'read', written: 'deletedAt', quoted: true, confidence: 'inferred', note, loc: '5:63-5:72' },
        { kind: 'column', relation: user, column: 'createdAt', access: 'read', written: 'createdAt', quoted: true, confidence: 'inferred', note, loc: '6:15-6:24' },
      ],
    },
    {
      name: 'create provides the data keys; createMany provides the keys every row has',
      code: [
        "import { prisma } from '@/lib/prisma';",
        "await prisma.blogPost.create({ data: { title: 't', author: { connect: { id: 1 } } } });",
        "await prisma.blogPost.createMany({ data: [{ title: 'a', slug: 'a' }, { title: 'b' }] });",
      ].join('\n'),
      references: [
        { kind: 'relation', relation: { schema: null, name: 'BlogPost' }, access: 'insert', written: 'blogPost', quoted: true, confidence: 'inferred', provides: ['title', 'author'], note: 'prisma-model:BlogPost', loc: '2:14-2:22' },
        { kind: 'column', relation: { schema: null, name: 'BlogPost' }, column: 'title', access: 'insert', written: 'title', quoted: true, confidence: 'inferred', note: 'prisma-model:BlogPost', loc: '2:40-2:45' },
        { kind: 'column', relation: { schema: null, name: 'BlogPost' }, column: 'author', access: 'insert', written: 'author', quoted: true, confidence: 'inferred', note: 'prisma-model:BlogPost', loc: '2:52-2:58' },
        { kind: 'relation', relation: { schema: null, name: 'BlogPost' }, access: 'insert', written: 'blogPost', quoted: true, confidence: 'inferred', provides: ['title'], note: 'prisma-model:BlogPost', loc: '3:14-3:22' },
        { kind: 'column', relation: { schema: null, name: 'BlogPost' }, column: 'title', access: 'insert', written: 'title', quoted: true, confidence: 'inferred', note: 'prisma-model:BlogPost', loc: '3:45-3:50' },
        { kind: 'column', relation: { schema: null, name: 'BlogPost' }, column: 'slug', access: 'insert', written: 'slug', quoted: true, confidence: 'inferred', note: 'prisma-model:BlogPost', loc: '3:57-3:61' },
        { kind: 'column', relation: { schema: null, name: 'BlogPost' }, column: 'title', access: 'insert', written: 'title', quoted: true, confidence: 'inferred', note: 'prisma-model:BlogPost', loc: '3:72-3:77' },
      ],
    },
    {
      name: 'update, upsert and delete inside $transaction; dynamic data provides nothing',
      code: [
        'await db.$transaction(async (t) => {',
        "  await t.user.update({ where: { id }, data: { name: 'x' } });",
        "  await t.user.upsert({ where: { id }, create: { ...input }, update: { name: 'y' } });",
        '  await t.user.delete({ where: { id } });',
        '});',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: user, access: 'update', written: 'user', quoted: true, confidence: 'inferred', note, loc: '2:11-2:15' },
        { kind: 'column', relation: user, column: 'id', access: 'read', written: 'id', quoted: true, confidence: 'inferred', note, loc: '2:34-2:36' },
        { kind: 'column', relation: user, column: 'name', access: 'update', written: 'name', quoted: true, confidence: 'inferred', note, loc: '2:48-2:52' },
        { kind: 'relation', relation: user, access: 'insert', written: 'user', quoted: true, confidence: 'inferred', note, loc: '3:11-3:15' },
        { kind: 'column', relation: user, column: 'id', access: 'read', written: 'id', quoted: true, confidence: 'inferred', note, loc: '3:34-3:36' },
        { kind: 'column', relation: user, column: 'name', access: 'update', written: 'name', quoted: true, confidence: 'inferred', note, loc: '3:72-3:76' },
        { kind: 'relation', relation: user, access: 'delete', written: 'user', quoted: true, confidence: 'inferred', note, loc: '4:11-4:15' },
        { kind: 'column', relation: user, column: 'id', access: 'read', written: 'id', quoted: true, confidence: 'inferred', note, loc: '4:34-4:36' },
      ],
    },
    {
      // Field trial (umami): a helper module default-exports `{ client, rawQuery, ... }`.
      name: 'client held by a wrapper object: prisma.client.<model> and const { client } = prisma',
      code: [
        "import prisma from '@/lib/prisma';",
        'await prisma.client.user.findUnique({ where: { id } });',
        'const { client, transaction } = prisma;',
        'await client.user.delete({ where: { id } });',
        'await other.client.user.findMany();',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '2:21-2:25' },
        { kind: 'column', relation: user, column: 'id', access: 'read', written: 'id', quoted: true, confidence: 'inferred', note, loc: '2:48-2:50' },
        { kind: 'relation', relation: user, access: 'delete', written: 'user', quoted: true, confidence: 'inferred', note, loc: '4:14-4:18' },
        { kind: 'column', relation: user, column: 'id', access: 'read', written: 'id', quoted: true, confidence: 'inferred', note, loc: '4:37-4:39' },
      ],
    },
    {
      // Field trial (umami): the selector of a compound unique is not a column; its fields are.
      name: 'compound unique selector in where names its fields',
      code: [
        'await prisma.user.findUnique({ where: { orgId_email: { email, orgId } } });',
        'await prisma.user.findMany({ where: { a_b: { c: 1, d: 2 } } });',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '1:14-1:18' },
        { kind: 'column', relation: user, column: 'email', access: 'read', written: 'email', quoted: true, confidence: 'inferred', note, loc: '1:56-1:61' },
        { kind: 'column', relation: user, column: 'orgId', access: 'read', written: 'orgId', quoted: true, confidence: 'inferred', note, loc: '1:63-1:68' },
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '2:14-2:18' },
        { kind: 'column', relation: user, column: 'a_b', access: 'read', written: 'a_b', quoted: true, confidence: 'inferred', note, loc: '2:39-2:42' },
      ],
    },
    {
      name: 'this.prisma in a service, include and distinct',
      code: [
        'class UserService {',
        '  list() {',
        "    return this.prisma.user.findMany({ include: { posts: true }, distinct: ['email'] });",
        '  }',
        '}',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '3:24-3:28' },
        { kind: 'column', relation: user, column: 'posts', access: 'read', written: 'posts', quoted: true, confidence: 'inferred', note, loc: '3:51-3:56' },
        { kind: 'column', relation: user, column: 'email', access: 'read', written: 'email', quoted: true, confidence: 'inferred', note, loc: '3:77-3:84' },
      ],
    },
    {
      // Field trial (trigger.dev): clients reached through private fields, parameters and fields typed as a Prisma
      // client, casts, aliases, read replicas and a project's `$transaction(client, name, fn)` helper.
      name: 'clients known by their type, private fields, casts, aliases, replicas',
      code: [
        'class Repo {',
        '  #client: PrismaClient;',
        '  constructor(private readonly _store: PrismaClientOrTransaction = $replica) {}',
        '  a() { return this.#client.user.count(); }',
        '  b() { return this._store.user.count(); }',
        '}',
        'function c(store: Prisma.TransactionClient | undefined) { return store.user.count(); }',
        'const p = other as unknown as PrismaClient;',
        'p.user.count();',
        '(any as PrismaClient).user.count();',
        'const alias = prisma;',
        'alias.user.count();',
        '$replica.user.count();',
        '$transaction(client, "x", async (t) => t.user.count());',
        'function d(data: Prisma.UserCreateInput, s: Store) { data.user.count(); s.user.count(); }',
        'this.#cache.user.count();',
        'const reader = flag ? this._a : this._replica;',
        'reader.user.count();',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '4:29-4:33' },
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '5:28-5:32' },
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '7:72-7:76' },
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '9:3-9:7' },
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '10:23-10:27' },
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '12:7-12:11' },
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '13:10-13:14' },
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '14:42-14:46' },
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '18:8-18:12' },
      ],
    },
    {
      // Field trial (trigger.dev): `_count: { select: { posts: true } }` counts a relation; `_count` is no field.
      name: '_count, _sum and _all in select, orderBy and aggregates are not fields',
      code: [
        'await prisma.user.findFirst({ select: { name: true, _count: { select: { posts: true } } } });',
        'await prisma.user.groupBy({ by: [\'name\'], _count: { _all: true, email: true }, orderBy: { _sum: { age: \'desc\' } } });',
        'await prisma.user.count({ select: { _all: true } });',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '1:14-1:18' },
        { kind: 'column', relation: user, column: 'name', access: 'read', written: 'name', quoted: true, confidence: 'inferred', note, loc: '1:41-1:45' },
        { kind: 'column', relation: user, column: 'posts', access: 'read', written: 'posts', quoted: true, confidence: 'inferred', note, loc: '1:73-1:78' },
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '2:14-2:18' },
        { kind: 'column', relation: user, column: 'name', access: 'read', written: 'name', quoted: true, confidence: 'inferred', note, loc: '2:34-2:40' },
        { kind: 'column', relation: user, column: 'email', access: 'read', written: 'email', quoted: true, confidence: 'inferred', note, loc: '2:65-2:70' },
        { kind: 'column', relation: user, column: 'age', access: 'read', written: 'age', quoted: true, confidence: 'inferred', note, loc: '2:99-2:102' },
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '3:14-3:18' },
      ],
    },
    {
      // Field trial (formbricks): `const getDbClient = (tx?: Prisma.TransactionClient): DbClient => tx ?? prisma`, then
      // `getDbClient(tx).membership.findUnique(...)`; `type DbClient = PrismaClient | Prisma.TransactionClient`.
      name: 'clients returned by functions of the file, and type aliases of a client',
      code: [
        'type Conn = PrismaClient | Prisma.TransactionClient;',
        'type Same = Conn;',
        'type Typed = typeof prisma;',
        'const use = (c?: Same) => c ?? base;',
        'use(x).user.count();',
        'pick().user.count();',
        'function pick(): Conn { return cache.get(); }',
        'class Repo { run() { return this.on().user.count(); } on(k?: Typed) { return k ?? this.base; } }',
        'class Svc { go() { return this.own().user.count(); } own() { return this.store; } }',
        'function other(t: Typed) { if (t) return t; return fallback; }',
        'other(x).user.count();',
        'const make = () => ({ user: x });',
        'make().user.count();',
        'const wrap = (v) => v;',
        'wrap(x).user.count();',
      ].join('\n'),
      references: [
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '5:8-5:12' },
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '6:8-6:12' },
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '8:39-8:43' },
      ],
    },
    {
      // Field trial (formbricks): `export const selectSurvey = {...} satisfies Prisma.SurveySelect`, `const where:
      // Prisma.ContactWhereInput = {...}`, builders returning `Prisma.SurveyWhereInput`, then passed by name.
      name: 'objects typed as a model argument type (Prisma.<Model>Select, WhereInput, CreateInput, UpdateInput)',
      code: [
        'export const pick = { id: true, posts: { select: { title: true } } } as const satisfies Prisma.UserSelect;',
        "const where: Prisma.UserWhereInput = { OR: [{ name: 'a' }, { email: null }] };",
        "const rows: Prisma.UserCreateInput[] = [{ email: 'e' }];",
        'let patch: Prisma.UserUncheckedUpdateInput | undefined = flag ? { name } : { age: 1 };',
        'const byName = (): Prisma.UserOrderByWithRelationInput => ({ name: "asc" });',
        'function recent(): Prisma.UserWhereUniqueInput { const x = { other: 1 }; return { id }; }',
        'const scalar: Prisma.UserScalarWhereInput = { id };',
        'const count = { posts: true } satisfies Prisma.UserCountOutputTypeSelect;',
        'const local: UserSelect = { id: true };',
        'const where2: Prisma.UserWhereInput = await build();',
      ].join('\n'),
      references: [
        { kind: 'column', relation: user, column: 'id', access: 'read', written: 'id', quoted: true, confidence: 'inferred', note, loc: '1:23-1:25' },
        { kind: 'column', relation: user, column: 'posts', access: 'read', written: 'posts', quoted: true, confidence: 'inferred', note, loc: '1:33-1:38' },
        { kind: 'column', relation: user, column: 'name', access: 'read', written: 'name', quoted: true, confidence: 'inferred', note, loc: '2:47-2:51' },
        { kind: 'column', relation: user, column: 'email', access: 'read', written: 'email', quoted: true, confidence: 'inferred', note, loc: '2:62-2:67' },
        { kind: 'column', relation: user, column: 'email', access: 'insert', written: 'email', quoted: true, confidence: 'inferred', note, loc: '3:43-3:48' },
        { kind: 'column', relation: user, column: 'name', access: 'update', written: 'name', quoted: true, confidence: 'inferred', note, loc: '4:67-4:71' },
        { kind: 'column', relation: user, column: 'age', access: 'update', written: 'age', quoted: true, confidence: 'inferred', note, loc: '4:78-4:81' },
        { kind: 'column', relation: user, column: 'name', access: 'read', written: 'name', quoted: true, confidence: 'inferred', note, loc: '5:62-5:66' },
        { kind: 'column', relation: user, column: 'id', access: 'read', written: 'id', quoted: true, confidence: 'inferred', note, loc: '6:83-6:85' },
      ],
    },
    {
      // Field trial (formbricks): `const selectChart = { id: true, ... }` shared by several calls as `select: selectChart`.
      name: 'an argument held in a const of the file is read once, at its own keys',
      code: [
        'const fields = { id: true, name: true };',
        'const filter = { email: null };',
        'const typed = { age: true } satisfies Prisma.UserSelect;',
        'await prisma.user.findMany({ select: fields, where: filter });',
        'await prisma.user.findFirst({ select: fields, orderBy: typed });',
        'let later = { nope: true };',
        "await prisma.user.create({ data: later, select: pick() });",
      ].join('\n'),
      references: [
        { kind: 'column', relation: user, column: 'age', access: 'read', written: 'age', quoted: true, confidence: 'inferred', note, loc: '3:17-3:20' },
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '4:14-4:18' },
        { kind: 'column', relation: user, column: 'id', access: 'read', written: 'id', quoted: true, confidence: 'inferred', note, loc: '1:18-1:20' },
        { kind: 'column', relation: user, column: 'name', access: 'read', written: 'name', quoted: true, confidence: 'inferred', note, loc: '1:28-1:32' },
        { kind: 'column', relation: user, column: 'email', access: 'read', written: 'email', quoted: true, confidence: 'inferred', note, loc: '2:18-2:23' },
        { kind: 'relation', relation: user, access: 'read', written: 'user', quoted: true, confidence: 'inferred', note, loc: '5:14-5:18' },
        { kind: 'relation', relation: user, access: 'insert', written: 'user', quoted: true, confidence: 'inferred', note, loc: '7:14-7:18' },
      ],
    },
    {
      name: 'not Prisma: unknown receivers, unknown operations, $-prefixed client methods',
      code: [
        "api.user.create({ data: { name: 'x' } });",
        'prisma.user.findSomething();',
        'prisma.$connect();',
        'prisma.user.count;',
      ].join('\n'),
      references: [],
    },
  ]);

  describe('resolvePrismaReferences', () => {
    const at = { file: 'src/a.ts', line: 1, column: 1, endLine: 1, endColumn: 5 };
    const declarations: Declaration[] = [
      {
        extractor: 'prisma-schema',
        relation: { schema: 'auth', name: 'users' },
        model: 'User',
        columns: [
          { name: 'id', clientDefault: true },
          { name: 'email_address', field: 'email' },
          { name: 'name' },
        ],
        associations: [{ field: 'posts', model: 'Post' }],
        confidence: 'exact',
        location: at,
      },
      { extractor: 'prisma-schema', relation: { schema: null, name: 'posts' }, model: 'Post', columns: [], confidence: 'exact', location: at },
      { extractor: 'drizzle', relation: { schema: null, name: 'other' }, model: 'Comment', columns: [], confidence: 'exact', location: at },
    ];
    const ref = (over: Partial<Reference>): Reference => ({
      extractor: 'prisma', kind: 'column', relation: user, access: 'read', written: 'x', quoted: true, confidence: 'inferred', location: at, note, ...over,
    });

    it('maps models, @map fields, relation fields and provides; leaves unknown models alone', () => {
      const input = [
        ref({ kind: 'relation', access: 'insert', written: 'user', provides: ['email', 'name'] }),
        ref({ column: 'email', written: 'email' }),
        ref({ column: 'posts', written: 'posts' }),
        ref({ column: 'nickname', written: 'nickname' }),
        ref({ kind: 'relation', relation: { schema: null, name: 'Comment' }, written: 'comment', note: 'prisma-model:Comment' }),
        ref({ extractor: 'knex', kind: 'relation', relation: { schema: null, name: 'User' }, confidence: 'exact', note: undefined }),
      ];
      expect(resolvePrismaReferences(input, declarations)).toEqual([
        { ...input[0], relation: { schema: 'auth', name: 'users' }, confidence: 'exact', note: undefined, provides: ['email_address', 'name', 'id'] },
        { ...input[1], relation: { schema: 'auth', name: 'users' }, column: 'email_address', confidence: 'exact', note: undefined },
        { ...input[2], kind: 'relation', column: undefined, relation: { schema: null, name: 'posts' }, confidence: 'exact', note: undefined },
        { ...input[3], relation: { schema: 'auth', name: 'users' }, note: 'prisma-model:User.nickname is not a declared field' },
        input[4],
        input[5],
      ]);
    });

    // Field trial (trigger.dev): `organization: { connect: { id } }` fills `organizationId`, which only the schema's
    // @relation(fields: [...]) names; 13 false not-null-without-value errors, then every such insert left unchecked.
    it('an insert that writes a relation field provides its foreign-key columns', () => {
      const membership: Declaration = {
        extractor: 'prisma-schema',
        relation: { schema: null, name: 'memberships' },
        model: 'Membership',
        columns: [
          { name: 'id', clientDefault: true },
          { name: 'organization_id', field: 'organizationId' },
          { name: 'role' },
        ],
        associations: [
          { field: 'organization', model: 'Organization', fields: ['organizationId'] },
          { field: 'invites', model: 'Invite' },
          { field: 'status', model: 'Status' },
        ],
        confidence: 'exact',
        location: at,
      };
      const invite: Declaration = { ...membership, relation: { schema: null, name: 'invites' }, model: 'Invite', associations: [] };
      const organization: Declaration = { ...invite, relation: { schema: null, name: 'organizations' }, model: 'Organization' };
      const insert = (provides: string[]) =>
        ref({ kind: 'relation', access: 'insert', written: 'membership', note: 'prisma-model:Membership', provides });
      const resolved = { relation: { schema: null, name: 'memberships' }, confidence: 'exact', note: undefined };
      const input = [
        insert(['organization', 'role']),
        insert(['organizationId', 'organization', 'role']),
        insert(['role', 'invites']),
        insert(['role', 'status']),
      ];
      const { provides: _provides, ...withoutProvides } = input[3]!;
      expect(resolvePrismaReferences(input, [membership, invite, organization])).toEqual([
        { ...input[0], ...resolved, provides: ['organization_id', 'role', 'id'] },
        { ...input[1], ...resolved, provides: ['organization_id', 'role', 'id'] },
        // A relation held on the other side (Invite.membershipId) fills no column here.
        { ...input[2], ...resolved, provides: ['role', 'id'] },
        // `Status` is no model: an enum of another schema file, a column whose name is unknown.
        { ...withoutProvides, ...resolved },
      ]);
    });
  });
});
