/**
 * `.env` text that reads back exactly wherever people load it — the `dotenv` package, `node --env-file`, and a POSIX
 * shell (`set -a; . ./.env`) — and that never runs a command when sourced. Their rules overlap only partly:
 *
 * - a shell runs `$(…)` and backticks and expands `$` and `\` inside "…"; inside '…' nothing is special, but there
 *   is no way to write a `'`;
 * - dotenv and Node keep '…' literal and turn `\n` into a line feed inside "…"; dotenv also reads `\'` as a quote
 *   that does not close, so a '…' value ending in a backslash can run on into the next line;
 * - both turn a carriage return into a line feed or drop it, with no escape for one.
 *
 * So a value is written in the first form all three read the same way, or left out:
 * 1. `'…'` when it holds no `'` and does not end in `\` (line feeds are fine inside the quotes);
 * 2. `"…"` when it holds a `'` but none of `"`, `$`, a backtick or `\`;
 * 3. anything else — a `'` together with `"`, `$`, a backtick or `\`; a final `\`; a carriage return; a NUL — is
 *    left out, and the caller names it (never its value).
 * Checked by a property test against `node --env-file`, `sh`, and dotenv's parsing rules.
 */

const SHELL_ACTIVE_IN_DOUBLE_QUOTES = /["$`\\]/;

/** The quoted form of `value`, or undefined when no quoting reads back exactly everywhere. */
export function dotenvValue(value: string): string | undefined {
  if (value.includes('\r') || value.includes('\0')) return undefined;
  if (!value.includes("'")) return value.endsWith('\\') ? undefined : `'${value}'`;
  if (SHELL_ACTIVE_IN_DOUBLE_QUOTES.test(value)) return undefined;
  return `"${value}"`;
}

export interface DotenvEntry {
  readonly name: string;
  readonly value: string;
}

export interface DotenvFile {
  /** The file's text: the comments, then one `NAME='value'` line per written entry. */
  readonly text: string;
  /** The names written, in order. */
  readonly written: readonly string[];
  /** The names left out because their value cannot be written safely (see the module comment). */
  readonly leftOut: readonly string[];
}

/**
 * The whole file: comment lines first, then one line per entry whose value can be written safely. The others are
 * listed in `leftOut` and in a last comment, by name only.
 */
export function renderDotenv(entries: readonly DotenvEntry[], comments: readonly string[]): DotenvFile {
  const lines = comments.map((comment) => `# ${comment}`);
  const written: string[] = [];
  const leftOut: string[] = [];
  for (const entry of entries) {
    const quoted = dotenvValue(entry.value);
    if (quoted === undefined) leftOut.push(entry.name);
    else {
      lines.push(`${entry.name}=${quoted}`);
      written.push(entry.name);
    }
  }
  if (leftOut.length > 0) lines.push(`# Left out (no quoting reads them back safely): ${leftOut.join(', ')}`);
  return { text: `${lines.join('\n')}\n`, written, leftOut };
}
