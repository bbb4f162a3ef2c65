import { createHash } from 'node:crypto';
import type { QualifiedName } from './types.js';

export interface FingerprintInput {
  ruleId: string;
  relation?: QualifiedName | null;
  column?: string | null;
  file?: string | null;
  /** What identifies the spot without its line number: the reference as written or the normalised line text. */
  text?: string | null;
}

/**
 * A stable identity for a finding: rule, relation, column, file and the text at the spot, but never the line number,
 * so edits above a finding do not change it. Identical findings in one file are told apart by `occurrence`.
 */
export function fingerprint(input: FingerprintInput, occurrence = 0): string {
  const parts = [
    input.ruleId,
    input.relation ? `${input.relation.schema ?? ''}.${input.relation.name}` : '',
    input.column ?? '',
    input.file ?? '',
    normaliseText(input.text ?? ''),
  ];
  if (occurrence > 0) parts.push(String(occurrence));
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** Whitespace-insensitive text, so re-indenting a line keeps its fingerprints. */
export function normaliseText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
