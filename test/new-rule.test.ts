import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFromSource } from '../src/extract/file.js';
import type { FileExtractor, JsExtractor } from '../src/extractor.js';

// scripts/new-rule.mjs run on a copy of the registry: the files it writes, the registry it keeps sorted, and an
// extractor from the template that works as generated.
const repo = join(import.meta.dirname, '..');
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'dbref-new-rule-'));
  mkdirSync(join(root, 'rules'));
  cpSync(join(repo, 'rules', 'index.ts'), join(root, 'rules', 'index.ts'));
  cpSync(join(repo, 'rules', '_template'), join(root, 'rules', '_template'), { recursive: true });
  symlinkSync(join(repo, 'src'), join(root, 'src'));
  const run = (...args: string[]) =>
    execFileSync(process.execPath, [join(repo, 'scripts', 'new-rule.mjs'), ...args, '--root', root], { encoding: 'utf8' });
  run('extractor', 'mikro-orm', '--enabler', '@mikro-orm/core', '--keyword', 'getRepository', '--title', 'MikroORM');
  run('check', 'missing-index');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('new-rule', () => {
  it('registers the new ids in sorted order', () => {
    const registry = readFileSync(join(root, 'rules', 'index.ts'), 'utf8');
    expect(registry).toContain("import mikroOrm from './extractors/mikro-orm/index.js';\nimport prisma from './extractors/prisma/index.js';");
    expect(registry).toMatch(/\[django, drizzle, knex, kysely, mikroOrm, prisma, /);
    expect(registry).toContain('  missingFunction,\n  missingIndex,\n  missingRelation,');
  });

  it('writes the extractor, its test, doc and sample, and the check with its test and doc', () => {
    for (const file of [
      'rules/extractors/mikro-orm/index.ts',
      'test/extractors/mikro-orm.test.ts',
      'docs/rules/mikro-orm.md',
      'samples/mikro-orm-basic/package.json',
      'samples/mikro-orm-basic/schema.sql',
      'samples/mikro-orm-basic/src/index.ts',
      'rules/checks/missing-index.ts',
      'test/checks/missing-index.test.ts',
      'docs/rules/missing-index.md',
    ]) {
      expect(readFileSync(join(root, file), 'utf8')).not.toMatch(/__[A-Z]+__/);
    }
    expect(readFileSync(join(root, 'docs/rules/mikro-orm.md'), 'utf8')).toMatch(/## What it finds[\s\S]*## Why[\s\S]*## How to fix[\s\S]*## Limits/);
  });

  it('generates an extractor that finds the sample\'s reference where its own test says', async () => {
    const extractor = (await import(join(root, 'rules/extractors/mikro-orm/index.ts'))).default as JsExtractor | FileExtractor;
    const code = readFileSync(join(root, 'samples/mikro-orm-basic/src/index.ts'), 'utf8');
    const result = extractFromSource('src/index.ts', code, [extractor], { packages: new Set(['@mikro-orm/core']) });
    expect(result.references.map((r) => [r.relation.name, r.confidence, `${r.location.line}:${r.location.column}`])).toEqual([['users', 'exact', '3:46']]);
    // The generated test's first case, run through the generated extractor, gives the location that test expects.
    const test = readFileSync(join(root, 'test/extractors/mikro-orm.test.ts'), 'utf8');
    const caseCode = "import lib from '@mikro-orm/core';\nlib.getRepository('users');\n";
    expect(test).toContain(JSON.stringify(caseCode));
    const first = extractFromSource('src/example.ts', caseCode, [extractor], { packages: new Set(['@mikro-orm/core']) }).references[0]!;
    const at = `${first.location.line}:${first.location.column}-${first.location.endLine}:${first.location.endColumn}`;
    expect(at).toBe('2:19-2:26');
    expect(test).toContain(`loc: '${at}'`);
  });

  it('refuses an id that is not kebab-case or already exists', () => {
    const run = (...args: string[]) =>
      execFileSync(process.execPath, [join(repo, 'scripts', 'new-rule.mjs'), ...args, '--root', root], { encoding: 'utf8', stdio: 'pipe' });
    expect(() => run('check', 'MissingThing')).toThrow(/is not a kebab-case id/);
    expect(() => run('check', 'missing-index')).toThrow(/already exists/);
  });
});
