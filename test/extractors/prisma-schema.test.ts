import { describe } from 'vitest';
import prismaSchema from '../../rules/extractors/prisma-schema/index.js';
import { testExtractor } from '../helpers/extract.js';

const filename = 'prisma/schema.prisma';

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
          associations: [{ field: 'author', model: 'User' }],
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
      name: 'a schema that does not parse is skipped with its reason',
      filename,
      code: 'model User {\n  id Int @id\n  = broken\n}\n',
      references: [],
      declarations: [],
      skipped: ['does not parse as a Prisma schema'],
    },
  ]);
});
