import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { FileExtractor, JsExtractor } from './extractor.js';

type AnyExtractor = (JsExtractor | FileExtractor) & { docsUrl: string };

const PY_REQUIREMENT = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/;

/** Requirement files that `-r other.txt` / `-c constraints.txt` lines include, relative to the including file. */
function requirementIncludes(text: string): string[] {
  return [...text.matchAll(/^\s*(?:-r|--requirement|-c|--constraint)\s*=?\s*(\S+)/gm)].map((m) => m[1]!);
}

function addPythonRequirements(text: string, packages: Set<string>): void {
  for (const line of text.split('\n')) {
    if (line.trim().startsWith('#') || line.trim().startsWith('-')) continue;
    const match = PY_REQUIREMENT.exec(line);
    if (match) packages.add(match[1]!.toLowerCase().replace(/_/g, '-'));
  }
}

/** Dependency names in pyproject.toml (PEP 621 `dependencies = [...]` and Poetry tables), without a TOML parser. */
function addPyproject(text: string, packages: Set<string>): void {
  for (const match of text.matchAll(/^\s*"([A-Za-z0-9][A-Za-z0-9._-]*)\s*[<>=!~;\[ "]/gm)) {
    packages.add(match[1]!.toLowerCase().replace(/_/g, '-'));
  }
  let inPoetryDeps = false;
  for (const line of text.split('\n')) {
    if (/^\s*\[/.test(line)) inPoetryDeps = /dependencies\]\s*$/.test(line);
    else if (inPoetryDeps) {
      const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*=/.exec(line);
      if (match) packages.add(match[1]!.toLowerCase().replace(/_/g, '-'));
    }
  }
}

/**
 * Package names the project depends on, from every manifest found: package.json files (root and workspaces),
 * requirements*.txt, pyproject.toml and Pipfile.
 */
export function detectPackages(root: string, files: readonly string[]): Set<string> {
  const packages = new Set<string>();
  const manifests = new Set<string>(['package.json', 'requirements.txt', 'pyproject.toml', 'Pipfile']);
  // The common split layout: requirements/base.txt, requirements/production.txt.
  for (const dir of ['requirements', 'requirements.d']) {
    try {
      for (const name of readdirSync(join(root, dir))) if (name.endsWith('.txt')) manifests.add(`${dir}/${name}`);
    } catch {
      // no such directory
    }
  }
  for (const file of files) {
    const base = file.slice(file.lastIndexOf('/') + 1);
    if (/^requirements.*\.txt$/.test(base) || manifests.has(base)) manifests.add(file);
  }
  // Manifests are not source files, so discovery does not list them: look in every directory that has sources and
  // in the directories above them (a workspace package keeps its code in src/, its package.json one level up).
  const dirs = new Set<string>();
  for (const file of files) {
    for (let dir = dirname(file); !dirs.has(dir); dir = dirname(dir)) {
      dirs.add(dir);
      if (dir === '.') break;
    }
  }
  for (const dir of dirs) {
    for (const name of ['package.json', 'requirements.txt', 'pyproject.toml', 'Pipfile']) {
      manifests.add(dir === '.' ? name : `${dir}/${name}`);
    }
  }
  // In a workspace package, dependencies are often declared (and hoisted) at the workspace root: read the manifests
  // of the directories above, up to the repository's top.
  const above: string[] = [];
  for (let dir = root; !existsSync(join(dir, '.git')); ) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
    for (const name of ['package.json', 'requirements.txt', 'pyproject.toml']) {
      if (existsSync(join(dir, name))) above.push(join(dir, name));
    }
  }
  for (const manifest of [...manifests, ...above]) {
    const path = isAbsolute(manifest) ? manifest : join(root, manifest);
    if (!existsSync(path)) continue;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    const base = basename(manifest);
    if (base === 'package.json') {
      try {
        const json = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
        for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
          for (const name of Object.keys(json[field] ?? {})) packages.add(name);
        }
      } catch {
        // A broken package.json enables nothing; the run goes on.
      }
    } else if (base === 'pyproject.toml') addPyproject(text, packages);
    else if (base === 'Pipfile') addPyproject(text.replace(/^\[packages\]/m, '[tool.dependencies]'), packages);
    else {
      addPythonRequirements(text, packages);
      const seen = new Set<string>([path]);
      const queue = requirementIncludes(text).map((inc) => join(dirname(path), inc));
      while (queue.length > 0) {
        const included = queue.shift()!;
        if (seen.has(included) || !existsSync(included)) continue;
        seen.add(included);
        const body = readFileSync(included, 'utf8');
        addPythonRequirements(body, packages);
        queue.push(...requirementIncludes(body).map((inc) => join(dirname(included), inc)));
      }
    }
  }
  return packages;
}

/** The extractors a project needs: those without enablers, and those whose enabler is among its packages. */
export function enabledExtractors(
  all: readonly AnyExtractor[],
  packages: ReadonlySet<string>,
  overrides: Record<string, boolean> = {},
): AnyExtractor[] {
  return all.filter((extractor) => {
    const override = overrides[extractor.id];
    if (override !== undefined) return override;
    if (extractor.enablers.length === 0) return true;
    return extractor.enablers.some((enabler) =>
      typeof enabler === 'string' ? packages.has(enabler) : [...packages].some((p) => enabler.test(p)),
    );
  });
}
