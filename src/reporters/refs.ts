import pc from 'picocolors';
import type { ExtractResult } from '../run.js';
import type { Declaration, Reference } from '../types.js';

export interface RefsFormatOptions {
  format: 'text' | 'json';
  color: boolean;
  debug?: boolean;
}

function qualified(ref: Pick<Reference, 'relation'>): string {
  return ref.relation.schema ? `${ref.relation.schema}.${ref.relation.name}` : ref.relation.name;
}

/** The JSON contract of `dbref refs --format json`. */
export function refsJson(result: ExtractResult) {
  return {
    references: result.references.map(({ extractor, kind, relation, column, access, confidence, written, location, ...rest }) => ({
      extractor,
      kind,
      relation,
      ...(column !== undefined ? { column } : {}),
      access,
      confidence,
      written,
      location,
      ...rest,
    })),
    declarations: result.declarations.map((d: Declaration) => ({
      extractor: d.extractor,
      relation: d.relation,
      ...(d.model !== undefined ? { model: d.model } : {}),
      columns: d.columns,
      confidence: d.confidence,
      location: d.location,
    })),
    skipped: result.skipped,
    summary: {
      files: result.files,
      references: result.references.length,
      declarations: result.declarations.length,
      dynamic: result.references.filter((r) => r.confidence === 'dynamic').length,
      extractors: result.extractors,
    },
  };
}

/** Text: one line per reference or declaration, grouped by file. */
export function formatRefs(result: ExtractResult, options: RefsFormatOptions): string {
  if (options.format === 'json') return `${JSON.stringify(refsJson(result), null, 2)}\n`;
  const c = options.color ? pc : pc.createColors(false);
  const byFile = new Map<string, string[]>();
  const add = (file: string, line: string) => {
    const list = byFile.get(file);
    if (list) list.push(line);
    else byFile.set(file, [line]);
  };
  const rows: { file: string; line: number; column: number; text: string }[] = [];
  for (const ref of result.references) {
    const target = ref.kind === 'column' ? `${qualified(ref)}.${ref.column}` : qualified(ref);
    const confidence = ref.confidence === 'exact' ? '' : ` ${ref.confidence === 'dynamic' ? c.yellow('dynamic') : c.dim('inferred')}`;
    const provides = ref.provides ? c.dim(` provides (${ref.provides.join(', ')})`) : '';
    rows.push({
      file: ref.location.file,
      line: ref.location.line,
      column: ref.location.column,
      text: `  ${c.dim(`${ref.location.line}:${ref.location.column}`.padEnd(8))} ${ref.kind.padEnd(8)} ${ref.access.padEnd(6)} ${target}${provides}${confidence}  ${c.dim(ref.extractor)}`,
    });
  }
  for (const decl of result.declarations) {
    rows.push({
      file: decl.location.file,
      line: decl.location.line,
      column: decl.location.column,
      text: `  ${c.dim(`${decl.location.line}:${decl.location.column}`.padEnd(8))} ${'model'.padEnd(8)} ${'decl'.padEnd(6)} ${qualified(decl)} (${decl.columns.map((col) => col.name).join(', ')})${decl.confidence === 'exact' ? '' : ` ${c.dim(decl.confidence)}`}  ${c.dim(decl.extractor)}`,
    });
  }
  rows.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  for (const row of rows) add(row.file, row.text);
  let out = '';
  for (const [file, lines] of byFile) out += `${c.underline(file)}\n${lines.join('\n')}\n\n`;
  if (options.debug && result.skipped.length > 0) {
    out += `${c.underline('skipped')}\n`;
    for (const s of result.skipped) out += `  ${s.file}${s.line ? `:${s.line}` : ''}  ${s.reason}\n`;
    out += '\n';
  }
  const dynamic = result.references.filter((r) => r.confidence === 'dynamic').length;
  const problems = result.skipped.filter((s) => !s.line).length;
  out += `${result.references.length} references (${dynamic} dynamic), ${result.declarations.length} declarations in ${byFile.size} of ${result.files} files`;
  if (problems > 0) out += `; ${problems} files skipped${options.debug ? '' : ' (--debug lists them)'}`;
  return `${out}\n`;
}
