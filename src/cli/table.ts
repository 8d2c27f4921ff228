// kubectl-style tables: columns left-aligned, separated by at least three spaces
// (tabwriter padding 3, as kubectl prints), no trailing spaces.

/** Format rows (the first is the header) as aligned columns. */
export function formatTable(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - [...cell].length + 3)))
        .join('')
        .trimEnd(),
    )
    .join('\n');
}
