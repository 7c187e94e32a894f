/**
 * Where a JSON text stops being valid, found without quoting it. V8's `SyntaxError` messages quote the text around
 * the error (`Unexpected token 'S', ..."value":S3CR3T"...`), which in a seed file may be a secret, so they are never
 * passed on; this scanner finds the offset itself and callers report only line and column.
 */

/** Line and column (both from 1) of the first offending character, or of the end of a text that stops early. */
export interface JsonErrorPosition {
  line: number;
  column: number;
  /** `'unexpected character'` or `'unexpected end of input'`. */
  problem: string;
}

class Stop extends Error {
  constructor(readonly offset: number) {
    super('invalid JSON');
  }
}

/** The position of the first syntax error in `text`, or undefined if it is valid JSON. */
export function jsonErrorPosition(text: string): JsonErrorPosition | undefined {
  const scanner = new Scanner(text);
  try {
    scanner.document();
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return { ...lineAndColumn(text, error.offset), problem: problemAt(text, error.offset) };
  }
}

function problemAt(text: string, offset: number): string {
  return offset >= text.length ? 'unexpected end of input' : 'unexpected character';
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index += 1) {
    if (text[index] === '\n') {
      line += 1;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** A recursive-descent JSON recogniser (RFC 8259) that only reports where it fails. */
class Scanner {
  #at = 0;

  constructor(private readonly text: string) {}

  document(): void {
    this.#value();
    this.#skipWhitespace();
    if (this.#at < this.text.length) this.#fail();
  }

  #value(): void {
    this.#skipWhitespace();
    const char = this.text[this.#at];
    if (char === '{') this.#object();
    else if (char === '[') this.#array();
    else if (char === '"') this.#string();
    else if (char === 't') this.#literal('true');
    else if (char === 'f') this.#literal('false');
    else if (char === 'n') this.#literal('null');
    else this.#number();
  }

  #object(): void {
    this.#at += 1;
    this.#skipWhitespace();
    if (this.text[this.#at] === '}') {
      this.#at += 1;
      return;
    }
    for (;;) {
      this.#skipWhitespace();
      if (this.text[this.#at] !== '"') this.#fail();
      this.#string();
      this.#skipWhitespace();
      this.#expect(':');
      this.#value();
      this.#skipWhitespace();
      if (this.text[this.#at] === ',') {
        this.#at += 1;
        continue;
      }
      this.#expect('}');
      return;
    }
  }

  #array(): void {
    this.#at += 1;
    this.#skipWhitespace();
    if (this.text[this.#at] === ']') {
      this.#at += 1;
      return;
    }
    for (;;) {
      this.#value();
      this.#skipWhitespace();
      if (this.text[this.#at] === ',') {
        this.#at += 1;
        continue;
      }
      this.#expect(']');
      return;
    }
  }

  #string(): void {
    this.#at += 1;
    for (;;) {
      const char = this.text[this.#at];
      if (char === undefined) this.#fail();
      if (char === '"') {
        this.#at += 1;
        return;
      }
      if (char.charCodeAt(0) < 0x20) this.#fail();
      if (char === '\\') {
        const escaped = this.text[this.#at + 1];
        if (escaped === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.#at + 2, this.#at + 6))) this.#fail(this.#at + 1);
          this.#at += 6;
          continue;
        }
        if (escaped === undefined || !ESCAPES.has(escaped)) this.#fail(this.#at + 1);
        this.#at += 2;
        continue;
      }
      this.#at += 1;
    }
  }

  /** A number; a fraction or exponent that breaks off fails at the character after its `.`, `e` or sign, as V8's does. */
  #number(): void {
    if (this.text[this.#at] === '-') this.#at += 1;
    if (this.text[this.#at] === '0') this.#at += 1;
    else this.#digits();
    if (this.text[this.#at] === '.') {
      this.#at += 1;
      this.#digits();
    }
    if (this.text[this.#at] === 'e' || this.text[this.#at] === 'E') {
      this.#at += 1;
      if (this.text[this.#at] === '+' || this.text[this.#at] === '-') this.#at += 1;
      this.#digits();
    }
  }

  /** One or more digits. */
  #digits(): void {
    const start = this.#at;
    while (isDigit(this.text[this.#at])) this.#at += 1;
    if (this.#at === start) this.#fail();
  }

  #literal(word: string): void {
    for (const char of word) {
      if (this.text[this.#at] !== char) this.#fail();
      this.#at += 1;
    }
  }

  #expect(char: string): void {
    if (this.text[this.#at] !== char) this.#fail();
    this.#at += 1;
  }

  #skipWhitespace(): void {
    while (WHITESPACE.has(this.text[this.#at] ?? '')) this.#at += 1;
  }

  #fail(offset = this.#at): never {
    throw new Stop(offset);
  }
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}
