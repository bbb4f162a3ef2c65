import type { JsContext, Node } from '../../../src/extractor.js';
import { objectEntries } from '../prisma/orm-shared.js';
import { CASING_NOTE, marker } from './markers.js';

export type Casing = 'snake_case' | 'camelCase';

const CASINGS = new Set<string>(['snake_case', 'camelCase']);
// Drizzle's own word split (drizzle-orm/casing): lower-case runs, upper-case runs not followed by lower case,
// capitalised words, other letters; digits stay with the word before them.
const WORD = /[\p{Ll}\d]+|\p{Lu}+(?!\p{Ll})|\p{Lu}[\p{Ll}\d]+|[\p{Lo}\d]+/gu;

function words(key: string): string[] {
  return key.replace(/['\u2019]/g, '').match(WORD) ?? [];
}

/** The column name Drizzle gives a key with no name written: `firstName` → `first_name` under `snake_case`. */
export function convertCase(key: string, casing: Casing): string {
  const parts = words(key).map((w) => w.toLowerCase());
  if (casing === 'snake_case') return parts.join('_');
  return parts.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');
}

/** Whether some casing would name this key's column otherwise. */
export function casingChanges(key: string): boolean {
  return convertCase(key, 'snake_case') !== key || convertCase(key, 'camelCase') !== key;
}

/**
 * `drizzle(client, { casing: 'snake_case' })`, `drizzle({ connection, casing })` (from drizzle-orm) and drizzle-kit's
 * `defineConfig({ casing })`: the casing the project's unnamed columns get, stated for the resolver.
 */
export function addCasingMarker(ctx: JsContext, call: Node): void {
  const binding = call.callee.type === 'Identifier' ? ctx.imports.get(call.callee.name) : undefined;
  const isClient = binding?.imported === 'drizzle' && binding.source.startsWith('drizzle-orm');
  const isConfig = binding?.imported === 'defineConfig' && binding.source === 'drizzle-kit';
  if (!isClient && !isConfig) return;
  for (const argument of call.arguments as Node[]) {
    const option = objectEntries(argument).find((e) => e.name === 'casing');
    const casing = option && ctx.evaluate(option.value);
    if (casing !== undefined && CASINGS.has(casing)) marker(ctx, 'relation', casing, option!.value, CASING_NOTE + casing);
  }
}

/** The casing every client and config of the project agrees on, if any states one. */
export function projectCasing(stated: Iterable<string>): Casing | undefined {
  const distinct = new Set(stated);
  const [only] = distinct;
  return distinct.size === 1 && CASINGS.has(only!) ? (only as Casing) : undefined;
}
