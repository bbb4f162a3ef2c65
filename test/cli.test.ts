import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'dbref-cli-'));
  mkdirSync(join(project, 'migrations'));
  writeFileSync(
    join(project, 'migrations', '001_init.sql'),
    'create table accounts (id int primary key, email text not null);\n' +
      'create table audits (id int references missing_table (id));\n' +
      'create table notes (id int primary key, body text);\n',
  );
  writeFileSync(join(project, 'package.json'), JSON.stringify({ dependencies: { pg: '8' } }));
  mkdirSync(join(project, 'src'));
  writeFileSync(
    join(project, 'src', 'notes.ts'),
    "import { Pool } from 'pg';\nconst pool = new Pool();\nexport const list = () => pool.query('SELECT id, body, title FROM notes');\n",
  );
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

const SECRET = 's3cr3t-Pa55';

describe('operational errors: one clear line, exit code 2, no password', () => {
  it.each([
    ['an unreachable port', `postgres://app:${SECRET}@127.0.0.1:1/app`, 'dbref: cannot connect to postgres://app:***@127.0.0.1:1/app (connection refused)'],
    ['an unknown host', `postgres://app:${SECRET}@no-such-host.invalid/app`, 'dbref: cannot connect to postgres://app:***@no-such-host.invalid/app (host not found)'],
    ['a malformed URL', `postgres://app:${SECRET}@127.0.0.1:99999/app`, 'dbref: invalid connection URL postgres://app:***@127.0.0.1:99999/app (not a valid URL)'],
    ['a missing schema file', 'nowhere/schema.sql', 'dbref: Schema source nowhere/schema.sql does not exist (expected a postgres:// URL, a migrations directory, a .sql file or a .json snapshot)'],
  ])('%s', async (_name, source, line) => {
    for (const command of ['snapshot', 'check']) {
      const run = await runCli([command, '--schema', source], project);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`${line}\n`);
      expect(run.stdout).toBe('');
      expect(run.stderr).not.toContain(SECRET);
    }
  });

  it('a usage error names the problem', async () => {
    const run = await runCli(['chek'], project);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('dbref: Unknown argument: chek\n');
  });
});

describe('a migration statement that fails to replay', () => {
  it('is named with file and line; snapshot still writes the schema and exits 2', async () => {
    const run = await runCli(['snapshot', '--no-cache'], project);
    expect(run.stderr).toBe('dbref: migrations/001_init.sql:2: statement failed (relation "missing_table" does not exist)\n');
    expect(run.code).toBe(2);
    const snapshot = JSON.parse(run.stdout);
    expect(snapshot.incomplete).toBe(true);
    expect(snapshot.relations.map((r: { name: string }) => r.name)).toEqual(['accounts', 'notes']);
  });

  it('check goes on with the rest of the schema and says so', async () => {
    const run = await runCli(['check', '--format', 'json'], project);
    expect(run.stderr).toBe('dbref: migrations/001_init.sql:2: statement failed (relation "missing_table" does not exist)\n');
    const report = JSON.parse(run.stdout);
    expect(report.schema).toEqual({ source: 'migrations/001_init.sql', incomplete: true });
    expect(report.findings.map((f: { ruleId: string; message: string; location: unknown }) => [f.ruleId, f.message, f.location])).toEqual([
      ['missing-column', 'Column "title" does not exist on relation "public.notes".', { file: 'src/notes.ts', line: 3, column: 56 }],
      ['orphaned-table', 'Table "public.accounts" is not used by any code or model.', null],
    ]);
    expect(run.code).toBe(1);
  });
});

describe('every command', () => {
  it.each(['check', 'refs', 'diff', 'snapshot', 'audit', 'scaffold', 'init'])('%s --help exits 0 and describes its options', async (command) => {
    const run = await runCli([command, '--help'], project);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`dbref ${command}`);
    expect(run.stdout).toContain('--help');
  });

  it('--performance prints where the time went, one line per phase, check and extractor', async () => {
    const run = await runCli(['check', '--performance', '--no-cache', '--format', 'json'], project);
    const lines = run.stderr.trim().split('\n').filter((l) => !l.includes('statement failed'));
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(line).toMatch(/^dbref: [a-z:-]+ +\d+\.\d ms$/);
    const names = lines.map((l) => l.split(/\s+/)[1]);
    expect(names).toEqual(expect.arrayContaining(['schema', 'discover', 'detect', 'resolve', 'check:missing-column', 'check:orphaned-table']));
  });

  it('scaffold and init print JSON with --format json (and write nothing)', async () => {
    const scaffold = await runCli(['scaffold', '--format', 'json'], project);
    const plan = JSON.parse(scaffold.stdout);
    expect(plan.format).toBe('sql');
    expect(plan.plan.columns).toHaveLength(1);
    expect(plan.sql).toContain('ALTER TABLE public.notes ADD COLUMN title text');
    const init = await runCli(['init', '--format', 'json', '--dry-run'], project);
    const json = JSON.parse(init.stdout);
    expect(json.applied).toBe(false);
    expect(json.steps).toEqual([{ file: 'dbref.config.mjs', action: 'create', what: 'config' }]);
  });

  it('refs --format json follows the contract', async () => {
    const run = await runCli(['refs', '--format', 'json'], project);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.references.map((r: { kind: string; relation: { name: string }; column?: string; location: { line: number; column: number } }) => [r.kind, r.relation.name, r.column ?? null, r.location.line, r.location.column])).toEqual([
      ['column', 'notes', 'id', 3, 46],
      ['column', 'notes', 'body', 3, 50],
      ['column', 'notes', 'title', 3, 56],
      ['relation', 'notes', null, 3, 67],
    ]);
    expect(json.skipped).toEqual([]);
  });
});

describe('dbref hook (parsed without yargs, for speed)', () => {
  it.each([
    [['hook', '--format', 'xml'], 'dbref: --format takes text, json, github, not "xml"'],
    [['hook', '--bogus'], "dbref: Unknown option '--bogus'"],
    [['hook', '--max-warnings', 'some'], 'dbref: --max-warnings takes a number, not "some"'],
  ])('rejects %j with one usage line and exit code 2', async (argv, line) => {
    const run = await runCli(argv, project);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });

  it('shows its options with --help, through yargs like every command', async () => {
    const run = await runCli(['hook', '--help'], project);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('dbref hook [files..]');
    expect(run.stdout).toMatch(/--max-warnings +Block the commit when there are more warnings than this +\[number\]/);
    expect(run.stdout).toMatch(/--format +Report format +\[string\] \[choices: "text", "json", "github"\] \[default: "text"\]/);
  });

  it('does nothing when the files it is given cannot change what dbref finds', async () => {
    expect(await runCli(['hook', 'README.md', 'docs/logo.png'], project)).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
