import type { ProjectFacts } from './detect.js';

/** The GitHub repository of the dbref action (`uses:`). */
export const ACTION_REF = 'dbref/dbref@main';
/** Whether a hook file already runs dbref (`npx dbref hook`, `node ".../bin/dbref.js" hook`): init adds nothing then. */
export const runsDbrefHook = (text: string): boolean => /\bdbref(?:\.js"?)? hook\b/.test(text);

const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A commented `dbref.config.mjs` for the detected project. */
export function configTemplate(facts: ProjectFacts): string {
  const found = [
    facts.stack.length > 0 ? facts.stack.join(', ') : 'no database library',
    facts.migrations ? `${facts.migrations.layout} migrations in ${facts.migrations.path} (${facts.migrations.files} file${facts.migrations.files === 1 ? '' : 's'})` : 'no migrations',
  ].join('; ');
  const schema = facts.migrations
    ? `  schema: ${quote(facts.migrations.path)},`
    : `  // No migrations found: read the schema from a database. 'env:NAME' reads the URL from an environment variable,\n  // so no password is written here.\n  schema: 'env:DATABASE_URL',`;
  return `// dbref configuration: https://github.com/dbref/dbref
// Written by \`dbref init\`. Found: ${found}.
export default {
  // Where the schema comes from: a migrations folder (replayed in embedded PostgreSQL, no server needed; the result
  // is cached in .dbref-cache/ until the migrations change), a postgres:// URL or 'env:DATABASE_URL', a .sql dump,
  // or a snapshot .json written by \`dbref snapshot\`.
${schema}

  // Files to check (default: every source file git knows; node_modules, build output and ignored files never are).
  // include: ['src/**/*.ts'],
  // exclude: ['**/*.test.ts'],

  // Rule severities: 'error' | 'warn' | 'info' | 'off'.
  rules: {
    // 'orphaned-table': 'off',
    // 'model-drift': 'error',
  },

  // Relations never reported, as globs ('audit_*', 'archive.*'), and schemas to leave alone.
  // ignoreRelations: [],
  // ignoreSchemas: [],

  // Adopting dbref on an existing codebase: \`dbref check --update-baseline\` records today's findings in this file,
  // and later runs fail only on new ones.
  // baseline: 'dbref-baseline.json',
};
`;
}

/** The command a hook or workflow runs dbref with, for the project's package manager. */
export function runner(facts: ProjectFacts): string {
  switch (facts.packageManager) {
    case 'pnpm':
      return 'pnpm exec dbref';
    case 'yarn':
      return 'yarn dbref';
    case 'bun':
      return 'bunx dbref';
    default:
      return 'npx --no-install dbref';
  }
}

/**
 * A plain `.git/hooks/pre-commit` script. It is not committed, so when the project does not depend on dbref it
 * runs the dbref that wrote it (`bin`, an absolute path).
 */
export function hookScript(facts: ProjectFacts, bin?: string): string {
  return `#!/bin/sh\n${hookLines(facts, bin)}`;
}

/**
 * The lines added to a hook file. husky's are committed, so they never name this machine's dbref: husky puts
 * node_modules/.bin on the PATH, so a plain `dbref` saves the 0.2 s npx takes to start on every commit (yarn's
 * Plug'n'Play has no node_modules/.bin: its runner is used).
 */
export function hookLines(facts: ProjectFacts, bin?: string, manager: 'git' | 'husky' = 'git'): string {
  const command =
    manager === 'husky'
      ? facts.packageManager === 'yarn'
        ? runner(facts)
        : 'dbref'
      : bin && !facts.dependsOnDbref
        ? `node ${JSON.stringify(bin)}`
        : runner(facts);
  return `# dbref: check the staged code against the schema (written by \`dbref init --hook\`)\n${command} hook || exit 1\n`;
}

/** The entry added to an existing .pre-commit-config.yaml. */
export function preCommitEntry(): string {
  return `  # dbref: check the staged code against the schema (written by \`dbref init --hook\`)
  - repo: https://github.com/dbref/dbref
    rev: main
    hooks:
      - id: dbref
`;
}

/** A workflow that runs the dbref action on pull requests. */
export function workflowTemplate(facts: ProjectFacts): string {
  const schema = facts.migrations
    ? ''
    : `          # No migrations in the repository: read the schema from a database (a repository secret).
          schema: \${{ secrets.DATABASE_URL }}
`;
  return `# dbref: comments on pull requests with the database problems they add or fix (written by \`dbref init --workflow\`).
name: dbref
on:
  pull_request:
permissions:
  contents: read
  pull-requests: write # the one updating comment; forks get annotations and the job summary instead
  security-events: write # only needed with the sarif input and github/codeql-action/upload-sarif
jobs:
  dbref:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # the base branch is needed to tell new problems from fixed ones
      - uses: ${ACTION_REF}
        with:
          fail-on: error
${schema}`;
}
