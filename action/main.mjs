#!/usr/bin/env node
// The dbref GitHub Action (action.yml runs this with node after installing dbref). Plain ESM with no dependencies of
// its own: it runs the dbref CLI, compares the pull request with its base, and talks to the GitHub REST API with fetch.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Found again on reruns, so the bot edits its comment instead of adding one. */
export const MARKER = '<!-- dbref -->';
const COMMENT_LIMIT = 65_536;
const ACTION_DIR = dirname(fileURLToPath(import.meta.url));
const SEVERITY_RANK = { info: 1, warn: 2, error: 3 };
const ICON = { error: '🔴 error', warn: '🟡 warning', info: '🔵 info' };

/** Runs the dbref CLI of this checkout; returns its exit code and output. */
function defaultDbref(args, cwd, env) {
  const result = spawnSync(process.execPath, [join(ACTION_DIR, '..', 'bin', 'dbref.js'), ...args], {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status ?? 2, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

function git(cwd, args) {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed (${(result.stderr || '').trim().split('\n')[0]})`);
  return result.stdout;
}

/** An action input as the runner passes it: INPUT_<NAME> with spaces as underscores, upper case. */
function input(env, name, fallback = '') {
  const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
  return value === undefined || value.trim() === '' ? fallback : value.trim();
}

function escapeData(text) {
  return String(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text) {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The `::add-mask::` commands for a connection URL: the whole URL and its password, so neither reaches the log. */
export function maskCommands(url) {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return [];
  const lines = [`::add-mask::${url}`];
  try {
    const password = decodeURIComponent(new URL(url).password);
    if (password) lines.push(`::add-mask::${password}`);
  } catch {
    // Not parseable as a URL: the whole string is masked already.
  }
  return lines;
}

function plural(n, word, many = `${word}s`) {
  return `${n} ${n === 1 ? word : many}`;
}

/** Text safe in a table cell. */
function cell(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function row(f, serverUrl, repo, sha) {
  const where = f.location ? `${f.location.file}:${f.location.line}` : 'schema';
  const link = f.location && serverUrl && repo && sha ? `[\`${where}\`](${serverUrl}/${repo}/blob/${sha}/${f.location.file}#L${f.location.line})` : `\`${where}\``;
  const help = f.help ? `<br>💡 ${cell(f.help)}` : '';
  return `| ${link} | ${ICON[f.severity] ?? f.severity} | ${cell(f.message)}${help} | \`${f.ruleId}\` |`;
}

function table(findings, ctx, extraNote) {
  const lines = ['| Where | Severity | Problem | Rule |', '| --- | --- | --- | --- |'];
  for (const f of findings) lines.push(row(f, ctx.serverUrl, ctx.repo, ctx.sha));
  if (extraNote) lines.push('', extraNote);
  return lines.join('\n');
}

/**
 * The PR comment: what this PR adds, what it fixes, what its schema change breaks elsewhere, how many references
 * could not be checked. Pure: the same comparison always gives the same text.
 */
export function renderComment(cmp, ctx = {}) {
  const { added, fixed, kept, broken, unchecked, schemaChanges } = cmp;
  const headline =
    added.length + broken.length === 0
      ? '✅ No new database problems in this pull request'
      : `❌ ${plural(added.length + broken.length, 'new database problem')} in this pull request`;
  const facts = [
    `${plural(added.length, 'new problem')} in changed files`,
    `${plural(fixed.length, 'problem')} fixed`,
    ...(cmp.schemaDiff ? [`${plural(broken.length, 'problem')} caused by the schema change`] : []),
    `${plural(unchecked, 'reference')} not checked (dynamic names)`,
  ];
  const parts = [MARKER, `### ${headline}`, '', facts.join(' · ')];
  if (added.length > 0) parts.push('', '#### New in this pull request', '', table(added, ctx));
  if (broken.length > 0) {
    parts.push('', '#### Broken by the schema change', '', 'Code this pull request does not touch still uses what its migrations remove or rename:', '');
    if (schemaChanges.length > 0) parts.push(...schemaChanges.map((c) => `- ${c}`), '');
    parts.push(table(broken, ctx));
  }
  if (fixed.length > 0) parts.push('', '#### Fixed by this pull request', '', table(fixed, { ...ctx, sha: ctx.baseSha }));
  if (kept.length > 0) {
    parts.push('', `<details><summary>${plural(kept.length, 'problem')} already on the base branch, in changed files</summary>`, '', table(kept, ctx), '', '</details>');
  }
  parts.push('', `<sub>dbref · schema: ${cell(cmp.schemaSource)}${cmp.incomplete ? ' (incomplete: some migration statements failed)' : ''}</sub>`, '');
  let body = parts.join('\n');
  if (body.length > COMMENT_LIMIT) {
    const notice = '\n\n> [!NOTE]\n> This comment reached GitHub\'s size limit; the job summary and annotations have every finding.\n';
    body = body.slice(0, COMMENT_LIMIT - notice.length);
    body = body.slice(0, body.lastIndexOf('\n')) + notice;
  }
  return body;
}

/** Workflow annotations for findings (on the PR's changed lines, which is where they are located). */
export function annotations(findings) {
  return findings.map((f) => {
    const command = f.severity === 'error' ? 'error' : f.severity === 'warn' ? 'warning' : 'notice';
    const props = f.location ? [`file=${escapeProperty(f.location.file)}`, `line=${f.location.line}`, `col=${f.location.column}`] : [];
    props.push(`title=${escapeProperty(`dbref/${f.ruleId}`)}`);
    return `::${command} ${props.join(',')}::${escapeData(f.help ? `${f.message}\nhelp: ${f.help}` : f.message)}`;
  });
}

/** Splits head and base findings into new, fixed and already-present, by fingerprint. */
export function compare(head, base, changed) {
  const inChanged = (f) => f.location && changed.has(f.location.file);
  const baseKeys = new Set(base.findings.map((f) => f.fingerprint));
  const headKeys = new Set(head.findings.map((f) => f.fingerprint));
  const headChanged = head.findings.filter(inChanged);
  return {
    added: headChanged.filter((f) => !baseKeys.has(f.fingerprint)),
    kept: headChanged.filter((f) => baseKeys.has(f.fingerprint)),
    fixed: base.findings.filter((f) => inChanged(f) && !headKeys.has(f.fingerprint)),
    // Findings in files the PR does not touch that the base did not have: only a schema change can cause them.
    broken: head.findings.filter((f) => f.location && !changed.has(f.location.file) && !baseKeys.has(f.fingerprint)),
  };
}

/** One line per removed or renamed table/column in a schema diff (dbref's diffSnapshots result). */
export function describeSchemaChanges(diff) {
  const lines = [];
  for (const c of diff.changes) {
    if (c.objectKind === 'column' && c.change === 'removed') lines.push(`column \`${c.details.table}.${c.name}\` dropped`);
    else if (c.objectKind === 'column' && c.change === 'renamed?') lines.push(`column \`${c.details.table}.${c.details.from}\` renamed to \`${c.name}\`?`);
    else if (c.change === 'removed' && ['table', 'view', 'materialized-view', 'partitioned-table'].includes(c.objectKind)) lines.push(`${c.objectKind} \`${c.schema}.${c.name}\` dropped`);
    else if (c.change === 'renamed?' && c.objectKind === 'table') lines.push(`table \`${c.schema}.${c.details.from}\` renamed to \`${c.name}\`?`);
  }
  return lines;
}

async function github(ctx, method, path, body) {
  const response = await ctx.fetch(`${ctx.apiUrl}${path}`, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${ctx.token}`,
      'content-type': 'application/json',
      'user-agent': 'dbref-action',
      'x-github-api-version': '2022-11-28',
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) {
    const error = new Error(`GitHub API ${method} ${path} answered ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return response.status === 204 ? undefined : response.json();
}

/** Creates the bot's comment, or edits the one that carries the marker. Returns what it did. */
export async function upsertComment(ctx, number, body) {
  const [owner, name] = ctx.repo.split('/');
  for (let page = 1; page <= 50; page++) {
    const comments = await github(ctx, 'GET', `/repos/${owner}/${name}/issues/${number}/comments?per_page=100&page=${page}`);
    const mine = comments.find((c) => typeof c.body === 'string' && c.body.includes(MARKER));
    if (mine) {
      if (mine.body === body) return { action: 'unchanged', id: mine.id };
      await github(ctx, 'PATCH', `/repos/${owner}/${name}/issues/comments/${mine.id}`, { body });
      return { action: 'updated', id: mine.id };
    }
    if (comments.length < 100) break;
  }
  const created = await github(ctx, 'POST', `/repos/${owner}/${name}/issues/${number}/comments`, { body });
  return { action: 'created', id: created.id };
}

function parseReport(result, label) {
  if (result.code === 2) throw new Error(`dbref check failed on ${label}: ${result.stderr.trim().split('\n')[0] ?? ''}`);
  try {
    return JSON.parse(result.stdout);
  } catch {
    throw new Error(`dbref check printed no JSON report on ${label} (${result.stderr.trim().split('\n')[0] ?? ''})`);
  }
}

/**
 * The action. `options.env` is the runner's environment (inputs, GITHUB_*), `options.dbref` runs the CLI and
 * `options.fetch` talks to the API (both replaceable in tests). Returns the exit code.
 */
export async function run(options = {}) {
  const env = options.env ?? process.env;
  const out = options.stdout ?? ((line) => process.stdout.write(`${line}\n`));
  const dbref = options.dbref ?? defaultDbref;
  const workspace = resolve(env.GITHUB_WORKSPACE ?? process.cwd(), input(env, 'working-directory', '.'));
  const schema = input(env, 'schema');
  const config = input(env, 'config');
  const failOn = input(env, 'fail-on', 'error');
  const sarif = input(env, 'sarif');
  const schemaDiff = input(env, 'schema-diff', 'true') !== 'false';
  const token = input(env, 'github-token', env.GITHUB_TOKEN ?? '');
  for (const line of maskCommands(schema)) out(line);
  if (!['error', 'warn', 'info', 'never'].includes(failOn)) {
    out(`::error::dbref: fail-on must be error, warn, info or never (got "${failOn}")`);
    return 2;
  }

  const event = env.GITHUB_EVENT_PATH && existsSync(env.GITHUB_EVENT_PATH) ? JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) : {};
  const pr = event.pull_request;
  const common = [...(schema ? ['--schema', schema] : []), ...(config ? ['--config', config] : [])];
  const cliEnv = { ...env, NO_COLOR: '1' };

  try {
    if (!pr) {
      // Not a pull request (push, schedule): check the whole project, annotate and summarise.
      const report = parseReport(await dbref(['check', '--format', 'json', ...common], workspace, cliEnv), 'this commit');
      for (const line of annotations(report.findings)) out(line);
      if (sarif) await dbref(['check', '--format', 'sarif', '--output', resolve(workspace, sarif), ...common], workspace, cliEnv);
      if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `### dbref\n\n${plural(report.findings.length, 'problem')} (${report.summary.unchecked} references not checked)\n`);
      return exitFor(report.findings, failOn);
    }

    const baseSha = pr.base.sha;
    const mergeBase = git(workspace, ['merge-base', baseSha, 'HEAD']).trim();
    const diffNames = (filter) => git(workspace, ['diff', '--name-only', '-z', `--diff-filter=${filter}`, mergeBase, 'HEAD']).split('\0').filter(Boolean);
    const prefix = git(workspace, ['rev-parse', '--show-prefix']).trim();
    const strip = (files) => files.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
    const changed = new Set(strip(diffNames('ACMRD')));

    // The PR's findings on the whole project (so the schema change's effect on untouched files shows), and the base's.
    const head = parseReport(await dbref(['check', '--format', 'json', ...common], workspace, cliEnv), 'the pull request');
    const worktree = mkdtempSync(join(tmpdir(), 'dbref-base-'));
    let base;
    let schemaChanges = [];
    try {
      git(workspace, ['worktree', 'add', '--detach', '--force', worktree, mergeBase]);
      const baseDir = join(worktree, prefix);
      base = parseReport(await dbref(['check', '--format', 'json', ...common], baseDir, cliEnv), 'the base branch');
      if (schemaDiff && !/^[a-z][a-z0-9+.-]*:\/\//i.test(schema)) schemaChanges = await schemaChangesBetween(dbref, baseDir, workspace, common, cliEnv, options.diffSnapshots);
    } finally {
      spawnSync('git', ['worktree', 'remove', '--force', worktree], { cwd: workspace });
      rmSync(worktree, { recursive: true, force: true });
    }

    const cmp = {
      ...compare(head, base, changed),
      unchecked: head.summary.unchecked,
      schemaChanges,
      schemaDiff,
      schemaSource: head.schema.source,
      incomplete: head.schema.incomplete,
    };
    if (!schemaDiff) cmp.broken = [];
    const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com';
    const repo = env.GITHUB_REPOSITORY ?? pr.base.repo.full_name;
    const body = renderComment(cmp, { serverUrl, repo, sha: pr.head.sha, baseSha: mergeBase });

    for (const line of annotations([...cmp.added, ...cmp.broken])) out(line);
    if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, body.replace(`${MARKER}\n`, ''));
    if (sarif) {
      await dbref(['check', '--changed', mergeBase, '--format', 'sarif', '--output', resolve(workspace, sarif), ...common], workspace, cliEnv);
      out(`dbref: wrote ${sarif} (upload it with github/codeql-action/upload-sarif)`);
    }

    const isFork = pr.head?.repo?.full_name !== pr.base?.repo?.full_name;
    const quiet = cmp.added.length + cmp.fixed.length + cmp.broken.length === 0;
    if (isFork) out('dbref: pull request from a fork (read-only token): findings are in the annotations and the job summary');
    else if (!token) out('::warning::dbref: no github-token: findings are in the annotations and the job summary only');
    else {
      const ctx = { apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''), token, repo, fetch: options.fetch ?? fetch };
      try {
        if (quiet && !(await hasComment(ctx, pr.number))) out('dbref: nothing new and no earlier comment: not commenting');
        else {
          const done = await upsertComment(ctx, pr.number, body);
          out(`dbref: comment ${done.action} (${done.id})`);
        }
      } catch (error) {
        // A token without write access (fork PRs, restricted permissions) must not fail the check itself.
        if (error.status === 403 || error.status === 404) out(`::warning::dbref: cannot comment (${error.message}); findings are in the annotations and the job summary`);
        else throw error;
      }
    }
    return exitFor([...cmp.added, ...cmp.broken], failOn);
  } catch (error) {
    out(`::error::dbref: ${escapeData(error.message)}`);
    return 2;
  }
}

async function hasComment(ctx, number) {
  const [owner, name] = ctx.repo.split('/');
  for (let page = 1; page <= 50; page++) {
    const comments = await github(ctx, 'GET', `/repos/${owner}/${name}/issues/${number}/comments?per_page=100&page=${page}`);
    if (comments.some((c) => typeof c.body === 'string' && c.body.includes(MARKER))) return true;
    if (comments.length < 100) return false;
  }
  return false;
}

async function schemaChangesBetween(dbref, baseDir, headDir, common, env, diffSnapshots) {
  const snap = async (cwd) => {
    const result = await dbref(['snapshot', ...common], cwd, env);
    return result.code === 0 ? JSON.parse(result.stdout) : undefined;
  };
  const from = await snap(baseDir);
  const to = await snap(headDir);
  if (!from || !to) return [];
  const diff = diffSnapshots ?? (await import(pathToFileURL(join(ACTION_DIR, '..', 'dist', 'src', 'schema', 'diff.js')).href)).diffSnapshots;
  return describeSchemaChanges(diff(from, to));
}

function exitFor(findings, failOn) {
  if (failOn === 'never') return 0;
  return findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]) ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await run();
}

