import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks, extractors } from '../rules/index.js';

const root = join(import.meta.dirname, '..');
const folders = (dir: string) =>
  readdirSync(join(root, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('_'))
    .map((e) => e.name)
    .sort();
const files = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.ts') && !['helpers.ts', 'index.ts'].includes(f) && !f.startsWith('pg-'))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();

const DOC_SECTIONS = ['## What it finds', '## Why', '## How to fix', '## Limits'];

function expectDoc(id: string): void {
  const path = join(root, 'docs', 'rules', `${id}.md`);
  expect(existsSync(path), `docs/rules/${id}.md is missing`).toBe(true);
  const text = readFileSync(path, 'utf8');
  for (const section of DOC_SECTIONS) expect(text, `docs/rules/${id}.md lacks "${section}"`).toContain(section);
}

describe('extractor registry', () => {
  const ids = extractors.map((e) => e.id);

  it('is sorted by id and has no duplicates', () => {
    expect(ids).toEqual([...new Set(ids)].sort());
  });

  it('has one folder per extractor under rules/extractors/', () => {
    expect(ids).toEqual(folders('rules/extractors'));
  });

  it.each(ids)('%s has a test file, a doc with the required sections and a docs URL derived from its id', (id) => {
    expect(existsSync(join(root, 'test', 'extractors', `${id}.test.ts`)), `test/extractors/${id}.test.ts is missing`).toBe(true);
    expectDoc(id);
    expect(extractors.find((e) => e.id === id)!.docsUrl).toMatch(new RegExp(`/docs/rules/${id}\\.md$`));
  });
});

describe('check registry', () => {
  const ids = checks.map((c) => c.meta.id);

  it('is sorted by id and has no duplicates', () => {
    expect(ids).toEqual([...new Set(ids)].sort());
  });

  it('has one file per check under rules/checks/, named after its id', () => {
    expect(ids).toEqual(files('rules/checks'));
  });

  it.each(ids)('%s has a test file and a doc with the required sections', (id) => {
    expect(existsSync(join(root, 'test', 'checks', `${id}.test.ts`)), `test/checks/${id}.test.ts is missing`).toBe(true);
    expectDoc(id);
  });
});
