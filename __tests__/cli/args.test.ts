/**
 * The argument handling every command shares (src/cli/args.ts): unknown flags name the nearest known one, bad input
 * exits 2, and the binary itself exits 2 when run without a command.
 */
import { spawnSync } from 'node:child_process';
import { closestName, editDistance } from '../../src/cli/closestName.js';
import { runCli } from '../../src/cli/run.js';
import { recordingIo } from './helpers.js';

describe('editDistance', () => {
  it('counts inserts, deletes, substitutions, and a swap of neighbours as one edit', () => {
    expect(editDistance('endpoint', 'endpoint')).toBe(0);
    expect(editDistance('endpont', 'endpoint')).toBe(1);
    expect(editDistance('endpiont', 'endpoint')).toBe(1);
    expect(editDistance('enpdoint', 'endpoint')).toBe(1);
    expect(editDistance('', 'out')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('closestName', () => {
  const flags = ['out', 'force', 'prefix', 'json', 'endpoint', 'from', 'region'];

  it('suggests the flag one or two edits away, ignoring case', () => {
    expect(closestName('endpont', flags)).toBe('endpoint');
    expect(closestName('Endpoint', flags)).toBe('endpoint');
    expect(closestName('regoin', flags)).toBe('region');
    expect(closestName('jsn', flags)).toBe('json');
  });

  it('suggests nothing for a word that is not a typo of any flag', () => {
    expect(closestName('bogus', flags)).toBeUndefined();
    expect(closestName('verbose', flags)).toBeUndefined();
    // Short names allow one edit: `--o` is two away from `--out`, `--ou` one.
    expect(closestName('o', flags)).toBeUndefined();
    expect(closestName('ou', flags)).toBe('out');
  });
});

describe('unknown and malformed flags', () => {
  it.each([
    [
      ['plan', '/a/', '--endpont', 'http://127.0.0.1:1'],
      "Unknown option '--endpont'; did you mean --endpoint?",
    ],
    [['export', '/a/', '--frm', 'tree.json'], "Unknown option '--frm'; did you mean --from?"],
    [['manifest', '--chek', 'm.json'], "Unknown option '--chek'; did you mean --check?"],
    [['policy', '/a/', '--kms-kye', 'arn'], "Unknown option '--kms-kye'; did you mean --kms-key?"],
    [['serve', '--prot', '80'], "Unknown option '--prot'; did you mean --port?"],
    [
      ['plan', '/a/', '--endpoint=http://127.0.0.1:1', '--formt=json'],
      "Unknown option '--formt'; did you mean --format?",
    ],
    [['plan', '/a/', '-x'], "Unknown option '-x'"],
    [['plan', '/a/', '--out'], "Unknown option '--out'"],
    [['plan', '/a/', '--functions'], "Option '--functions <value>' argument missing"],
    [['export', '/a/', '/b/'], 'expected one <path>, got 2'],
    [['serve', 'extra'], "Unexpected argument 'extra'. This command does not take positional arguments"],
  ])('%j exits 2: %s', async (argv, message) => {
    const io = recordingIo();

    expect(await runCli(argv, io)).toBe(2);
    expect(io.err[0]).toBe(`middy-ssm-env ${argv[0]}: ${message}`);
    expect(io.err[1]).toBe(`Run 'middy-ssm-env ${argv[0]} --help' for usage.`);
    expect(io.out).toEqual([]);
  });

  it('prints the usage for --help or -h even beside other flags, and exits 0', async () => {
    const long = recordingIo();
    const short = recordingIo();

    expect(await runCli(['plan', '/a/', '--functions', '3', '--help'], long)).toBe(0);
    expect(await runCli(['export', '-h'], short)).toBe(0);
    expect(long.out[0]).toBe('Usage: middy-ssm-env plan <path> [options]');
    expect(short.out[0]).toBe('Usage: middy-ssm-env export <path> [options]');
  });
});

describe('the binary', () => {
  it('exits 2 with the list of commands when run without one', () => {
    const result = spawnSync('node_modules/.bin/tsx', ['src/cli/main.ts'], { encoding: 'utf8' });

    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^Usage: middy-ssm-env <command> \[options\]/);
  });
});
