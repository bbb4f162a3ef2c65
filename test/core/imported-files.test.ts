import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findImportedFiles } from '../../src/extract/imported-files.js';
import { extractProject } from '../../src/run.js';

describe('findImportedFiles', () => {
  it('follows relative paths, aliases, dynamic imports, require and workspace subpaths; not bare packages', () => {
    const texts: Record<string, string> = {
      'apps/web/page.tsx': "import { user } from '@acme/server/db/schema';\nimport { Pool } from 'pg';\nconst m = await import('./lazy.js');",
      'apps/web/lazy.ts': "export * from '../../lib/util';\nconst cfg = require('@/config');",
      'src/config.ts': "import 'drizzle-orm';",
      'lib/util/index.ts': "import type { X } from './types';",
      'lib/util/types.ts': '',
      'packages/server/src/db/schema/index.ts': "export * from './user';",
      'packages/server/src/db/schema/user.ts': '',
      'packages/server/auth-schema2.ts': "import { pgTable } from 'drizzle-orm/pg-core';",
      'scripts/seed.py': "import schema from 'packages/server/auth-schema2'",
    };
    const imported = findImportedFiles(Object.keys(texts), (file) => texts[file]);
    expect([...imported].sort()).toEqual([
      'apps/web/lazy.ts',
      'lib/util/index.ts',
      'lib/util/types.ts',
      'packages/server/src/db/schema/index.ts',
      'packages/server/src/db/schema/user.ts',
      'src/config.ts',
    ]);
  });
});

describe('same-named ORM models in two files', () => {
  let root: string | undefined;
  afterEach(() => root && rmSync(root, { recursive: true, force: true }));

  it('resolves usages against the copy the project imports, not a generated one nothing imports (Dokploy)', async () => {
    root = mkdtempSync(join(tmpdir(), 'dbref-imported-'));
    const write = (file: string, text: string) => {
      mkdirSync(dirname(join(root!, file)), { recursive: true });
      writeFileSync(join(root!, file), text);
    };
    write('package.json', JSON.stringify({ workspaces: ['apps/*', 'packages/*'], dependencies: { 'drizzle-orm': '0.36' } }));
    // Both declare the field the usage selects, with different column names: the field test cannot choose.
    write('packages/server/auth-schema2.ts', "import { pgTable, boolean, text } from 'drizzle-orm/pg-core';\nexport const user = pgTable('user', {\n  id: text('id').primaryKey(),\n  enableEnterpriseFeatures: boolean('enable_enterprise_features'),\n});\n");
    write('packages/server/src/db/schema/user.ts', "import { pgTable, boolean, text } from 'drizzle-orm/pg-core';\nexport const user = pgTable('user', {\n  id: text('id').primaryKey(),\n  enableEnterpriseFeatures: boolean('enableEnterpriseFeatures'),\n});\n");
    write('packages/server/src/db/schema/index.ts', "export * from './user';\n");
    write(
      'apps/web/settings.ts',
      "import { db } from '@acme/server/db';\nimport { user } from '@acme/server/db/schema';\nexport const get = (id: string) => db.query.user.findFirst({ columns: { enableEnterpriseFeatures: true } });\n",
    );
    const result = await extractProject({ root, cache: false });
    const columns = result.references.filter((r) => r.kind === 'column').map((r) => `${r.location.file}:${r.location.line}:${r.location.column} ${r.relation.name}.${r.column}`);
    expect(columns).toEqual(['apps/web/settings.ts:3:73 user.enableEnterpriseFeatures']);
    // Model checks skip the copy: its drift from the table describes a file nothing runs.
    expect(result.declarations.map((d) => `${d.location.file} ${d.model} ${d.shadowed ?? false}`)).toEqual([
      'packages/server/auth-schema2.ts user true',
      'packages/server/src/db/schema/user.ts user false',
    ]);
  });
});
