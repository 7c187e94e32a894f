/**
 * No command prints a SecureString value, whatever the format or outcome: every command and format runs against the
 * field case and everything it prints is searched for the 40 secret values.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run.js';
import { fieldCaseSeed, secretValuesOf } from '../fixtures/fieldCase.js';
import { recordingIo, TIGHT_QUOTA, UNTHROTTLED, useServerAndDirectory } from './helpers.js';

const seed = fieldCaseSeed();
const secrets = secretValuesOf(seed);

describe('secret values never reach stdout or stderr', () => {
  const fixture = useServerAndDirectory({
    seed,
    throughput: UNTHROTTLED,
    deniedPaths: ['/myapp/prod/secrets/'],
  });

  it('in any command, format or outcome', async () => {
    const tree = join(fixture.directory.path, 'tree.json');
    const manifest = join(fixture.directory.path, 'manifest.json');
    const dotenv = join(fixture.directory.path, '.env');
    await writeFile(tree, JSON.stringify(seed));
    await writeFile(manifest, JSON.stringify({ path: '/myapp/prod/', names: ['/myapp/prod/secrets/gone'] }));
    const endpoint = ['--endpoint', fixture.server.endpoint];
    const runs: string[][] = [
      ['--help'],
      ...['plan', 'manifest', 'policy', 'export'].map((command) => [command, '--help']),
      ...['table', 'json', 'terraform', 'sam'].flatMap((format) => [
        ['plan', '/myapp/prod/', ...endpoint, '--functions', '25', '--format', format],
        ['plan', '/myapp/prod/', '--from', tree, '--secrets', 'manifest', '--format', format],
      ]),
      ['manifest', '/myapp/prod/', ...endpoint],
      ['manifest', '--check', manifest, ...endpoint],
      ['manifest', '--check', manifest, ...endpoint, '--json'],
      ['export', '/myapp/prod/', ...endpoint, '--out', dotenv],
      ['export', '/myapp/prod/', ...endpoint, '--out', dotenv],
      ['export', '/myapp/prod/', '--from', tree, '--out', dotenv, '--force', '--json'],
      ['export', '/myapp/prod/secrets/', ...endpoint, '--out', join(fixture.directory.path, 'denied.env')],
      ['policy', '/myapp/prod/', '/myapp/prod/secrets/database-password', '--format', 'terraform'],
    ];
    const printed: string[] = [];
    const codes: number[] = [];

    for (const args of runs) {
      const io = recordingIo();
      codes.push(await runCli(args, io));
      printed.push(io.text());
    }
    fixture.server.setThroughput(TIGHT_QUOTA);
    const throttled = recordingIo();
    codes.push(await runCli(['export', '/myapp/prod/', ...endpoint, '--out', dotenv, '--force'], throttled));
    printed.push(throttled.text());

    const all = printed.join('\n');
    for (const secret of secrets) expect(all).not.toContain(secret);
    // The values do exist and do get read: they are in the .env file, just never on the terminal.
    const file = await readFile(dotenv, 'utf8');
    for (const secret of secrets) expect(file).toContain(secret);
    expect(codes.filter((code) => code === 0).length).toBeGreaterThan(15);
    expect(codes).toContain(1);
  });
});
