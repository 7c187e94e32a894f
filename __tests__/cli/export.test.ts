import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { exportCommand } from '../../src/cli/commands/export.js';
import { defaultEnvName } from '../../src/inject/envNames.js';
import { fieldCaseSeed, secretValuesOf } from '../fixtures/fieldCase.js';
import { callsOf, recordingIo, TIGHT_QUOTA, UNTHROTTLED, useServerAndDirectory } from './helpers.js';

const seed = fieldCaseSeed();
const expectedEnv = Object.fromEntries(
  seed.parameters.map((parameter) => [defaultEnvName(parameter.name, '/myapp/prod/'), parameter.value]),
);

const modeOf = async (file: string): Promise<number> => (await stat(file)).mode & 0o777;

describe('middy-ssm-env export', () => {
  const fixture = useServerAndDirectory({ seed, throughput: UNTHROTTLED });

  beforeEach(() => {
    fixture.server.setThroughput(UNTHROTTLED);
    fixture.server.resetStats();
  });

  it('writes every parameter to a 0600 .env that reads back exactly, and prints names only', async () => {
    const out = join(fixture.directory.path, 'field.env');
    const io = recordingIo();

    const code = await exportCommand(
      ['/myapp/prod/', '--endpoint', fixture.server.endpoint, '--out', out],
      io,
    );

    const text = await readFile(out, 'utf8');
    expect(code).toBe(0);
    expect(await modeOf(out)).toBe(0o600);
    expect(parseEnv(text)).toEqual(expectedEnv);
    expect(text.split('\n').slice(0, 3)).toEqual([
      '# Exported by middy-ssm-env from /myapp/prod/.',
      '# Holds secrets: keep it out of version control.',
      "ALLOWED_ORIGINS='https://app.example.com,https://admin.example.com,https://partner18.example.com'",
    ]);
    expect(io.out[0]).toBe(`Wrote 130 variable(s) (40 from SecureStrings) to ${out}, mode 0600:`);
    expect(
      io.out
        .slice(1)
        .map((line) => line.trim())
        .sort(),
    ).toEqual(Object.keys(expectedEnv).sort());
    expect(io.err).toEqual(['Read 130 parameter(s) under /myapp/prod/ in 13 page(s), 13 call(s).']);
    expect(callsOf(fixture.server, 'GetParametersByPath').total).toBe(13);
  });

  it('refuses to overwrite an existing file without --force, before calling SSM', async () => {
    const out = join(fixture.directory.path, 'existing.env');
    await writeFile(out, 'KEEP=1\n');
    const io = recordingIo();

    const code = await exportCommand(
      ['/myapp/prod/', '--endpoint', fixture.server.endpoint, '--out', out],
      io,
    );

    expect(code).toBe(1);
    expect(io.err).toEqual([
      `middy-ssm-env export: ${out} exists; pass --force to replace it (the new file will have mode 0600)`,
    ]);
    expect(await readFile(out, 'utf8')).toBe('KEEP=1\n');
    expect(fixture.server.stats().total.total).toBe(0);
  });

  it('replaces the file with --force, as a new 0600 file even when the old one was world-readable', async () => {
    const out = join(fixture.directory.path, 'replaced.env');
    await writeFile(out, 'OLD=1\n');
    await chmod(out, 0o644);
    const io = recordingIo();

    const code = await exportCommand(
      ['/myapp/prod/', '--endpoint', fixture.server.endpoint, '--out', out, '--force', '--json'],
      io,
    );

    expect(code).toBe(0);
    expect(await modeOf(out)).toBe(0o600);
    expect(parseEnv(await readFile(out, 'utf8'))).toEqual(expectedEnv);
    expect(JSON.parse(io.out.join('\n'))).toMatchObject({
      path: '/myapp/prod/',
      out,
      mode: '0600',
      count: 130,
      secrets: 40,
    });
  });

  it('survives throttling: some pages are throttled, every value arrives', async () => {
    fixture.server.setThroughput(TIGHT_QUOTA);
    const out = join(fixture.directory.path, 'throttled.env');
    const io = recordingIo();

    const code = await exportCommand(
      ['/myapp/prod/', '--endpoint', fixture.server.endpoint, '--out', out],
      io,
    );

    const byPath = callsOf(fixture.server, 'GetParametersByPath');
    expect(code).toBe(0);
    expect(byPath.ok).toBe(13);
    expect(byPath.throttled).toBeGreaterThan(0);
    expect(parseEnv(await readFile(out, 'utf8'))).toEqual(expectedEnv);
    expect(io.err).toEqual([
      `Read 130 parameter(s) under /myapp/prod/ in 13 page(s), ${byPath.total} call(s) (${byPath.throttled} throttled and retried).`,
    ]);
  });

  it('prefixes names with --prefix, as the envPrefix option does', async () => {
    const out = join(fixture.directory.path, 'prefixed.env');

    await exportCommand(
      ['/myapp/prod/', '--endpoint', fixture.server.endpoint, '--out', out, '--prefix', 'APP_'],
      recordingIo(),
    );

    expect(parseEnv(await readFile(out, 'utf8')).APP_DB_HOST).toBe(expectedEnv.DB_HOST);
  });

  it('writes nothing when a name would be refused by the middleware, and names the parameters', async () => {
    const tree = join(fixture.directory.path, 'tree.json');
    await writeFile(
      tree,
      JSON.stringify({
        parameters: [
          { name: '/x/aws-region', type: 'String', value: 'eu-west-1' },
          { name: '/x/db-host', value: 'a' },
          { name: '/x/db/host', value: 'b' },
        ],
      }),
    );
    const out = join(fixture.directory.path, 'refused.env');
    const io = recordingIo();

    const code = await exportCommand(['/x/', '--from', tree, '--out', out], io);

    expect(code).toBe(1);
    expect(io.err).toEqual([
      'middy-ssm-env export: names the middleware would refuse, nothing written: /x/aws-region → AWS_REGION (reserved), /x/db-host → DB_HOST (collision), /x/db/host → DB_HOST (collision)',
    ]);
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('leaves out values no quoting reads back safely, names them on stderr (not their values), exits 1', async () => {
    const marker = join(fixture.directory.path, 'pwned');
    const values = {
      '/q/command': `$(touch ${marker})`,
      '/q/backticks': `\`touch ${marker}\``,
      '/q/quote': "it's",
      '/q/quote-and-command': `it's $(touch ${marker})`,
      '/q/quote-and-backticks': `it's "\`touch ${marker}\`"`,
      '/q/windows-dir': 'C:\\temp\\',
      '/q/crlf': 'a\r\nb',
    };
    const tree = join(fixture.directory.path, 'quotes.json');
    await writeFile(
      tree,
      JSON.stringify({
        parameters: Object.entries(values).map(([name, value]) => ({ name, type: 'SecureString', value })),
      }),
    );
    const out = join(fixture.directory.path, 'quotes.env');
    const io = recordingIo();

    const code = await exportCommand(['/q/', '--from', tree, '--out', out, '--json'], io);

    const sourced = spawnSync(
      'sh',
      ['-c', 'set -a; . "$1"; printf "%s|%s|%s" "$COMMAND" "$BACKTICKS" "$QUOTE"', 'sh', out],
      { encoding: 'utf8' },
    );
    expect(code).toBe(1);
    expect(JSON.parse(io.out.join('\n'))).toMatchObject({
      count: 3,
      names: ['BACKTICKS', 'COMMAND', 'QUOTE'],
      leftOut: ['CRLF', 'QUOTE_AND_BACKTICKS', 'QUOTE_AND_COMMAND', 'WINDOWS_DIR'],
    });
    expect(io.err.at(-1)).toBe(
      "middy-ssm-env export: left out CRLF, QUOTE_AND_BACKTICKS, QUOTE_AND_COMMAND, WINDOWS_DIR: no quoting reads their values back exactly in dotenv, node --env-file and sh (see 'middy-ssm-env export --help'); set them by hand.",
    );
    expect(sourced.stdout).toBe(`$(touch ${marker})|\`touch ${marker}\`|it's`);
    expect(existsSync(marker)).toBe(false);
    expect(parseEnv(await readFile(out, 'utf8'))).toEqual({
      COMMAND: values['/q/command'],
      BACKTICKS: values['/q/backticks'],
      QUOTE: values['/q/quote'],
    });
    for (const value of Object.values(values)) expect(io.text()).not.toContain(value);
  });

  it('refuses a tree taken without --with-decryption, naming the parameters but no value', async () => {
    const ciphertext =
      'AQICAHh1cV16RSGzfLARDIKV0croMvax6aMUDP1thWREL5ToawG6q+Xj8KAAAAZjBkBgkqhkiG9w0BBwagVzBVAgEAMFAGCSqGSIb3DQEHATAeBglghkgBZQMEAS4wEQQMoiJHw/NeYmZj35gYAgEQgCNgQlRcIz7EgkLxyHV4weHFwONVhdTI9m3OilaP2ikVHLbqQg==';
    const tree = join(fixture.directory.path, 'encrypted.json');
    await writeFile(
      tree,
      JSON.stringify({
        Parameters: [
          { Name: '/enc/db/host', Type: 'String', Value: 'db.internal', Version: 1 },
          { Name: '/enc/db/password', Type: 'SecureString', Value: ciphertext, Version: 3 },
          {
            Name: '/enc/api-key',
            Type: 'SecureString',
            Value: `${ciphertext.slice(0, 100)}Zg==`,
            Version: 1,
          },
        ],
      }),
    );
    const out = join(fixture.directory.path, 'encrypted.env');
    const io = recordingIo();

    const code = await exportCommand(['/enc/', '--from', tree, '--out', out], io);

    expect(code).toBe(2);
    expect(io.err[0]).toBe(
      `middy-ssm-env export: ${tree} holds KMS ciphertext, not values, for /enc/api-key, /enc/db/password: export it again with --with-decryption (aws ssm get-parameters-by-path --recursive --with-decryption); nothing written`,
    );
    expect(io.text()).not.toContain('AQICAH');
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('exits 1 naming the path when nothing is under it, and writes no file', async () => {
    const out = join(fixture.directory.path, 'empty.env');
    const io = recordingIo();

    const code = await exportCommand(
      ['/myapp/prd/', '--endpoint', fixture.server.endpoint, '--out', out],
      io,
    );

    expect(code).toBe(1);
    expect(io.err.at(-1)).toBe(
      'middy-ssm-env export: no parameters under /myapp/prd/ (names are case-sensitive: check the path, the Region and the account)',
    );
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('never prints a value', async () => {
    const out = join(fixture.directory.path, 'quiet.env');
    const io = recordingIo();

    await exportCommand(['/myapp/prod/', '--endpoint', fixture.server.endpoint, '--out', out], io);

    for (const secret of secretValuesOf(seed)) expect(io.text()).not.toContain(secret);
    expect(io.text()).not.toContain(expectedEnv.SENTRY_DSN);
  });

  it('exits 2 on a bad prefix', async () => {
    const io = recordingIo();

    expect(await exportCommand(['/a/', '--prefix', 'APP-'], io)).toBe(2);
    expect(io.err[0]).toBe("middy-ssm-env export: --prefix must be letters, digits and _, got 'APP-'");
  });
});
