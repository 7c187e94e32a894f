/**
 * The `.env` rule, held against the real readers: every value `renderDotenv` writes reads back exactly through
 * `node --env-file`, a POSIX shell (`set -a; . ./file`, and bash when present) and dotenv's parsing rules (a model,
 * see dotenvModel.ts), and sourcing the file never runs a command. Values it cannot write that way are left out,
 * by name. Processes are spawned a bounded number of times: one file of several values per run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { dotenvValue, renderDotenv } from '../../src/cli/export/dotenv.js';
import { parseDotenvModel } from './dotenvModel.js';
import { temporaryDirectory } from './helpers.js';

const RUNS = 25;
const hasBash = spawnSync('bash', ['-c', 'true']).status === 0;

let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
let marker: string;

beforeAll(async () => {
  directory = await temporaryDirectory();
  marker = join(directory.path, 'pwned');
});

afterAll(() => directory.remove());

/** Values from fragments that break naive quoting: quotes, expansions, commands, escapes, line breaks, unicode. */
const adversarialValue = () =>
  fc
    .array(
      fc.constantFrom(
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
        '\t',
        '#',
        '$',
        '=',
        '$HOME',
        ['$', '{HOME}'].join(''), // ${HOME}, without a template-looking literal
        `$(touch ${marker})`,
        `\`touch ${marker}\``,
        `'; touch ${marker}; '`,
        `"; touch ${marker}; "`,
        '\\n',
        '\\\n',
        'OTHER=1',
        '\n# comment',
        '\nexport X=1',
        'é',
        '✓',
        '😀',
        '\u2028',
      ),
      { minLength: 1, maxLength: 10 },
    )
    .map((parts) => parts.join(''));

/** The values of `names` after `node --env-file=file`, undefined for unset ones. */
function readWithNode(file: string, names: readonly string[]): (string | undefined)[] {
  const script = `process.stdout.write(JSON.stringify(${JSON.stringify(names)}.map((name) => process.env[name] ?? null)))`;
  const result = spawnSync(process.execPath, [`--env-file=${file}`, '-e', script], {
    env: { PATH: process.env.PATH },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`node --env-file failed: ${result.stderr}`);
  return (JSON.parse(result.stdout) as (string | null)[]).map((value) => value ?? undefined);
}

/** The values of `names` after `set -a; . file` in `shell`, undefined for unset ones. */
function readWithShell(shell: string, file: string, names: readonly string[]): (string | undefined)[] {
  // Each name prints "set" or "" (is it set?), then its value, NUL-separated: values may hold line feeds.
  const prints = names.map((name) => `"\${${name}+set}" "$${name}"`).join(' ');
  const result = spawnSync(shell, ['-c', `set -a; . "$1"; printf '%s\\0' ${prints}`, shell, file], {
    env: { PATH: process.env.PATH },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${shell} failed to source the file: ${result.stderr}`);
  const fields = result.stdout.split('\0');
  return names.map((_, index) => (fields[index * 2] === 'set' ? fields[index * 2 + 1] : undefined));
}

describe('.env output, read back by real readers', () => {
  it('every written value reads back exactly in node --env-file, sh, bash and dotenv; the rest are left out by name; nothing runs', () => {
    const seen = { written: 0, leftOut: 0, withCommand: 0, withQuote: 0, withLineFeed: 0 };
    let run = 0;

    fc.assert(
      fc.property(fc.array(adversarialValue(), { minLength: 1, maxLength: 12 }), (values) => {
        // Per run, so a shrunk counterexample is the file that ran the command, not any file after it.
        rmSync(marker, { force: true });
        const entries = values.map((value, index) => ({ name: `K${index}`, value }));
        const file = join(directory.path, `run-${run++}.env`);
        const rendered = renderDotenv(entries, ['header']);
        writeFileSync(file, rendered.text);
        const names = entries.map((entry) => entry.name);
        const readers: Record<string, (string | undefined)[]> = {
          'node --env-file': readWithNode(file, names),
          sh: readWithShell('sh', file, names),
          ...(hasBash ? { bash: readWithShell('bash', file, names) } : {}),
          dotenv: names.map((name) => parseDotenvModel(rendered.text)[name]),
        };

        expect([...rendered.written, ...rendered.leftOut].sort()).toEqual([...names].sort());
        entries.forEach((entry, index) => {
          const written = rendered.written.includes(entry.name);
          for (const [reader, read] of Object.entries(readers)) {
            expect({ reader, name: entry.name, read: read[index] }).toEqual({
              reader,
              name: entry.name,
              read: written ? entry.value : undefined,
            });
          }
          if (written) {
            seen.written += 1;
            if (entry.value.includes('$(') || entry.value.includes('`')) seen.withCommand += 1;
            if (entry.value.includes("'")) seen.withQuote += 1;
            if (entry.value.includes('\n')) seen.withLineFeed += 1;
          } else seen.leftOut += 1;
        });
        expect(existsSync(marker)).toBe(false);
      }),
      // One file of known hard values always runs too, so the checks below do not hang on what the random runs drew.
      { numRuns: RUNS, examples: [[["it's", `$(touch ${marker})`, 'line\nfeed', `'; touch ${marker}; '`]]] },
    );

    // The property must not hold by leaving everything out: hard values are written too.
    expect(seen.written).toBeGreaterThan(seen.leftOut / 4);
    expect(seen.withCommand).toBeGreaterThan(0);
    expect(seen.withQuote).toBeGreaterThan(0);
    expect(seen.withLineFeed).toBeGreaterThan(0);
  }, 120_000);
});

describe('dotenvValue', () => {
  it("single-quotes values without a ': commands, expansions, JSON and line feeds stay literal", () => {
    expect(dotenvValue(`$(touch x) \`id\` $HOME {"a":"b\\n"} #x`)).toBe(
      `'$(touch x) \`id\` $HOME {"a":"b\\n"} #x'`,
    );
    expect(dotenvValue('-----BEGIN KEY-----\nabc\n-----END KEY-----')).toBe(
      "'-----BEGIN KEY-----\nabc\n-----END KEY-----'",
    );
  });

  it("double-quotes values with a ' and nothing a shell expands inside double quotes", () => {
    expect(dotenvValue("it's")).toBe('"it\'s"');
    expect(dotenvValue("it's\nok #1")).toBe('"it\'s\nok #1"');
  });

  it('leaves out a \' together with ", $, a backtick or a backslash, a final backslash, CR and NUL', () => {
    for (const value of [`it's "x"`, "it's $(id)", "it's `id`", "it's \\n", 'C:\\dir\\', 'a\r\nb', 'a\0b']) {
      expect({ value, quoted: dotenvValue(value) }).toEqual({ value, quoted: undefined });
    }
  });
});

describe('why a final backslash is left out', () => {
  it("dotenv reads '…\\' as an escaped quote and runs on into the next value's line", () => {
    // B's value, "it'" + LF + "end", ends a line with a quote: dotenv closes A's value there.
    const naive = "A='x\\'\nB=\"it'\nend\"\n";

    expect(parseDotenvModel(naive).A).not.toBe('x\\');
    expect(renderDotenv([{ name: 'A', value: 'x\\' }], []).leftOut).toEqual(['A']);
  });
});

describe('renderDotenv', () => {
  it('writes comments, then one line per variable, and ends with a newline', () => {
    const file = renderDotenv(
      [
        { name: 'A', value: 'x' },
        { name: 'B', value: "it's" },
      ],
      ['header'],
    );

    expect(file).toEqual({ text: "# header\nA='x'\nB=\"it's\"\n", written: ['A', 'B'], leftOut: [] });
  });

  it('leaves out what it cannot write, naming it in a last comment without its value', () => {
    const file = renderDotenv(
      [
        { name: 'GOOD', value: 'x' },
        { name: 'BAD', value: "it's $(id)" },
      ],
      [],
    );

    expect(file).toEqual({
      text: "GOOD='x'\n# Left out (no quoting reads them back safely): BAD\n",
      written: ['GOOD'],
      leftOut: ['BAD'],
    });
  });
});
