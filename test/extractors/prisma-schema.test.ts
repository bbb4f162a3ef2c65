import { describe, it } from 'vitest';
import missingRelation from '../../rules/checks/missing-relation.js';
import notNullWithoutValue from '../../rules/checks/not-null-without-value.js';
import orphanedTable from '../../rules/checks/orphaned-table.js';
import prismaSchema from '../../rules/extractors/prisma-schema/index.js';
import prisma from '../../rules/extractors/prisma/index.js';
import { resolvePrismaReferences } from '../../rules/extractors/prisma/resolve.js';
import { extractFromSource } from '../../src/extract/file.js';
import type { FileExtractor, JsExtractor } from '../../src/extractor.js';
import { testExtractor, type ExpectedDeclaration } from '../helpers/extract.js';
import { expectFindings, expectNoFindings } from '../helpers/findings.js';
import { buildSchema } from '../helpers/schema-builder.js';

const filename = 'prisma/schema.prisma';

/** An implicit many-to-many join table: columns `A` and `B` typed by the two models' ids. */
const joinTable = (schema: string | null, name: string, [a, b]: [string, string], loc: string): ExpectedDeclaration => ({
  relation: { schema, name },
  columns: [
    { name: 'A', type: a, nullable: false },
    { name: 'B', type: b, nullable: false },
  ],
  confidence: 'exact',
  loc,
});

describe('prisma-schema extractor', () => {
  testExtractor(prismaSchema, [
    {
      name: 'model with @@map, @@schema, @map, optional, list, enum and relation fields',
      filename,
      code: [
        'enum Role {',
        '  USER',
        '  ADMIN',
        '}',
        '',
        'model User {',
        '  id        String   @id @default(cuid())',
        '  email     String?  @unique @map("email_address")',
        '  role      Role     @default(USER)',
        '  tags      String[]',
        '  geom      Unsupported("geometry")?',
        '  posts     Post[]',
        '  updatedAt DateTime @updatedAt @map("updated_at")',
        '',
        '  @@map("users")',
        '  @@schema("auth")',
        '}',
      ].join('\n'),
      references: [],
      declarations: [
        {
          relation: { schema: 'auth', name: 'users' },
          model: 'User',
          columns: [
            { name: 'id', type: 'String', nullable: false, clientDefault: true, loc: '7:3-7:5' },
            { name: 'email_address', type: 'String', nullable: true, field: 'email', loc: '8:3-8:8' },
            { name: 'role', type: 'Role', nullable: false, loc: '9:3-9:7' },
            { name: 'tags', type: 'String[]', nullable: false, loc: '10:3-10:7' },
            { name: 'geom', type: 'Unsupported("geometry")', nullable: true, loc: '11:3-11:7' },
            { name: 'updated_at', type: 'DateTime', nullable: false, field: 'updatedAt', clientDefault: true, loc: '13:3-13:12' },
          ],
          associations: [{ field: 'posts', model: 'Post' }],
          confidence: 'exact',
          loc: '6:7-6:11',
        },
      ],
    },
    {
      name: 'default table name is the model name as written, @relation fields are not columns',
      filename,
      code: [
        'model Post {',
        '  id       Int    @id @default(autoincrement())',
        '  authorId Int    @map("author_id")',
        '  author   User   @relation(fields: [authorId], references: [id])',
        '  title    String @db.VarChar(200)',
        '}',
      ].join('\n'),
      references: [],
      declarations: [
        {
          relation: { schema: null, name: 'Post' },
          model: 'Post',
          columns: [
            { name: 'id', type: 'Int', nullable: false, loc: '2:3-2:5' },
            { name: 'author_id', type: 'Int', nullable: false, field: 'authorId', loc: '3:3-3:11' },
            { name: 'title', type: 'String', nullable: false, loc: '5:3-5:8' },
          ],
          associations: [{ field: 'author', model: 'User', fields: ['authorId'] }],
          confidence: 'exact',
          loc: '1:7-1:11',
        },
      ],
    },
    {
      name: 'views are declared; datasource, generator and enums are not',
      filename: 'prisma/schema/views.prisma',
      code: [
        'datasource db {',
        '  provider = "postgresql"',
        '  url      = env("DATABASE_URL")',
        '}',
        '',
        'generator client {',
        '  provider = "prisma-client-js"',
        '}',
        '',
        'view UserStats {',
        '  userId Int @unique @map("user_id")',
        '  posts  Int',
        '  @@map(name: "user_stats")',
        '}',
      ].join('\n'),
      references: [],
      declarations: [
        {
          relation: { schema: null, name: 'user_stats' },
          model: 'UserStats',
          columns: [
            { name: 'user_id', type: 'Int', nullable: false, field: 'userId', loc: '11:3-11:9' },
            { name: 'posts', type: 'Int', nullable: false, loc: '12:3-12:8' },
          ],
          confidence: 'exact',
          loc: '10:6-10:15',
        },
      ],
    },
    {
      name: 'a type from another schema file is never taken as a column',
      filename: 'prisma/schema/post.prisma',
      code: ['model Comment {', '  id     Int @id', '  status Status', '  post   Post?', '}'].join('\n'),
      references: [],
      declarations: [
        {
          relation: { schema: null, name: 'Comment' },
          model: 'Comment',
          columns: [{ name: 'id', type: 'Int', nullable: false, loc: '2:3-2:5' }],
          associations: [
            { field: 'status', model: 'Status' },
            { field: 'post', model: 'Post' },
          ],
          confidence: 'exact',
          loc: '1:7-1:14',
        },
      ],
    },
    {
      // Field trial (trigger.dev): Prisma accepts block comments, @mrleebo/prisma-ast 0.15 does not.
      name: 'block comments are read as blanks: lines and columns stay where they were',
      filename,
      code: [
        '/**',
        ' * Accounts.',
        ' */',
        'model Account {',
        '  id    Int    @id /* inline */',
        '  label String @default("/*") // a /* in a line comment',
        '  owner String',
        '  /* two',
        '     lines */ name String /* last */',
        '}',
      ].join('\n'),
      references: [],
      declarations: [
        {
          relation: { schema: null, name: 'Account' },
          model: 'Account',
          columns: [
            { name: 'id', type: 'Int', nullable: false, loc: '5:3-5:5' },
            { name: 'label', type: 'String', nullable: false, loc: '6:3-6:8' },
            { name: 'owner', type: 'String', nullable: false, loc: '7:3-7:8' },
            { name: 'name', type: 'String', nullable: false, loc: '9:15-9:19' },
          ],
          confidence: 'exact',
          loc: '4:7-4:14',
        },
      ],
    },
    {
      name: 'a relation field names the foreign-key fields it is held in',
      filename,
      code: [
        'model Membership {',
        '  orgId  String @map("org_id")',
        '  userId String',
        '  org    Org    @relation("members", fields: [orgId], references: [id])',
        '  user   User   @relation(fields: [userId, orgId], references: [id, orgId], onDelete: Cascade)',
        '  invite Invite?',
        '}',
      ].join('\n'),
      references: [],
      declarations: [
        {
          relation: { schema: null, name: 'Membership' },
          model: 'Membership',
          columns: [
            { name: 'org_id', type: 'String', nullable: false, field: 'orgId', loc: '2:3-2:8' },
            { name: 'userId', type: 'String', nullable: false, loc: '3:3-3:9' },
          ],
          associations: [
            { field: 'org', model: 'Org', fields: ['orgId'] },
            { field: 'user', model: 'User', fields: ['userId', 'orgId'] },
            { field: 'invite', model: 'Invite' },
          ],
          confidence: 'exact',
          loc: '1:7-1:17',
        },
      ],
    },
    {
      // Field trial (trigger.dev): `_BackgroundWorkerToTaskQueue` was reported as an orphaned table.
      name: 'implicit many-to-many: _<A>To<B> in alphabetical order, A and B typed by the ids, in the first model\'s schema',
      filename,
      code: [
        'model TaskQueue {',
        '  id      String             @id',
        '  workers BackgroundWorker[]',
        '  @@schema("queues")',
        '}',
        '',
        'model BackgroundWorker {',
        '  id     Int         @id',
        '  queues TaskQueue[]',
        '  @@map("background_workers")',
        '  @@schema("workers")',
        '}',
      ].join('\n'),
      references: [],
      declarations: [
        {
          relation: { schema: 'queues', name: 'TaskQueue' },
          model: 'TaskQueue',
          columns: [{ name: 'id', type: 'String', nullable: false, loc: '2:3-2:5' }],
          associations: [{ field: 'workers', model: 'BackgroundWorker' }],
          confidence: 'exact',
          loc: '1:7-1:16',
        },
        {
          relation: { schema: 'workers', name: 'background_workers' },
          model: 'BackgroundWorker',
          columns: [{ name: 'id', type: 'Int', nullable: false, loc: '8:3-8:5' }],
          associations: [{ field: 'queues', model: 'TaskQueue' }],
          confidence: 'exact',
          loc: '7:7-7:23',
        },
        joinTable('workers', '_BackgroundWorkerToTaskQueue', ['Int', 'String'], '9:3-9:9'),
      ],
    },
    {
      name: 'implicit many-to-many named by @relation, self-relations; one-to-many and one-sided lists are not',
      filename,
      code: [
        'model User {',
        '  id        Int    @id',
        '  liked     Video[] @relation("UserLikedVideos")',
        '  disliked  Video[] @relation(name: "UserDislikedVideos")',
        '  followers User[]  @relation("Follows")',
        '  following User[]  @relation("Follows")',
        '  comments  Comment[]',
        '  tags      Tag[]',
        '}',
        '',
        'model Video {',
        '  id         Int    @id',
        '  likedBy    User[] @relation("UserLikedVideos")',
        '  dislikedBy User[] @relation("UserDislikedVideos")',
        '}',
        '',
        'model Comment {',
        '  id       Int  @id',
        '  authorId Int',
        '  author   User @relation(fields: [authorId], references: [id])',
        '}',
        '',
        'model Tag {',
        '  id Int @id',
        '}',
      ].join('\n'),
      references: [],
      declarations: [
        {
          relation: { schema: null, name: 'User' },
          model: 'User',
          columns: [{ name: 'id', type: 'Int', nullable: false, loc: '2:3-2:5' }],
          associations: [
            { field: 'liked', model: 'Video' },
            { field: 'disliked', model: 'Video' },
            { field: 'followers', model: 'User' },
            { field: 'following', model: 'User' },
            { field: 'comments', model: 'Comment' },
            { field: 'tags', model: 'Tag' },
          ],
          confidence: 'exact',
          loc: '1:7-1:11',
        },
        {
          relation: { schema: null, name: 'Video' },
          model: 'Video',
          columns: [{ name: 'id', type: 'Int', nullable: false, loc: '12:3-12:5' }],
          associations: [
            { field: 'likedBy', model: 'User' },
            { field: 'dislikedBy', model: 'User' },
          ],
          confidence: 'exact',
          loc: '11:7-11:12',
        },
        {
          relation: { schema: null, name: 'Comment' },
          model: 'Comment',
          columns: [
            { name: 'id', type: 'Int', nullable: false, loc: '18:3-18:5' },
            { name: 'authorId', type: 'Int', nullable: false, loc: '19:3-19:11' },
          ],
          associations: [{ field: 'author', model: 'User', fields: ['authorId'] }],
          confidence: 'exact',
          loc: '17:7-17:14',
        },
        {
          relation: { schema: null, name: 'Tag' },
          model: 'Tag',
          columns: [{ name: 'id', type: 'Int', nullable: false, loc: '24:3-24:5' }],
          confidence: 'exact',
          loc: '23:7-23:10',
        },
        joinTable(null, '_UserLikedVideos', ['Int', 'Int'], '3:3-3:8'),
        joinTable(null, '_UserDislikedVideos', ['Int', 'Int'], '4:3-4:11'),
        joinTable(null, '_Follows', ['Int', 'Int'], '5:3-5:12'),
      ],
    },
    {
      name: 'a schema that does not parse is skipped with its reason',
      filename,
      code: 'model User {\n  id Int @id\n  = broken\n}\n',
      references: [],
      declarations: [],
      skipped: ['does not parse as a Prisma schema'],
    },
  ]);

  // Field trial (trigger.dev): the schema's declarations, the client's inserts and the checks together.
  describe('with the prisma client and the checks', () => {
    const schemaFile = [
      'model Organization {',
      '  id       String    @id @default(cuid())',
      '  projects Project[]',
      '  workers  Worker[]',
      '  @@map("organizations")',
      '}',
      '',
      'model Project {',
      '  id             String       @id @default(cuid())',
      '  name           String',
      '  organizationId String       @map("organization_id")',
      '  organization   Organization @relation(fields: [organizationId], references: [id])',
      '  @@map("projects")',
      '}',
      '',
      'model Worker {',
      '  id            String         @id @default(cuid())',
      '  organizations Organization[]',
      '}',
    ].join('\n');
    const code = [
      "import { PrismaClient } from '@prisma/client';",
      'const prisma = new PrismaClient();',
      "await prisma.project.create({ data: { name: 'a', organization: { connect: { id } } } });",
      "await prisma.project.create({ data: { organization: { create: { name: 'o' } } } });",
      "await prisma.project.create({ data: { name: 'c' } });",
    ].join('\n');
    const extract = (file: string, source: string, extractor: JsExtractor | FileExtractor) =>
      extractFromSource(file, source, [extractor], { packages: new Set(['@prisma/client']), claimedBy: new Set([extractor.id]) });
    const { declarations } = extract(filename, schemaFile, prismaSchema);
    const references = resolvePrismaReferences(extract('src/projects.ts', code, prisma).references, declarations);
    const schema = buildSchema({
      tables: {
        'public.organizations': ['id text not null'],
        'public.projects': ['id text not null', 'name text not null', 'organization_id text not null'],
        'public.Worker': ['id text not null'],
        'public._OrganizationToWorker': ['A text not null', 'B text not null'],
      },
    });

    it('an insert connecting or creating the relation provides its key; one doing neither omits it', () => {
      expectFindings(notNullWithoutValue, { schema, references, declarations }, [
        {
          messageId: 'missingValue',
          message: 'Insert into "public.projects" omits NOT NULL column "name", which has no default.',
          help: 'provide a value for `name`, or give the column a default (`ALTER TABLE public.projects ALTER COLUMN name SET DEFAULT ...`)',
          at: 'src/projects.ts:4:14',
          relation: 'public.projects',
          column: 'name',
        },
        {
          messageId: 'missingValue',
          message: 'Insert into "public.projects" omits NOT NULL column "organization_id", which has no default.',
          help: 'provide a value for `organization_id`, or give the column a default (`ALTER TABLE public.projects ALTER COLUMN organization_id SET DEFAULT ...`)',
          at: 'src/projects.ts:5:14',
          relation: 'public.projects',
          column: 'organization_id',
        },
      ]);
    });

    it('the implicit many-to-many table is declared, so neither orphaned nor missing', () => {
      expectNoFindings(orphanedTable, { schema, references, declarations });
      expectNoFindings(missingRelation, { schema, references, declarations });
    });
  });
});
