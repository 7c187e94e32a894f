/**
 * `.env` text that reads back byte for byte. dotenv (and Node's `--env-file`, which follows its rules) has no escape
 * for quotes or backslashes: single-quoted values are literal, double-quoted ones turn `\n` into a line feed (dotenv
 * also `\r`), backtick-quoted ones are literal. So each value gets the first quoting that keeps it intact:
 * 1. `'…'` when it holds no `'` (most values, JSON included; line feeds are fine inside quotes);
 * 2. `"…"` when it holds no `"` and no backslash followed by `n` or `r` (line feeds are written `\n`);
 * 3. `` `…` `` when it holds no backtick.
 * A value holding all three quote characters, or a carriage return (Node drops a raw one and has no escape for it),
 * cannot be written. Checked against Node's parser by a property test.
 */

const ESCAPE_SEQUENCE = /\\[nr]/;

const doubleQuoted = (value: string): string | undefined =>
  value.includes('"') || ESCAPE_SEQUENCE.test(value) ? undefined : `"${value.replace(/\n/g, '\\n')}"`;

/** The quoted form of `value`, or undefined when no dotenv quoting keeps it intact. */
export function dotenvValue(value: string): string | undefined {
  if (value.includes('\r')) return undefined;
  if (!value.includes("'")) return `'${value}'`;
  const quoted = doubleQuoted(value);
  if (quoted !== undefined) return quoted;
  if (!value.includes('`')) return `\`${value}\``;
  return undefined;
}

export interface DotenvEntry {
  readonly name: string;
  readonly value: string;
}

export type DotenvResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly unwritable: readonly string[] };

/**
 * The whole file: comment lines first, then one `NAME='value'` line per entry. Lists the names whose values cannot
 * be written instead (never the values).
 */
export function renderDotenv(entries: readonly DotenvEntry[], comments: readonly string[]): DotenvResult {
  const lines = comments.map((comment) => `# ${comment}`);
  const unwritable: string[] = [];
  for (const entry of entries) {
    const quoted = dotenvValue(entry.value);
    if (quoted === undefined) unwritable.push(entry.name);
    else lines.push(`${entry.name}=${quoted}`);
  }
  if (unwritable.length > 0) return { ok: false, unwritable };
  return { ok: true, text: `${lines.join('\n')}\n` };
}
