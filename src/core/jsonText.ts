/**
 * Where a JSON text stops being valid, found without quoting it. V8's `SyntaxError` quotes the text around the error
 * (`Unexpected token 'S', ..."value":S3CR3T-hun"... is not valid JSON`), and the files read here (exported trees,
 * manifests, seed files) hold secrets, so its message is never shown: the position comes from a scan of our own,
 * and the reason from a fixed list of phrases.
 */

/** Where a text stops being JSON: the UTF-16 offset, and why in words that never quote the text. */
export interface JsonErrorLocation {
  readonly offset: number;
  readonly reason: string;
}

class JsonStop {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

const HEX_DIGIT = /^[0-9a-fA-F]$/;
const SIMPLE_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const LITERALS = ['true', 'false', 'null'] as const;
const UNEXPECTED_CHARACTER = 'unexpected character (strings need double quotes)';

/**
 * The first place `text` breaks the JSON grammar (RFC 8259), at the offset V8 reports when it reports one, or
 * undefined when `text` is valid JSON.
 */
export function locateJsonError(text: string): JsonErrorLocation | undefined {
  let at = 0;
  const stop = (reason: string, offset = at): never => {
    throw new JsonStop(offset, reason);
  };
  const skipWhitespace = () => {
    while (text[at] === ' ' || text[at] === '\t' || text[at] === '\n' || text[at] === '\r') at++;
  };
  const unicodeEscape = () => {
    at += 2; // the backslash and the u
    for (const end = at + 4; at < end; at++) {
      if (!HEX_DIGIT.test(text[at] ?? '')) stop('bad \\u escape in a string');
    }
  };
  const string = () => {
    at++; // the opening quote
    for (;;) {
      const character = text[at];
      if (character === undefined) stop('unterminated string');
      else if (character === '"') {
        at++;
        return;
      } else if (character === '\\') {
        const escaped = text[at + 1];
        if (escaped !== undefined && SIMPLE_ESCAPES.has(escaped)) at += 2;
        else if (escaped === 'u') unicodeEscape();
        else stop('bad escape sequence in a string', at + 1);
      } else if (character.charCodeAt(0) < 0x20) stop('control character in a string (escape it)');
      else at++;
    }
  };
  const isDigit = (character: string | undefined) =>
    character !== undefined && character >= '0' && character <= '9';
  const digits = (what: string) => {
    if (!isDigit(text[at])) stop(`expected a digit ${what}`);
    while (isDigit(text[at])) at++;
  };
  const number = () => {
    if (text[at] === '-') at++;
    if (text[at] === '0') at++;
    else digits('after the minus sign');
    if (text[at] === '.') {
      at++;
      digits('after the decimal point');
    }
    if (text[at] === 'e' || text[at] === 'E') {
      at++;
      if (text[at] === '+' || text[at] === '-') at++;
      digits('in the exponent');
    }
  };
  // true, false or null, checked character by character so the error is where the word goes wrong, as in V8. One
  // reason for every case: naming the expected word would tell the first letter of an unquoted secret.
  const literal = () => {
    const word = LITERALS.find((candidate) => candidate[0] === text[at]);
    if (word === undefined) stop(UNEXPECTED_CHARACTER);
    for (const expected of word ?? '') {
      if (text[at] !== expected) stop(UNEXPECTED_CHARACTER);
      at++;
    }
  };
  const value = () => {
    skipWhitespace();
    const character = text[at];
    if (character === undefined) stop('unexpected end of input');
    else if (character === '{') members('}', true);
    else if (character === '[') members(']', false);
    else if (character === '"') string();
    else if (character === '-' || isDigit(character)) number();
    else literal();
  };
  // An object's members (`key: value` pairs) or an array's elements, up to the closing bracket.
  const members = (close: '}' | ']', keyed: boolean) => {
    at++; // the opening bracket
    skipWhitespace();
    if (text[at] === close) {
      at++;
      return;
    }
    for (;;) {
      if (keyed) {
        skipWhitespace();
        if (text[at] !== '"') stop('expected a property name in double quotes');
        string();
        skipWhitespace();
        if (text[at] !== ':') stop("expected ':' after a property name");
        at++;
      }
      value();
      skipWhitespace();
      if (text[at] === ',') at++;
      else if (text[at] === close) {
        at++;
        return;
      } else if (text[at] === undefined) stop('unexpected end of input');
      else stop(`expected ',' or '${close}'`);
    }
  };

  try {
    value();
    skipWhitespace();
    if (at < text.length) stop('unexpected text after the JSON value');
    return undefined;
  } catch (error) {
    if (error instanceof JsonStop) return { offset: error.offset, reason: error.reason };
    throw error;
  }
}

/** 1-based line and column (in characters) of a UTF-16 offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.split('\n').length;
  return { line, column: [...before.slice(lineStart)].length + 1 };
}

/**
 * Parses `text`, or throws an error made by `fail` from a value-free description of where and why it is not JSON
 * (`unexpected end of input at line 3, column 1`). A leading byte-order mark is ignored.
 */
export function parseJsonWithoutQuoting(text: string, fail: (where: string | undefined) => Error): unknown {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch {
    let location: JsonErrorLocation | undefined;
    try {
      location = locateJsonError(body);
    } catch {
      // Nesting deep enough to overflow the scan's stack: the position is unknown, the message still safe.
    }
    if (location === undefined) throw fail(undefined);
    const { line, column } = lineAndColumn(body, location.offset);
    throw fail(`${location.reason} at line ${line}, column ${column}`);
  }
}
