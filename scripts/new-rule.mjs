#!/usr/bin/env node
// The one way to add an extractor or a check: creates the module, its test, its doc (and for an extractor a sample)
// from rules/_template/, and registers the id in rules/index.ts, sorted.
//   npm run new-rule -- extractor <id> --enabler <package> --keyword <method> [--title "Library name"]
//   npm run new-rule -- check <id>
// Then: fill in the TODOs, `cd samples/<id>-basic && ../../bin/dbref.js snapshot --out schema.snapshot.json`,
// `UPDATE_EXPECTED=1 npx vitest run test/samples.test.ts`, and `npx vitest run test/registry.test.ts`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const root = option('--root', join(dirname(fileURLToPath(import.meta.url)), '..'));
const [kind, id] = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));

function fail(message) {
  console.error(`new-rule: ${message}`);
  process.exit(2);
}

if (kind !== 'extractor' && kind !== 'check') fail('usage: new-rule extractor <id> --enabler <pkg> --keyword <method> | new-rule check <id>');
if (!id || !/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(id)) fail(`"${id ?? ''}" is not a kebab-case id`);
const camel = id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const title = option('--title', id);
const enabler = option('--enabler', id);
const keyword = option('--keyword', 'query');
const values = {
  __ID__: id,
  __TITLE__: title,
  __ENABLER__: enabler,
  __KEYWORD__: keyword,
  __COL__: String(keyword.length + 6),
  __ENDCOL__: String(keyword.length + 13),
  __DYNENDCOL__: String(keyword.length + 15),
};
const fill = (text) => text.replace(/__[A-Z]+__/g, (m) => values[m] ?? m);
const template = (name) => readFileSync(join(root, 'rules', '_template', kind, name), 'utf8');

function create(path, text) {
  const full = join(root, path);
  if (existsSync(full)) fail(`${path} already exists`);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
  console.log(`created ${path}`);
}

/** Adds `import <camel> from '<modulePath>'` and the name to the registry list, both kept sorted by id. */
function register(list, modulePath) {
  const path = join(root, 'rules', 'index.ts');
  let text = readFileSync(path, 'utf8');
  const importLine = `import ${camel} from '${modulePath}';`;
  if (text.includes(importLine)) fail(`${id} is already registered`);
  const imports = [...text.matchAll(/^import (\w+) from '\.\/(?:extractors\/([^/]+)\/index|checks\/([^/.]+))\.js';$/gm)];
  const idOf = new Map(imports.map((m) => [m[1], m[2] ?? m[3]]));
  idOf.set(camel, id);
  const sameKind = imports.filter((m) => (kind === 'check') === Boolean(m[3]));
  const next = sameKind.find((m) => (m[2] ?? m[3]) > id);
  if (next) text = text.replace(next[0], `${importLine}\n${next[0]}`);
  else {
    const last = sameKind.at(-1) ?? imports.at(-1);
    text = last ? text.replace(last[0], `${last[0]}\n${importLine}`) : `${importLine}\n${text}`;
  }
  const listPattern = new RegExp(`(export const ${list}[^=]*= \\[)([^\\]]*)(\\];)`);
  const match = listPattern.exec(text);
  if (!match) fail(`cannot find the ${list} list in rules/index.ts`);
  const names = match[2].split(',').map((s) => s.trim()).filter(Boolean);
  names.push(camel);
  names.sort((a, b) => (idOf.get(a) < idOf.get(b) ? -1 : 1));
  const multiline = match[2].includes('\n');
  const body = multiline ? `\n${names.map((n) => `  ${n},`).join('\n')}\n` : names.join(', ');
  text = text.replace(listPattern, `$1${body}$3`);
  writeFileSync(path, text);
  console.log(`registered ${id} in rules/index.ts`);
}

if (kind === 'extractor') {
  create(`rules/extractors/${id}/index.ts`, fill(template('index.ts.tpl')));
  create(`test/extractors/${id}.test.ts`, fill(template('test.ts.tpl')));
  create(`docs/rules/${id}.md`, fill(template('doc.md')));
  create(`samples/${id}-basic/package.json`, `${JSON.stringify({ name: `${id}-basic`, private: true, dependencies: { [enabler]: '*' } }, null, 2)}\n`);
  create(`samples/${id}-basic/schema.sql`, `-- ${title}: the smallest app that shows each reference style (clean: zero findings).\ncreate table users (id serial primary key, email text not null);\n`);
  create(`samples/${id}-basic/src/index.ts`, `import lib from '${enabler}';\n\nexport const users = () => lib.${keyword}('users');\n`);
  register('extractors', `./extractors/${id}/index.js`);
} else {
  create(`rules/checks/${id}.ts`, fill(template('index.ts.tpl')));
  create(`test/checks/${id}.test.ts`, fill(template('test.ts.tpl')));
  create(`docs/rules/${id}.md`, fill(template('doc.md')));
  register('checks', `./checks/${id}.js`);
}
console.log(`next: fill in the TODOs, then run npx vitest run test/registry.test.ts test/${kind === 'check' ? 'checks' : 'extractors'}/${id}.test.ts`);
