import type { Location } from '../types.js';

/** Maps UTF-16 offsets in a text to 1-based line/column positions. */
export class LineIndex {
  readonly #starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.#starts.push(i + 1);
    }
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.#starts[lo]! + 1 };
  }

  locate(file: string, start: number, end: number): Location {
    const a = this.position(start);
    const b = this.position(end);
    return { file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }
}
