import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { detectProject, type ProjectFacts } from './detect.js';
import { configTemplate, hookLines, hookScript, preCommitEntry, runsDbrefHook, workflowTemplate } from './templates.js';

export interface InitChoices {
  hook: boolean;
  workflow: boolean;
}

/** One file `dbref init` writes or leaves alone, and why. */
export interface InitStep {
  /** Project-relative path. */
  file: string;
  action: 'create' | 'append' | 'keep';
  /** What it is, for the printed plan ("config", "pre-commit hook (husky)"). */
  what: string;
  /** For `keep`: why nothing is written. */
  reason?: string;
  content?: string;
  executable?: boolean;
}

export interface InitPlan {
  facts: ProjectFacts;
  steps: InitStep[];
}

function read(root: string, file: string): string | undefined {
  try {
    return readFileSync(join(root, file), 'utf8');
  } catch {
    return undefined;
  }
}

/** The hooks directory git uses (honours core.hooksPath and worktrees), project-relative; default .git/hooks. */
function gitHooksDir(root: string): string {
  try {
    const dir = execFileSync('git', ['rev-parse', '--git-path', 'hooks'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const rel = relative(root, isAbsolute(dir) ? dir : join(root, dir)).split('\\').join('/');
    return rel || '.git/hooks';
  } catch {
    return '.git/hooks';
  }
}

function hookStep(root: string, facts: ProjectFacts, bin: string | undefined): InitStep {
  if (facts.preCommit) {
    const file = '.pre-commit-config.yaml';
    const text = read(root, file) ?? '';
    if (/\bid:\s*dbref\b/.test(text)) return { file, action: 'keep', what: 'pre-commit hook (pre-commit framework)', reason: 'already has the dbref hook' };
    if (!/^repos:\s*$/m.test(text)) {
      return { file, action: 'keep', what: 'pre-commit hook (pre-commit framework)', reason: 'no top-level "repos:" list to add to; add the entry from docs/integrations.md by hand' };
    }
    return { file, action: 'append', what: 'pre-commit hook (pre-commit framework)', content: preCommitEntry() };
  }
  if (facts.husky) {
    const file = '.husky/pre-commit';
    const text = read(root, file);
    if ((text !== undefined && runsDbrefHook(text))) return { file, action: 'keep', what: 'pre-commit hook (husky)', reason: 'already runs dbref' };
    return text === undefined
      ? { file, action: 'create', what: 'pre-commit hook (husky)', content: hookLines(facts, undefined, 'husky'), executable: true }
      : { file, action: 'append', what: 'pre-commit hook (husky)', content: hookLines(facts, undefined, 'husky') };
  }
  const file = `${gitHooksDir(root)}/pre-commit`;
  const text = read(root, file);
  if ((text !== undefined && runsDbrefHook(text))) return { file, action: 'keep', what: 'pre-commit hook (git)', reason: 'already runs dbref' };
  if (text !== undefined && /^\s*exec\s/m.test(text)) {
    return { file, action: 'keep', what: 'pre-commit hook (git)', reason: 'the existing hook ends in exec; add the dbref line before it by hand' };
  }
  return text === undefined
    ? { file, action: 'create', what: 'pre-commit hook (git)', content: hookScript(facts, bin), executable: true }
    : { file, action: 'append', what: 'pre-commit hook (git)', content: hookLines(facts, bin) };
}

function workflowStep(root: string, facts: ProjectFacts): InitStep {
  const using = facts.workflows.find((f) => /uses:\s*[\w.-]+\/dbref@/.test(read(root, f) ?? ''));
  if (using) return { file: using, action: 'keep', what: 'GitHub workflow', reason: 'already uses the dbref action' };
  const file = '.github/workflows/dbref.yml';
  if (existsSync(join(root, file))) return { file, action: 'keep', what: 'GitHub workflow', reason: 'exists' };
  return { file, action: 'create', what: 'GitHub workflow', content: workflowTemplate(facts) };
}

/** What `dbref init` would do in `root`. Reads only. `bin` is the running dbref, for a plain git hook. */
export async function planInit(root: string, choices: InitChoices, bin?: string): Promise<InitPlan> {
  const facts = await detectProject(root);
  const steps: InitStep[] = [];
  steps.push(
    facts.config
      ? { file: facts.config, action: 'keep', what: 'config', reason: 'exists' }
      : { file: 'dbref.config.mjs', action: 'create', what: 'config', content: configTemplate(facts) },
  );
  if (choices.hook) {
    steps.push(
      facts.isGitRepo || facts.preCommit || facts.husky
        ? hookStep(root, facts, bin)
        : { file: '.git/hooks/pre-commit', action: 'keep', what: 'pre-commit hook', reason: 'not a git repository (run git init first)' },
    );
  }
  if (choices.workflow) steps.push(workflowStep(root, facts));
  return { facts, steps };
}

/** Writes the plan's files. Appends keep the existing text and end it with a newline first. */
export function applyInit(root: string, plan: InitPlan): void {
  for (const step of plan.steps) {
    if (step.action === 'keep' || step.content === undefined) continue;
    const path = join(root, step.file);
    mkdirSync(dirname(path), { recursive: true });
    if (step.action === 'create') writeFileSync(path, step.content);
    else {
      const existing = readFileSync(path, 'utf8');
      writeFileSync(path, `${existing}${existing === '' || existing.endsWith('\n') ? '' : '\n'}${step.content}`);
    }
    if (step.executable) chmodSync(path, 0o755);
  }
}

/** The lines `dbref init` prints: what it found, what it wrote or kept, and the command to run next. */
export function describePlan(plan: InitPlan, applied: boolean): string[] {
  const f = plan.facts;
  const lines = [
    `dbref: found ${f.stack.length > 0 ? f.stack.join(', ') : 'no database library'}; ${
      f.migrations ? `${f.migrations.layout} migrations in ${f.migrations.path}` : 'no migrations (the schema will come from DATABASE_URL)'
    }; package manager ${f.packageManager}${f.husky ? '; husky' : ''}${f.preCommit ? '; pre-commit' : ''}${f.lintStaged ? '; lint-staged' : ''}${
      f.workflows.length > 0 ? `; ${f.workflows.length} GitHub workflow${f.workflows.length === 1 ? '' : 's'}` : ''
    }`,
  ];
  for (const step of plan.steps) {
    const verb = step.action === 'keep' ? 'kept' : !applied ? `would ${step.action === 'create' ? 'create' : 'append to'}` : step.action === 'create' ? 'created' : 'appended to';
    lines.push(`  ${verb} ${step.file} (${step.what}${step.reason ? `: ${step.reason}` : ''})`);
  }
  const changed = plan.steps.some((s) => s.action !== 'keep');
  if (!changed) lines.push('dbref: nothing to change.');
  lines.push(`Next: ${f.dependsOnDbref || !f.hasPackageJson ? '' : `add dbref to devDependencies, then `}run \`npx dbref check\``);
  return lines;
}
