/**
 * JSON files named on the command line: errors give the file, line and column, never the text. V8's own message
 * quotes the text around the error, which in a tree or seed file is a secret.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseJsonText } from '../../src/cli/jsonFile.js';
import { runCli } from '../../src/cli/run.js';
import { lineAndColumn, locateJsonError } from '../../src/core/jsonText.js';
import { recordingIo, temporaryDirectory } from './helpers.js';

/** The offset V8 reports, when its message has one. */
const v8Offset = (text: string): number | 'valid' | undefined => {
  try {
    JSON.parse(text);
    return 'valid';
  } catch (error) {
    const position = /at position (\d+)/.exec((error as Error).message)?.[1];
    return position === undefined ? undefined : Number(position);
  }
};

describe('locateJsonError', () => {
  it('finds an error exactly where V8 does, and none where V8 finds none', () => {
    // Valid JSON with one character inserted, deleted or replaced: every kind of syntax error, near every construct.
    const mutated = fc
      .tuple(
        fc.json(),
        fc.nat(),
        fc.constantFrom(
          '',
          '"',
          ',',
          ':',
          '{',
          '}',
          '[',
          ']',
          '\\',
          'x',
          '0',
          '-',
          '.',
          'e',
          ' ',
          '\n',
          '\u0001',
        ),
        fc.boolean(),
      )
      .map(([json, index, character, replace]) => {
        const at = index % (json.length + 1);
        return json.slice(0, at) + character + json.slice(replace ? at + 1 : at);
      });

    fc.assert(
      fc.property(mutated, (text) => {
        const expected = v8Offset(text);
        const located = locateJsonError(text);
        if (expected === 'valid') return located === undefined;
        if (expected === undefined) return located !== undefined;
        return located?.offset === expected;
      }),
      { numRuns: 5000 },
    );
  });

  it('names the kind of error in fixed words', () => {
    expect(locateJsonError('{"a":S3CR3T}')).toEqual({
      offset: 5,
      reason: 'unexpected character (strings need double quotes)',
    });
    expect(locateJsonError('{"a":"x')).toEqual({ offset: 7, reason: 'unterminated string' });
    expect(locateJsonError('[1,]')?.reason).toBe('unexpected character (strings need double quotes)');
    expect(locateJsonError('{"a":1,}')?.reason).toBe('expected a property name in double quotes');
  });
});

describe('lineAndColumn', () => {
  it('counts lines from 1 and columns in characters from 1', () => {
    const text = '{\n  "a": 1,\n  "é😀": x\n}';

    expect(lineAndColumn(text, 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn(text, text.indexOf('x'))).toEqual({ line: 3, column: 9 });
  });
});

describe('parseJsonText', () => {
  it('ignores a byte-order mark', () => {
    expect(parseJsonText('\uFEFF{"a":1}', 'f.json')).toEqual({ a: 1 });
  });

  it('reports the source, line and column, and not the text around the error', () => {
    expect(() => parseJsonText('{\n  "value": S3CR3T-hunter2\n}', 'f.json')).toThrow(
      'f.json is not valid JSON: unexpected character (strings need double quotes) at line 2, column 12',
    );
  });
});

describe('every command reading a JSON file keeps its content out of the error', () => {
  const secret = 'S3CR3T-hunter2-do-not-print';
  const fragments = ['S3CR3T', 'hunter2', 'do-not-print', '"value":S'];
  let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
  let file: string;

  beforeAll(async () => {
    directory = await temporaryDirectory();
    file = join(directory.path, 'broken.json');
    // An unquoted secret: V8 would say `Unexpected token 'S', ..."","value":S3CR3T-hun"... is not valid JSON`.
    await writeFile(
      file,
      `{\n  "parameters": [\n    { "name": "/myapp/prod/db/password", "type": "SecureString", "value":${secret} }\n  ]\n}\n`,
    );
  });

  afterAll(() => directory.remove());

  it.each([
    ['plan', ['plan', '/myapp/prod/', '--from'], '--from'],
    ['export', ['export', '/myapp/prod/', '--out', 'never.env', '--from'], '--from'],
    ['manifest --check', ['manifest', '--check'], '--check'],
    ['serve --seed', ['serve', '--seed'], '--seed'],
  ])('%s: exit 2, the file and the position, no secret', async (_, argv, flag) => {
    const io = recordingIo();

    const code = await runCli([...argv, file], io);

    expect(code).toBe(2);
    expect(io.err[0]).toBe(
      `middy-ssm-env ${argv[0]}: ${flag} ${file} is not valid JSON: unexpected character (strings need double quotes) at line 3, column 74`,
    );
    for (const fragment of fragments) expect(io.text()).not.toContain(fragment);
  });
});
