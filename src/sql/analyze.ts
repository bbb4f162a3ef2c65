import { parseSync } from 'libpg-query';
import type { Confidence } from '../types.js';
import { Analyzer } from './analyze-statements.js';
import type { AnalyzeSqlOptions, SqlReference } from './index.js';
import type { Json } from './pg-tree.js';
import { ByteOffsets } from './scan.js';

export function parseSqlText(text: string): { stmts: Json[] } | { error: string } {
  try {
    // The parser reads a C string: a NUL would silently end the text. A space keeps every offset where it was.
    const result = parseSync(text.includes('\0') ? text.replaceAll('\0', ' ') : text) as Json;
    return { stmts: (result?.stmts as Json[] | undefined) ?? [] };
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const at = details?.cursorPosition;
    const where = typeof at === 'number' && at >= 0 ? ` (offset ${new ByteOffsets(text).toIndex(at)})` : '';
    return { error: `${(error as Error).message}${where}` };
  }
}

export function analyzeParsed(text: string, stmts: Json[], options: AnalyzeSqlOptions): SqlReference[] {
  const analyzer = new Analyzer(text, options);
  const bytes = new ByteOffsets(text);
  for (const raw of stmts) {
    const start = bytes.toIndex(raw.stmt_location ?? 0);
    analyzer.statementStart = start;
    analyzer.statementEnd = raw.stmt_len ? bytes.toIndex((raw.stmt_location ?? 0) + raw.stmt_len) : text.length;
    analyzer.statement(raw.stmt, undefined);
  }
  analyzer.refs.sort((a, b) => a.at - b.at);
  return analyzer.refs.map((r) => r.ref);
}

export type { Confidence };
