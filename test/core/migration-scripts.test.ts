import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isMigrationScript } from '../../src/discover.js';
import { runCli } from '../helpers/cli.js';

describe('migrations written as code', () => {
  it('are data migrations beside a Prisma migration.sql, or timestamped scripts in a migrations folder', () => {
    const files = new Set(['db/migration/20240101_init/migration.sql', 'db/migration/20240101_init/migration.ts']);
    expect(isMigrationScript('db/migration/20240101_init/migration.ts', files)).toBe(true);
    expect(isMigrationScript('migrations/20240101120000_add_users.js', files)).toBe(true);
    expect(isMigrationScript('src/db/migrations/1700000000000-Init.ts', files)).toBe(true);
    expect(isMigrationScript('db/migrate/20240101-create-user.cjs', files)).toBe(true);
    expect(isMigrationScript('db/migration/20241209104738_backfill/migration.ts', files)).toBe(true);
    expect(isMigrationScript('migrations/run.ts', files)).toBe(false);
    expect(isMigrationScript('src/2024_report.ts', files)).toBe(false);
    expect(isMigrationScript('db/migration/20240101_init/migration.sql', files)).toBe(false);
  });

  describe('dbref check', () => {
    let root: string | undefined;
    afterEach(() => root && rmSync(root, { recursive: true, force: true }));

    it('reports nothing from them: they query the schema of their day', async () => {
      root = mkdtempSync(join(tmpdir(), 'dbref-migration-scripts-'));
      const write = (file: string, text: string) => {
        mkdirSync(dirname(join(root!, file)), { recursive: true });
        writeFileSync(join(root!, file), text);
      };
      const query = (sql: string) => `import { Pool } from 'pg';\nconst pool = new Pool();\nexport const run = () => pool.query('${sql}');\n`;
      write('package.json', JSON.stringify({ dependencies: { pg: '8' } }));
      write('migrations/0001_init.sql', 'create table accounts (id int primary key, email text);\n');
      // A data migration from before `legacy_users` became `accounts`, and one app file with a real mistake.
      write('migrations/20240101120000_backfill.js', query('UPDATE legacy_users SET email = lower(email)'));
      write('src/accounts.ts', query('SELECT id, mail FROM accounts'));
      const run = await runCli(['check'], root);
      expect(run.stdout).toContain('src/accounts.ts\n  3:49  error  Column "mail" does not exist on relation "public.accounts".');
      expect(run.stdout).not.toContain('legacy_users');
      expect(run.stdout).toContain('✖ 1 problem (1 error, 0 warnings, 0 infos)');
    }, 120_000);
  });
});
