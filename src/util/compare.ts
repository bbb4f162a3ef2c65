/** Code-point order: the same on every server and machine whatever its collation or locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
