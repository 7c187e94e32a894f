/**
 * A model of how the `dotenv` package (`parse`, v16 to v18, default parser) reads a file, so the property test can
 * hold `.env` output to dotenv's rules without the package installed. Written from dotenv's README ("What rules
 * does the parsing engine follow?") and the behaviour of its parser, including its two quirks that matter for a
 * writer:
 *
 * - a quote right after a backslash may be read as part of the value (its `\'` / `\"`): a quoted value ends at the
 *   farthest quote reachable through such escaped quotes that is followed by blanks, an optional `# comment`, and
 *   the end of a line;
 * - in a value that starts with `"` (quoted or not), the two-character sequences `\n` and `\r` become a line feed
 *   and a carriage return.
 *
 * The rest: CRLF and lone CR become LF first; an entry starts at the beginning of a line (`NAME=`, blanks allowed
 * around `=`, an optional `export `), where U+2028 and U+2029 end lines too; a line that is not an entry is skipped;
 * an unquoted value runs to `#` or a line feed and is trimmed.
 *
 * Cross-checked against dotenv 18.0.10 (both of its parsers) while writing: the same result on every file of 30,000
 * adversarial runs of our writer, and on all but 0.2% of 30,000 arbitrary files of one quoted value per line (the
 * misses: unquoted values holding several quote pairs, which dotenv strips oddly).
 */

const KEY = /\s*(?:export\s+)?([\w.-]+)\s*=\s*/y;
/** What may follow a closing quote: blanks, an optional comment, then the end of a line (as dotenv's `$` sees it). */
const AFTER_CLOSING_QUOTE = /^\s*(?:#.*)?$/m;

/** The end (exclusive) of the quoted value opening at `open`, or undefined when no closing quote qualifies. */
function closingQuote(text: string, open: number): number | undefined {
  const quote = text[open];
  const candidates: number[] = [];
  for (
    let at = text.indexOf(quote as string, open + 1);
    at !== -1;
    at = text.indexOf(quote as string, at + 1)
  ) {
    candidates.push(at);
    // Only a quote right after a backslash can be read past; the first other one is the last chance.
    if (text[at - 1] !== '\\') break;
  }
  for (const candidate of candidates.reverse()) {
    const rest = text.slice(candidate + 1);
    if (AFTER_CLOSING_QUOTE.exec(rest)?.index === 0) return candidate;
  }
  return undefined;
}

/** What dotenv does to a value that starts with `"`: the sequences `\n` and `\r` become LF and CR. */
const expandEscapes = (value: string): string => value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');

/** Where the line holding `at` ends. dotenv's `$` also ends a line at U+2028 and U+2029, as JavaScript's does. */
const lineEndAfter = (text: string, at: number, terminators = /[\n\u2028\u2029]/g): number => {
  terminators.lastIndex = at;
  return terminators.exec(text)?.index ?? text.length;
};

/** The variables dotenv reads from `source`. */
export function parseDotenvModel(source: string): Record<string, string> {
  const text = source.replace(/\r\n?/g, '\n');
  const variables: Record<string, string> = {};
  let lineStart = 0;
  while (lineStart < text.length) {
    KEY.lastIndex = lineStart;
    const key = KEY.exec(text);
    if (key?.[1] === undefined) {
      lineStart = lineEndAfter(text, lineStart) + 1;
      continue;
    }
    const valueStart = KEY.lastIndex;
    const quote = text[valueStart];
    const close =
      quote === "'" || quote === '"' || quote === '`' ? closingQuote(text, valueStart) : undefined;
    let value: string;
    let end: number;
    if (close === undefined) {
      // Unquoted: up to a `#` or a line feed (not U+2028); a comment after it ends at any line terminator.
      const lineFeed = lineEndAfter(text, valueStart, /\n/g);
      const hash = text.indexOf('#', valueStart);
      const valueEnd = hash !== -1 && hash < lineFeed ? hash : lineFeed;
      end = valueEnd === hash ? lineEndAfter(text, hash) : lineFeed;
      value = text.slice(valueStart, valueEnd).trim();
      const first = value[0];
      if (value.length >= 2 && (first === "'" || first === '"' || first === '`') && value.endsWith(first)) {
        value = value.slice(1, -1);
      }
      if (first === '"') value = expandEscapes(value);
    } else {
      value = text.slice(valueStart + 1, close);
      if (quote === '"') value = expandEscapes(value);
      end = lineEndAfter(text, close + 1);
    }
    variables[key[1]] = value;
    lineStart = end + 1;
  }
  return variables;
}
