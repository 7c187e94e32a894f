/**
 * Plain-text tables and number formats for people: columns padded to their widest cell, numbers right-aligned,
 * thousands separated with commas (`4,096`).
 */

/** `4096` → `4,096`. */
export const formatCount = (value: number): string => value.toLocaleString('en-US');

/** `7.125` → `7.13 s`; `0` → `0 s`. */
export const formatSeconds = (seconds: number): string =>
  `${Number(seconds.toFixed(2)).toLocaleString('en-US')} s`;

/** `1` → `1 variable`, `2` → `2 variables`. */
export const plural = (count: number, singular: string, pluralForm = `${singular}s`): string =>
  `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;

/**
 * Lays out rows as aligned columns separated by two spaces, each line prefixed by `indent`. Columns listed in
 * `rightAligned` are padded on the left. Trailing spaces are trimmed.
 */
export function formatTable(
  rows: readonly (readonly string[])[],
  options: { readonly rightAligned?: readonly number[]; readonly indent?: string } = {},
): string[] {
  const right = new Set(options.rightAligned ?? []);
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, cell.length);
    });
  }
  return rows.map((row) => {
    const cells = row.map((cell, column) => {
      const width = widths[column] ?? 0;
      return right.has(column) ? cell.padStart(width) : cell.padEnd(width);
    });
    return `${options.indent ?? ''}${cells.join('  ')}`.trimEnd();
  });
}
