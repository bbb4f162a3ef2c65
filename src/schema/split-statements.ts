import { loadModule, parseSync, scanSync } from 'libpg-query';
import { blankPsqlData, substitutePsqlVariables, type Substituted } from './psql-script.js';

/** One statement of a migration file: its text (comments before it dropped) and the 1-based line it starts on. */
export interface SqlStatement {
  text: string;
  line: number;
  /** The parse tree node type (`CreateStmt`), when libpg-query parsed the statement. */
  kind: string | undefined;
  /** psql variables (`:NAME`, `:'NAME'`, `:"NAME"`) in the file's text that were replaced by placeholders here. */
  variables?: string[];
}

export interface SplitResult {
  statements: SqlStatement[];
  /** `parsed`: split by the PostgreSQL parser; `scanned`: by its tokenizer at top-level `;` (the file has a syntax error). */
  mode: 'parsed' | 'scanned' | 'whole';
  /** The parser's error when the file did not parse. */
  error?: string;
}

let parserReady: Promise<void> | undefined;

/** Offset of the first character that is not whitespace or a comment. */
function skipTrivia(text: string): number {
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) i++;
    else if (text.startsWith('--', i)) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
    } else if (text.startsWith('/*', i)) {
      let depth = 1;
      i += 2;
      while (i < text.length && depth > 0) {
        if (text.startsWith('/*', i)) (depth++, (i += 2));
        else if (text.startsWith('*/', i)) (depth--, (i += 2));
        else i++;
      }
    } else break;
  }
  return i;
}

function countLines(text: string, end = text.length): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Cuts byte ranges (libpg-query reports UTF-8 byte offsets, not string indices) out of a text into statements. */
function cut(bytes: Buffer, ranges: { start: number; end: number; kind?: string }[], spans: Substituted['spans'] = []): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let line = 1;
  let consumed = 0;
  for (const range of ranges) {
    line += countLines(bytes.subarray(consumed, range.start).toString('utf8'));
    const raw = bytes.subarray(range.start, range.end).toString('utf8');
    consumed = range.end;
    const lead = skipTrivia(raw);
    const text = raw.slice(lead).replace(/;\s*$/, '').trimEnd();
    const startLine = line + countLines(raw, lead);
    line += countLines(raw);
    if (text.length === 0) continue;
    const variables = [...new Set(spans.filter((s) => s.start >= range.start && s.end <= range.end).map((s) => s.name))];
    statements.push({ text, line: startLine, kind: range.kind ?? kindOf(text), ...(variables.length > 0 ? { variables } : {}) });
  }
  return statements;
}

function kindOf(text: string): string | undefined {
  try {
    const first = parseSync(text).stmts?.[0]?.stmt;
    return first ? Object.keys(first)[0] : undefined;
  } catch {
    return undefined;
  }
}

/** Splits a SQL file into statements with the PostgreSQL parser; `$$` bodies stay whole. */
export async function splitStatements(sql: string): Promise<SplitResult> {
  parserReady ??= loadModule();
  await parserReady;
  let clean = blankPsqlData(sql);
  let spans: Substituted['spans'] = [];
  let stmts: NonNullable<ReturnType<typeof parseSync>['stmts']> | undefined;
  let error: string | undefined;
  try {
    stmts = parseSync(clean).stmts ?? [];
  } catch (parseError) {
    error = (parseError as Error).message;
    // Only a file that does not parse has its psql variables filled in: `a[1:n]` and the like stay as they are.
    const substituted = substitutePsqlVariables(clean, sql);
    if (substituted) {
      ({ text: clean, spans } = substituted);
      try {
        stmts = parseSync(clean).stmts ?? [];
      } catch (again) {
        error = (again as Error).message;
      }
    }
  }
  const bytes = Buffer.from(clean, 'utf8');
  if (stmts) {
    const ranges = stmts.map((s) => {
      const start = s.stmt_location ?? 0;
      const end = s.stmt_len ? start + s.stmt_len : bytes.length;
      return { start, end, kind: s.stmt ? Object.keys(s.stmt)[0] : undefined };
    });
    return { statements: cut(bytes, ranges, spans), mode: 'parsed' };
  }
  try {
    const tokens = scanSync(clean).tokens;
    const ranges: { start: number; end: number }[] = [];
    let start = 0;
    let depth = 0;
    for (const token of tokens) {
      if (token.text === '(') depth++;
      else if (token.text === ')') depth = Math.max(0, depth - 1);
      else if (token.text === ';' && depth === 0) {
        ranges.push({ start, end: token.end });
        start = token.end;
      }
    }
    ranges.push({ start, end: bytes.length });
    return { statements: cut(bytes, ranges, spans), mode: 'scanned', ...(error ? { error } : {}) };
  } catch {
    return { statements: cut(bytes, [{ start: 0, end: bytes.length }], spans), mode: 'whole', ...(error ? { error } : {}) };
  }
}
