import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { maskCommands, MARKER, run } from '../../action/main.mjs';
import { diffSnapshots } from '../../src/schema/diff.js';
import { serialiseSnapshot } from '../../src/schema/snapshot.js';
import { runCli } from '../helpers/cli.js';
import { buildSchema } from '../helpers/schema-builder.js';

// The action's entry point against a saved pull_request payload and a fake GitHub API on loopback: no network.
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'github');
let root: string;
let scratch: string;
let baseSha: string;
let headSha: string;

const git = (...args: string[]) => {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
};
const write = (file: string, text: string) => {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
};
const query = (name: string, sql: string) => `import { Pool } from 'pg';\nconst pool = new Pool();\nexport const ${name} = () => pool.query('${sql}');\n`;

interface ApiRequest {
  method: string;
  url: string;
  body?: { body: string };
}
interface Comment {
  id: number;
  body: string;
}
let server: Server;
let apiUrl: string;
let requests: ApiRequest[];
let comments: Comment[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dbref-action-repo-'));
  scratch = mkdtempSync(join(tmpdir(), 'dbref-action-'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'dev@example.com');
  git('config', 'user.name', 'dev');
  write('package.json', JSON.stringify({ name: 'shop', dependencies: { pg: '8' } }));
  write('schema.snapshot.json', serialiseSnapshot(buildSchema({ tables: { 'public.users': ['id serial', 'email text', 'name text'] } })));
  write('src/users.ts', query('users', 'SELECT id, nickname FROM users'));
  write('src/profile.ts', query('profile', 'SELECT id, email FROM users'));
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  baseSha = git('rev-parse', 'HEAD');
  git('checkout', '-q', '-b', 'orders-page');
  // The PR: fixes users.ts, adds a query on a missing table, and drops users.email that profile.ts still reads.
  write('schema.snapshot.json', serialiseSnapshot(buildSchema({ tables: { 'public.users': ['id serial', 'name text'] } })));
  write('src/users.ts', query('users', 'SELECT id, name FROM users'));
  write('src/orders.ts', query('orders', 'SELECT id, total FROM orders'));
  git('add', '-A');
  git('commit', '-q', '-m', 'orders page');
  headSha = git('rev-parse', 'HEAD');

  server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const request: ApiRequest = { method: req.method!, url: req.url!, ...(text ? { body: JSON.parse(text) } : {}) };
      requests.push(request);
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.headers.authorization !== 'Bearer test-token') return send(401, { message: 'Bad credentials' });
      if (req.method === 'GET' && req.url!.startsWith('/repos/acme/shop/issues/42/comments?')) return send(200, comments);
      if (req.method === 'POST' && req.url === '/repos/acme/shop/issues/42/comments') {
        const comment = { id: 9000 + comments.length, body: request.body!.body };
        comments.push(comment);
        return send(201, comment);
      }
      const patch = /^\/repos\/acme\/shop\/issues\/comments\/(\d+)$/.exec(req.url!);
      const target = patch && comments.find((c) => c.id === Number(patch[1]));
      if (req.method === 'PATCH' && target) {
        target.body = request.body!.body;
        return send(200, target);
      }
      send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
  rmSync(root, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  requests = [];
});

async function runAction(fixture: string) {
  const event = readFileSync(join(FIXTURES, fixture), 'utf8').replaceAll('BASE_SHA', baseSha).replaceAll('HEAD_SHA', headSha);
  const eventPath = join(scratch, fixture);
  const summary = join(scratch, `summary-${Math.random()}.md`);
  writeFileSync(eventPath, event);
  writeFileSync(summary, '');
  const lines: string[] = [];
  const code = await run({
    env: {
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_API_URL: apiUrl,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_WORKSPACE: root,
      GITHUB_STEP_SUMMARY: summary,
      'INPUT_SCHEMA': 'schema.snapshot.json',
      'INPUT_FAIL-ON': 'error',
      'INPUT_GITHUB-TOKEN': 'test-token',
    },
    stdout: (line) => lines.push(line),
    dbref: (args, cwd) => runCli(args, cwd),
    diffSnapshots: diffSnapshots as never,
    fetch,
  });
  return { code, lines, summary: readFileSync(summary, 'utf8') };
}

const link = (sha: () => string, file: string, line: number) => `[\`${file}:${line}\`](https://github.com/acme/shop/blob/${sha()}/${file}#L${line})`;
const expectedComment = () =>
  [
    MARKER,
    '### ❌ 2 new database problems in this pull request',
    '',
    '1 new problem in changed files · 1 problem fixed · 1 problem caused by the schema change · 0 references not checked (dynamic names)',
    '',
    '#### New in this pull request',
    '',
    '| Where | Severity | Problem | Rule |',
    '| --- | --- | --- | --- |',
    `| ${link(() => headSha, 'src/orders.ts', 3)} | 🔴 error | Relation "public.orders" does not exist. | \`missing-relation\` |`,
    '',
    '#### Broken by the schema change',
    '',
    'Code this pull request does not touch still uses what its migrations remove or rename:',
    '',
    '- column `users.email` dropped',
    '',
    '| Where | Severity | Problem | Rule |',
    '| --- | --- | --- | --- |',
    `| ${link(() => headSha, 'src/profile.ts', 3)} | 🔴 error | Column "email" does not exist on relation "public.users". | \`missing-column\` |`,
    '',
    '#### Fixed by this pull request',
    '',
    '| Where | Severity | Problem | Rule |',
    '| --- | --- | --- | --- |',
    `| ${link(() => baseSha, 'src/users.ts', 3)} | 🔴 error | Column "nickname" does not exist on relation "public.users". | \`missing-column\` |`,
    '',
    // The snapshot's own description of its source (the schema builder's).
    '<sub>dbref · schema: test</sub>',
    '',
  ].join('\n');

describe('the GitHub Action', () => {
  it('posts one comment with what the PR adds, fixes and breaks, annotates and writes the job summary', async () => {
    comments = [{ id: 7, body: 'LGTM, but please add a test' }];
    const result = await runAction('pull_request.json');
    expect(result.code).toBe(1);
    expect(comments).toEqual([{ id: 7, body: 'LGTM, but please add a test' }, { id: 9001, body: expectedComment() }]);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /repos/acme/shop/issues/42/comments?per_page=100&page=1',
      'POST /repos/acme/shop/issues/42/comments',
    ]);
    expect(result.lines).toEqual([
      '::error file=src/orders.ts,line=3,col=63,title=dbref/missing-relation::Relation "public.orders" does not exist.',
      '::error file=src/profile.ts,line=3,col=53,title=dbref/missing-column::Column "email" does not exist on relation "public.users".',
      'dbref: comment created (9001)',
    ]);
    expect(result.summary).toBe(expectedComment().replace(`${MARKER}\n`, ''));
  });

  it('edits its comment on a rerun instead of adding another, and leaves it alone when nothing changed', async () => {
    write('src/orders.ts', query('orders', 'SELECT id, name FROM users'));
    git('commit', '-q', '-am', 'orders from users');
    headSha = git('rev-parse', 'HEAD');
    const rerun = await runAction('pull_request.json');
    expect(rerun.code).toBe(1); // profile.ts is still broken by the dropped column
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /repos/acme/shop/issues/42/comments?per_page=100&page=1',
      'PATCH /repos/acme/shop/issues/comments/9001',
    ]);
    expect(comments.map((c) => c.id)).toEqual([7, 9001]);
    expect(comments[1]!.body).toContain('### ❌ 1 new database problem in this pull request\n\n0 new problems in changed files · 1 problem fixed · 1 problem caused by the schema change');
    expect(rerun.lines.at(-1)).toBe('dbref: comment updated (9001)');

    requests = [];
    const again = await runAction('pull_request.json');
    expect(requests.map((r) => r.method)).toEqual(['GET']);
    expect(again.lines.at(-1)).toBe('dbref: comment unchanged (9001)');
  });

  it('falls back to annotations and the job summary on a pull request from a fork', async () => {
    const result = await runAction('pull_request_fork.json');
    expect(requests).toEqual([]);
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([
      '::error file=src/profile.ts,line=3,col=53,title=dbref/missing-column::Column "email" does not exist on relation "public.users".',
      'dbref: pull request from a fork (read-only token): findings are in the annotations and the job summary',
    ]);
    expect(result.summary).toContain('#### Broken by the schema change');
  });

  it('masks a database URL and its password before anything is logged', () => {
    expect(maskCommands('postgres://app:s3cr%40t@db.example.test:5432/shop')).toEqual([
      '::add-mask::postgres://app:s3cr%40t@db.example.test:5432/shop',
      '::add-mask::s3cr@t',
    ]);
    expect(maskCommands('supabase/migrations')).toEqual([]);
  });
});
