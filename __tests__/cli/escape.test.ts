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
