/** Small formatting helpers shared by the console output and the Markdown report. */

export const ms = (value: number | undefined): string =>
  value === undefined ? '—' : `${(value / 1000).toFixed(2)} s`;

export const ratio = (value: number | undefined, digits = 2): string =>
  value === undefined || !Number.isFinite(value) ? '—' : `${value.toFixed(digits)}×`;

export const markdownTable = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
