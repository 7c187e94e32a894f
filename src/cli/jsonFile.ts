/**
 * JSON from a file named on the command line (`--from`, `--check`, `--seed`), with errors that say where the file
 * stops being JSON but never what it says there (see `core/jsonText.ts`).
 */
import { readFile } from 'node:fs/promises';
import { parseJsonWithoutQuoting } from '../core/jsonText.js';
import { codeOf, messageOf, UsageError } from './command.js';

/**
 * Parses `text` read from `source` (a file name, for the message). Throws a {@link UsageError} naming the source and
 * the line and column where it stops being JSON, never the text.
 */
export function parseJsonText(text: string, source: string): unknown {
  return parseJsonWithoutQuoting(
    text,
    (where) => new UsageError(`${source} is not valid JSON${where === undefined ? '' : `: ${where}`}`),
  );
}

const READ_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
};

/**
 * Reads and parses the JSON file given to `flag`. A missing, unreadable or invalid file is bad input: a
 * {@link UsageError} naming the flag and the file (and the position, see {@link parseJsonText}).
 */
export async function readJsonFile(file: string, flag: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = codeOf(error);
    const reason = (code && READ_FAILURES[code]) ?? messageOf(error);
    throw new UsageError(`${flag}: cannot read ${file}: ${reason}`);
  }
  return parseJsonText(text, `${flag} ${file}`);
}
