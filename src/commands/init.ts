import { createInterface } from 'node:readline/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyInit, describePlan, planInit } from '../init/init.js';
import { defineCommand, type CommandContext } from './shared.js';

/** The running dbref's bin script, for a plain git hook in a project that does not depend on dbref. */
const BIN = fileURLToPath(new URL('../../../bin/dbref.js', import.meta.url));

async function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export const initCommand = (ctx: CommandContext) =>
  defineCommand(
    'init',
    'Write a commented config, and optionally a pre-commit hook and a GitHub workflow, for this repository',
    (y) =>
      y
        .option('root', { type: 'string', describe: 'Project root (default: the current directory)' })
        .option('hook', { type: 'boolean', describe: 'Add the pre-commit hook (pre-commit framework, husky or .git/hooks)' })
        .option('workflow', { type: 'boolean', describe: 'Add .github/workflows/dbref.yml using the dbref action' })
        .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'Do not ask: add what --hook/--workflow say (both when neither is given)' })
        .option('dry-run', { type: 'boolean', default: false, describe: 'Print what would be written, write nothing' })
        .option('format', { choices: ['text', 'json'] as const, default: 'text' as 'text' | 'json' }),
    async (args) => {
      const root = resolve(ctx.io.cwd, args.root ?? '.');
      // Never prompt when stdin is not a terminal (CI, scripts, tests): then only the flags decide.
      const interactive = !args.yes && args.format === 'text' && process.stdin.isTTY === true && ctx.io.stdout.isTTY === true;
      const neither = args.hook === undefined && args.workflow === undefined;
      let hook = args.hook ?? (args.yes && neither);
      let workflow = args.workflow ?? (args.yes && neither);
      if (interactive) {
        if (args.hook === undefined) hook = await ask('Add a pre-commit hook that checks staged files?');
        if (args.workflow === undefined) workflow = await ask('Add a GitHub workflow that comments on pull requests?');
      }
      const plan = await planInit(root, { hook, workflow }, BIN);
      if (!args.dryRun) applyInit(root, plan);
      if (args.format === 'json') {
        const steps = plan.steps.map(({ file, action, what, reason }) => ({ file, action, what, ...(reason ? { reason } : {}) }));
        ctx.out(JSON.stringify({ facts: plan.facts, steps, applied: !args.dryRun }, null, 2));
      } else for (const line of describePlan(plan, !args.dryRun)) ctx.out(line);
    },
  );
