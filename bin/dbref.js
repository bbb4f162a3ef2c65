#!/usr/bin/env node
import module from 'node:module';

// Node 22.1+ keeps V8's compiled code between runs (as tsc does), so the pre-commit hook starts faster; older Node
// versions have no such function and load as before.
module.enableCompileCache?.();
const { main } = await import('../dist/src/cli.js');

process.exitCode = await main(process.argv.slice(2));
