import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectMigrations, migrationsAt, readMigrationText, type MigrationSet } from '../../src/schema/migrations.js';

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** A project in a temporary folder: path → content (`''` for an empty file). */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'dbref-migrations-'));
  temporary.push(root);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

const journal = (tags: string[]) =>
  JSON.stringify({ version: '7', dialect: 'postgresql', entries: tags.map((tag, idx) => ({ idx, version: '7', when: 1700000000000 + idx, tag, breakpoints: true })) });

interface DetectCase {
  name: string;
  files: Record<string, string>;
  expected: Omit<MigrationSet, 'root'> | undefined;
}

const detectCases: DetectCase[] = [
  {
    name: 'supabase: file-name (timestamp) order, before any other layout',
    files: {
      'supabase/migrations/20240201000000_second.sql': '',
      'supabase/migrations/20240101000000_first.sql': '',
      'supabase/migrations/README.md': '',
      'supabase/seed.sql': '',
      'migrations/001_ignored.sql': '',
      'schema.sql': '',
    },
    expected: {
      layout: 'supabase',
      files: ['supabase/migrations/20240101000000_first.sql', 'supabase/migrations/20240201000000_second.sql'],
    },
  },
  {
    name: 'prisma: one migration.sql per folder, folders in name order compared as text (as Prisma does)',
    files: {
      'prisma/schema.prisma': '',
      'prisma/migrations/migration_lock.toml': '',
      'prisma/migrations/20240315101010_add_posts/migration.sql': '',
      'prisma/migrations/20240101000000_init/migration.sql': '',
      'prisma/migrations/20240201000000_empty/notes.txt': '',
      // A hand-named folder: a numeric sort would put 20240320 before the 14-digit names.
      'prisma/migrations/20240320_add_tags/migration.sql': '',
    },
    expected: {
      layout: 'prisma',
      files: [
        'prisma/migrations/20240101000000_init/migration.sql',
        'prisma/migrations/20240315101010_add_posts/migration.sql',
        'prisma/migrations/20240320_add_tags/migration.sql',
      ],
    },
  },
  {
    name: 'drizzle: the journal decides the order and which files count',
    files: {
      'drizzle/0000_cool_start.sql': '',
      'drizzle/0001_warm_middle.sql': '',
      'drizzle/0002_stray_file.sql': '',
      'drizzle/meta/_journal.json': journal(['0001_warm_middle', '0000_cool_start']),
    },
    expected: { layout: 'drizzle', files: ['drizzle/0001_warm_middle.sql', 'drizzle/0000_cool_start.sql'] },
  },
  {
    name: 'drizzle: the out folder of drizzle.config.ts',
    files: {
      'drizzle.config.ts': "import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './src/db/schema.ts', out: './src/db/generated' });\n",
      'src/db/generated/0000_init.sql': '',
      'src/db/generated/0001_more.sql': '',
      'src/db/generated/meta/_journal.json': journal(['0000_init', '0001_more']),
    },
    expected: { layout: 'drizzle', files: ['src/db/generated/0000_init.sql', 'src/db/generated/0001_more.sql'] },
  },
  {
    name: 'drizzle without a journal: numbered file names',
    files: { 'drizzle/0001_b.sql': '', 'drizzle/0000_a.sql': '' },
    expected: { layout: 'drizzle', files: ['drizzle/0000_a.sql', 'drizzle/0001_b.sql'] },
  },
  {
    name: 'plain migrations/: natural order, only the up half of up/down pairs',
    files: {
      'migrations/10_c.up.sql': '',
      'migrations/2_b.up.sql': '',
      'migrations/2_b.down.sql': '',
      'migrations/1_a.up.sql': '',
      'migrations/1_a.down.sql': '',
      'migrations/notes.md': '',
    },
    expected: { layout: 'plain', files: ['migrations/1_a.up.sql', 'migrations/2_b.up.sql', 'migrations/10_c.up.sql'] },
  },
  {
    name: 'plain db/migrations/',
    files: { 'db/migrations/20240102_b.sql': '', 'db/migrations/20240101_a.sql': '' },
    expected: { layout: 'plain', files: ['db/migrations/20240101_a.sql', 'db/migrations/20240102_b.sql'] },
  },
  {
    name: 'graphile-migrate: afterReset.sql, committed/ in order, then a current.sql that holds SQL',
    files: {
      'migrations/afterReset.sql': 'create extension if not exists citext;',
      'migrations/committed/000010-add-tags.sql': '--! Previous: sha1:b\n--! Hash: sha1:c\nalter table app.items add column tags text[];',
      'migrations/committed/000002.sql': '--! Previous: sha1:a\n--! Hash: sha1:b\ncreate table app.items (id int);',
      'migrations/committed/000001.sql': '--! Previous: -\n--! Hash: sha1:a\ncreate schema app;',
      'migrations/current.sql': '-- Enter migration here\nalter table app.items add column note text;\n',
      '.gmrc': '{}',
    },
    expected: {
      layout: 'graphile',
      files: [
        'migrations/afterReset.sql',
        'migrations/committed/000001.sql',
        'migrations/committed/000002.sql',
        'migrations/committed/000010-add-tags.sql',
        'migrations/current.sql',
      ],
    },
  },
  {
    name: 'graphile-migrate: a current.sql of comments only is left out; so is a missing afterReset.sql',
    files: {
      'migrations/committed/000001.sql': 'create table a (id int);',
      'migrations/current.sql': '-- Enter migration here\n/* nothing yet */\n',
    },
    expected: { layout: 'graphile', files: ['migrations/committed/000001.sql'] },
  },
  {
    name: 'graphile-migrate: the files of a current/ folder, in order',
    files: {
      'migrations/committed/000001.sql': 'create table a (id int);',
      'migrations/current/2-more.sql': 'alter table a add column c int;',
      'migrations/current/1-first.sql': 'alter table a add column b int;',
      'migrations/current/3-empty.sql': '-- later\n',
    },
    expected: {
      layout: 'graphile',
      files: ['migrations/committed/000001.sql', 'migrations/current/1-first.sql', 'migrations/current/2-more.sql'],
    },
  },
  {
    name: 'plain db/migrations/ with only sub-folders: by relative path, rollbacks and seeds left out',
    files: {
      'db/migrations/2025/01_c.sql': '',
      'db/migrations/2024/10_b.sql': '',
      'db/migrations/2024/9_a.sql': '',
      'db/migrations/2024/9_a.down.sql': '',
      'db/migrations/down/01_undo.sql': '',
      'db/migrations/seeds/01_rows.sql': '',
      'db/migrations/.trash/old.sql': '',
    },
    expected: { layout: 'plain', files: ['db/migrations/2024/9_a.sql', 'db/migrations/2024/10_b.sql', 'db/migrations/2025/01_c.sql'] },
  },
  {
    name: 'a single schema.sql',
    files: { 'schema.sql': '', 'src/index.ts': '' },
    expected: { layout: 'dump', files: ['schema.sql'] },
  },
  {
    name: 'db/schema.sql',
    files: { 'db/schema.sql': '' },
    expected: { layout: 'dump', files: ['db/schema.sql'] },
  },
  {
    name: 'an empty supabase/migrations falls through to the next layout',
    files: { 'supabase/migrations/.gitkeep': '', 'prisma/migrations/0_init/migration.sql': '' },
    expected: { layout: 'prisma', files: ['prisma/migrations/0_init/migration.sql'] },
  },
  { name: 'no migrations at all', files: { 'src/index.ts': '', 'package.json': '{}' }, expected: undefined },
];

describe('detectMigrations', () => {
  for (const c of detectCases) {
    it(c.name, () => {
      const root = project(c.files);
      expect(detectMigrations(root)).toEqual(c.expected && { ...c.expected, root });
    });
  }
});

interface AtCase {
  name: string;
  files: Record<string, string>;
  target: string;
  expected: Omit<MigrationSet, 'root'> | undefined;
}

const atCases: AtCase[] = [
  {
    name: 'a project directory: detected inside, paths relative to the project root',
    files: { 'apps/api/prisma/migrations/1_init/migration.sql': '' },
    target: 'apps/api',
    expected: { layout: 'prisma', files: ['apps/api/prisma/migrations/1_init/migration.sql'] },
  },
  {
    name: 'a folder of plain .sql files',
    files: { 'sql/b.sql': '', 'sql/a.sql': '', 'sql/a.down.sql': '' },
    target: 'sql',
    expected: { layout: 'plain', files: ['sql/a.sql', 'sql/b.sql'] },
  },
  {
    name: 'a supabase/migrations folder named directly',
    files: { 'supabase/migrations/20240102000000_b.sql': '', 'supabase/migrations/20240101000000_a.sql': '' },
    target: 'supabase/migrations',
    expected: { layout: 'supabase', files: ['supabase/migrations/20240101000000_a.sql', 'supabase/migrations/20240102000000_b.sql'] },
  },
  {
    name: 'a prisma migrations folder named directly',
    files: { 'db/prisma-migrations/2_b/migration.sql': '', 'db/prisma-migrations/1_a/migration.sql': '' },
    target: 'db/prisma-migrations',
    expected: { layout: 'prisma', files: ['db/prisma-migrations/1_a/migration.sql', 'db/prisma-migrations/2_b/migration.sql'] },
  },
  {
    name: 'a drizzle folder named directly (journal inside)',
    files: { 'out/0000_x.sql': '', 'out/0001_y.sql': '', 'out/meta/_journal.json': journal(['0001_y', '0000_x']) },
    target: 'out',
    expected: { layout: 'drizzle', files: ['out/0001_y.sql', 'out/0000_x.sql'] },
  },
  {
    name: 'one dump file',
    files: { 'backups/prod-schema.sql': '' },
    target: 'backups/prod-schema.sql',
    expected: { layout: 'dump', files: ['backups/prod-schema.sql'] },
  },
  {
    name: 'a graphile-migrate folder named directly',
    files: {
      '@app/db/migrations/afterReset.sql': '',
      '@app/db/migrations/committed/000002.sql': 'create table b (id int);',
      '@app/db/migrations/committed/000001.sql': 'create table a (id int);',
      '@app/db/migrations/current.sql': 'create table c (id int);',
    },
    target: '@app/db/migrations',
    expected: {
      layout: 'graphile',
      files: [
        '@app/db/migrations/afterReset.sql',
        '@app/db/migrations/committed/000001.sql',
        '@app/db/migrations/committed/000002.sql',
        '@app/db/migrations/current.sql',
      ],
    },
  },
  {
    name: 'a graphile-migrate committed/ folder named directly: after its afterReset.sql, without current.sql',
    files: {
      'db/migrations/afterReset.sql': '',
      'db/migrations/committed/000001.sql': 'create table a (id int);',
      'db/migrations/current.sql': 'create table c (id int);',
    },
    target: 'db/migrations/committed',
    expected: { layout: 'graphile', files: ['db/migrations/afterReset.sql', 'db/migrations/committed/000001.sql'] },
  },
  {
    name: 'a named folder: its own files and its sub-folders, by relative path',
    files: {
      'sql/2024/11_b.sql': '',
      'sql/2024/2_a.sql': '',
      'sql/001_base.sql': '',
      'sql/2025/1_c.up.sql': '',
      'sql/2025/1_c.down.sql': '',
      'sql/rollbacks/1_c.sql': '',
    },
    target: 'sql',
    expected: { layout: 'plain', files: ['sql/001_base.sql', 'sql/2024/2_a.sql', 'sql/2024/11_b.sql', 'sql/2025/1_c.up.sql'] },
  },
  {
    name: 'a named folder of one folder per migration with up.sql/down.sql',
    files: {
      'schema/2024-02-01-000000_posts/up.sql': '',
      'schema/2024-02-01-000000_posts/down.sql': '',
      'schema/2024-01-01-000000_users/up.sql': '',
      'schema/2024-01-01-000000_users/down.sql': '',
    },
    target: 'schema',
    expected: { layout: 'plain', files: ['schema/2024-01-01-000000_users/up.sql', 'schema/2024-02-01-000000_posts/up.sql'] },
  },
  { name: 'a folder with no SQL', files: { 'docs/readme.md': '' }, target: 'docs', expected: undefined },
  { name: 'a path that does not exist', files: {}, target: 'nowhere', expected: undefined },
];

describe('migrationsAt', () => {
  for (const c of atCases) {
    it(c.name, () => {
      const root = project(c.files);
      expect(migrationsAt(path.join(root, c.target), { relativeTo: root })).toEqual(c.expected && { ...c.expected, root });
    });
  }
});

describe('readMigrationText', () => {
  const cases: { name: string; text: string; expected: string }[] = [
    { name: 'a plain file is read as is', text: 'create table a (id int);\n', expected: 'create table a (id int);\n' },
    {
      name: 'dbmate: the down section is blanked, line breaks kept',
      text: '-- migrate:up\ncreate table a (id int);\n\n-- migrate:down\ndrop table a;\n',
      expected: '-- migrate:up\ncreate table a (id int);\n\n\n\n',
    },
    {
      name: 'goose: the Down half is blanked',
      text: '-- +goose Up\ncreate table b (id int);\n-- +goose Down\ndrop table b;\n',
      expected: '-- +goose Up\ncreate table b (id int);\n\n\n',
    },
    { name: 'a byte-order mark is dropped', text: '\uFEFFselect 1;\n', expected: 'select 1;\n' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const root = project({ 'm.sql': c.text });
      expect(readMigrationText({ layout: 'plain', root, files: ['m.sql'] }, 'm.sql')).toBe(c.expected);
    });
  }
});
