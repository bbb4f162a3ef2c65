/**
 * The source with every block comment (`/* … *\/`, `/** … *\/`) turned into spaces, newlines kept, so each offset and
 * line stays where it was. Prisma accepts block comments (prisma-engines#5083); @mrleebo/prisma-ast 0.15 does not.
 * A `/*` inside a string literal or a `//` comment opens nothing. An unterminated comment is left for the parser to
 * report.
 */
export function blankBlockComments(source: string): string {
  if (!source.includes('/*')) return source;
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '"') i = endOfString(source, i);
    else if (c === '/' && next === '/') i = endOfLine(source, i);
    else if (c === '/' && next === '*') {
      const close = source.indexOf('*/', i + 2);
      if (close < 0) break;
      // Without the `u` flag each UTF-16 unit becomes one space, so the length (and every offset) is unchanged.
      out += source.slice(copied, i) + source.slice(i, close + 2).replace(/[^\r\n]/g, ' ');
      copied = i = close + 2;
    } else i++;
  }
  return out + source.slice(copied);
}

/** The offset after the string literal opening at `start`; Prisma strings end at their line. */
function endOfString(source: string, start: number): number {
  let i = start + 1;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if (c === '\n') return i;
    else i++;
  }
  return i;
}

function endOfLine(source: string, start: number): number {
  const end = source.indexOf('\n', start);
  return end < 0 ? source.length : end;
}
