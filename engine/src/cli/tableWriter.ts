// Columns as the docker CLI aligns them (Go's text/tabwriter with minwidth 10, padding 3): each
// cell but the last in a row is padded to its column's width.

export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      if (i < row.length - 1) widths[i] = Math.max(widths[i] ?? 0, Math.max(cell.length + 3, 10));
    });
  }
  return rows.map((row) => row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i]!) : cell)).join('').trimEnd() + '\n').join('');
}
