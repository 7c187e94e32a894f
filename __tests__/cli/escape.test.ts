import { parseEnv } from 'node:util';
import fc from 'fast-check';
import { dotenvValue, renderDotenv } from '../../src/cli/export/dotenv.js';
import { hclString, yamlString } from '../../src/cli/render/escape.js';

describe('hclString', () => {
  it('escapes backslashes, quotes and line breaks', () => {
    expect(hclString('a\\b"c\nd\re\tf')).toBe('"a\\\\b\\"c\\nd\\re\\tf"');
  });

  it('doubles ${ and %{ so a value is never interpolated', () => {
    const interpolation = ['$', '{var.x}'].join('');

    expect(hclString(`${interpolation} %{if} $HOME 100%`)).toBe(`"$${interpolation} %%{if} $HOME 100%"`);
  });

  it('escapes other control characters as \\u', () => {
    expect(hclString('a\u0001b\u007f')).toBe('"a\\u0001b\\u007f"');
  });

  it('leaves JSON and URLs readable', () => {
    expect(hclString('{"a":[1,2]}')).toBe('"{\\"a\\":[1,2]}"');
    expect(hclString('https://x.example.com/a?b=c&d=e')).toBe('"https://x.example.com/a?b=c&d=e"');
  });
});

describe('yamlString', () => {
  it('is JSON string syntax, which YAML reads in double quotes', () => {
    expect(yamlString('say "hi"\n\\')).toBe('"say \\"hi\\"\\n\\\\"');
  });

  it('escapes what YAML would not keep: DEL, C1 controls, line and paragraph separators, BOM', () => {
    expect(yamlString('a\u007fb\u0085c\u2028d\u2029e\ufeff')).toBe(
      '"a\\u007fb\\u0085c\\u2028d\\u2029e\\ufeff"',
    );
  });

  it('keeps non-ASCII text as is', () => {
    expect(yamlString('héllo ✓')).toBe('"héllo ✓"');
  });
});

describe('dotenvValue', () => {
  it('single-quotes values without a single quote: literal, JSON included', () => {
    expect(dotenvValue('{"a":"b\\n"} $HOME #x')).toBe('\'{"a":"b\\n"} $HOME #x\'');
  });

  it('double-quotes values with a single quote but no double quote or \\n sequence', () => {
    expect(dotenvValue("it's")).toBe('"it\'s"');
  });

  it('backtick-quotes values with both quotes', () => {
    expect(dotenvValue('it\'s "x"')).toBe('`it\'s "x"`');
    expect(dotenvValue("it's \\n")).toBe("`it's \\n`");
  });

  it('writes line feeds inside single quotes, or as \\n inside double quotes', () => {
    expect(dotenvValue('a\nb')).toBe("'a\nb'");
    expect(dotenvValue("it's\nok")).toBe('"it\'s\\nok"');
  });

  it('gives up on a value holding all three quote characters, or a carriage return', () => {
    expect(dotenvValue('\'"`')).toBeUndefined();
    expect(dotenvValue('a\r\nb')).toBeUndefined();
  });

  it('reads back byte for byte through Node’s .env parser (node --env-file), whenever it quotes', () => {
    const characters = fc.constantFrom(
      'a',
      'Z',
      '0',
      ' ',
      "'",
      '"',
      '`',
      '\\',
      'n',
      'r',
      '\n',
      '\r\n',
      '#',
      '$',
      '{',
      '}',
      '=',
      'é',
      '✓',
      '\t',
    );
    fc.assert(
      fc.property(
        fc.array(characters, { maxLength: 24 }).map((parts) => parts.join('')),
        (value) => {
          const quoted = dotenvValue(value);
          if (quoted === undefined) return true;
          return parseEnv(`BEFORE='x'\nKEY=${quoted}\nAFTER='y'\n`).KEY === value;
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('renderDotenv', () => {
  it('writes comments, then one line per variable, and ends with a newline', () => {
    const rendered = renderDotenv(
      [
        { name: 'A', value: 'x' },
        { name: 'B', value: "it's" },
      ],
      ['header'],
    );

    expect(rendered).toEqual({ ok: true, text: "# header\nA='x'\nB=\"it's\"\n" });
  });

  it('names the variables it cannot write, without their values', () => {
    expect(renderDotenv([{ name: 'BAD', value: '\'"`' }], [])).toEqual({ ok: false, unwritable: ['BAD'] });
  });
});
