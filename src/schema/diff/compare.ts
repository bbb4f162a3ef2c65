import { distance } from 'fastest-levenshtein';
import type { ChangeDetails, FieldChange, ObjectKind, PushChange } from './model.js';

/** Collapses whitespace runs and trims, so formatting-only differences vanish. */
export function normalizeWhitespace(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').replace(/\s*([(),;])\s*/g, '$1').trim();
}

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

export function fieldChanges(pairs: Record<string, [unknown, unknown]>): Record<string, FieldChange> | undefined {
  const fields: Record<string, FieldChange> = {};
  for (const [field, [from, to]] of Object.entries(pairs)) {
    if (JSON.stringify(from) !== JSON.stringify(to)) fields[field] = { from, to };
  }
  return Object.keys(fields).length > 0 ? fields : undefined;
}

/** The same-named fields of both sides, paired for `fieldChanges`. */
export function pairFields<T>(a: T, b: T, keys: readonly (keyof T & string)[]): Record<string, [unknown, unknown]> {
  return Object.fromEntries(keys.map((k) => [k, [a[k], b[k]]]));
}

/** The `added` and `removed` handlers of `compareLists` for a schema-level object, reported with the facts `details` gives. */
export function reportPresence<T extends { schema: string; name: string }>(objectKind: ObjectKind, push: PushChange, details: (item: T) => ChangeDetails) {
  return {
    added: (x: T) => push({ objectKind, schema: x.schema, name: x.name, change: 'added', details: details(x) }),
    removed: (x: T) => push({ objectKind, schema: x.schema, name: x.name, change: 'removed', details: details(x) }),
  };
}

/** Compares two keyed lists: calls `added`, `removed`, `both` in key order. */
export function compareLists<T>(
  from: readonly T[],
  to: readonly T[],
  key: (item: T) => string,
  on: { added(item: T): void; removed(item: T): void; both(a: T, b: T): void },
): void {
  const a = byKey(from, key);
  const b = byKey(to, key);
  for (const k of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(k);
    const y = b.get(k);
    if (x && y) on.both(x, y);
    else if (x) on.removed(x);
    else if (y) on.added(y);
  }
}

/** Pairs removed and added items that share a signature, closest names first; each item is used once. */
export function pairRenames<T extends { name: string }>(removed: T[], added: T[], signature: (item: T) => string): [T, T][] {
  const candidates: { from: T; to: T; cost: number }[] = [];
  for (const from of removed) {
    for (const to of added) {
      if (signature(from) !== signature(to)) continue;
      candidates.push({ from, to, cost: distance(from.name, to.name) / Math.max(from.name.length, to.name.length) });
    }
  }
  candidates.sort((x, y) => x.cost - y.cost || x.from.name.localeCompare(y.from.name) || x.to.name.localeCompare(y.to.name));
  const used = new Set<T>();
  const pairs: [T, T][] = [];
  for (const { from, to } of candidates) {
    if (used.has(from) || used.has(to)) continue;
    used.add(from);
    used.add(to);
    pairs.push([from, to]);
  }
  return pairs;
}
