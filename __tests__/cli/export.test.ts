import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { exportCommand } from '../../src/cli/commands/export.js';
import { defaultEnvName } from '../../src/inject/envNames.js';
import { type LocalSsm, startLocalSsm } from '../../src/testing.js';
import { fieldCaseSeed, secretValuesOf } from '../fixtures/fieldCase.js';
import { callsOf, recordingIo, TIGHT_QUOTA, temporaryDirectory, UNTHROTTLED } from './helpers.js';

const seed = fieldCaseSeed();
const expectedEnv = Object.fromEntries(
  seed.parameters.map((parameter) => [defaultEnvName(parameter.name, '/myapp/prod/'), parameter.value]),
);

const modeOf = async (file: string): Promise<number> => (await stat(file)).mode & 0o777;

describe('middy-ssm-env export', () => {
  let server: LocalSsm;
  let directory: Awaited<ReturnType<typeof temporaryDirectory>>;

  beforeAll(async () => {
    server = await startLocalSsm({ seed, throughput: UNTHROTTLED });
    directory = await temporaryDirectory();
  });

  afterAll(async () => {
    await server.close();
    await directory.remove();
  });

  beforeEach(() => {
    server.setThroughput(UNTHROTTLED);
    server.resetStats();
  });

  it('writes every parameter to a 0600 .env that reads back exactly, and prints names only', async () => {
    const out = join(directory.path, 'field.env');
    const io = recordingIo();

    const code = await exportCommand(['/myapp/prod/', '--endpoint', server.endpoint, '--out', out], io);

    const text = await readFile(out, 'utf8');
    expect(code).toBe(0);
    expect(await modeOf(out)).toBe(0o600);
    expect(parseEnv(text)).toEqual(expectedEnv);
    expect(text.split('\n').slice(0, 3)).toEqual([
      '# Exported by middy-ssm-env from /myapp/prod/: 130 variable(s).',
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
    expect(callsOf(server, 'GetParametersByPath').total).toBe(13);
  });

  it('refuses to overwrite an existing file without --force, before calling SSM', async () => {
    const out = join(directory.path, 'existing.env');
    await writeFile(out, 'KEEP=1\n');
    const io = recordingIo();

    const code = await exportCommand(['/myapp/prod/', '--endpoint', server.endpoint, '--out', out], io);

    expect(code).toBe(1);
    expect(io.err).toEqual([
      `middy-ssm-env export: ${out} exists; pass --force to replace it (the new file will have mode 0600)`,
    ]);
    expect(await readFile(out, 'utf8')).toBe('KEEP=1\n');
    expect(server.stats().total.total).toBe(0);
  });

  it('replaces the file with --force, as a new 0600 file even when the old one was world-readable', async () => {
    const out = join(directory.path, 'replaced.env');
    await writeFile(out, 'OLD=1\n');
    await chmod(out, 0o644);
    const io = recordingIo();

    const code = await exportCommand(
      ['/myapp/prod/', '--endpoint', server.endpoint, '--out', out, '--force', '--json'],
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
    server.setThroughput(TIGHT_QUOTA);
    const out = join(directory.path, 'throttled.env');
    const io = recordingIo();

    const code = await exportCommand(['/myapp/prod/', '--endpoint', server.endpoint, '--out', out], io);

    const byPath = callsOf(server, 'GetParametersByPath');
    expect(code).toBe(0);
    expect(byPath.ok).toBe(13);
    expect(byPath.throttled).toBeGreaterThan(0);
    expect(parseEnv(await readFile(out, 'utf8'))).toEqual(expectedEnv);
    expect(io.err).toEqual([
      `Read 130 parameter(s) under /myapp/prod/ in 13 page(s), ${byPath.total} call(s) (${byPath.throttled} throttled and retried).`,
    ]);
  });

  it('prefixes names with --prefix, as the envPrefix option does', async () => {
    const out = join(directory.path, 'prefixed.env');

    await exportCommand(
      ['/myapp/prod/', '--endpoint', server.endpoint, '--out', out, '--prefix', 'APP_'],
      recordingIo(),
    );

    expect(parseEnv(await readFile(out, 'utf8')).APP_DB_HOST).toBe(expectedEnv.DB_HOST);
  });

  it('writes nothing when a name would be refused by the middleware, and names the parameters', async () => {
    const tree = join(directory.path, 'tree.json');
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
    const out = join(directory.path, 'refused.env');
    const io = recordingIo();

    const code = await exportCommand(['/x/', '--from', tree, '--out', out], io);

    expect(code).toBe(1);
    expect(io.err).toEqual([
      'middy-ssm-env export: names the middleware would refuse, nothing written: /x/aws-region → AWS_REGION (reserved), /x/db-host → DB_HOST (collision), /x/db/host → DB_HOST (collision)',
    ]);
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('writes nothing when a value cannot be quoted for .env, naming the variable but not the value', async () => {
    const tree = join(directory.path, 'quotes.json');
    await writeFile(
      tree,
      JSON.stringify({ parameters: [{ name: '/q/bad', type: 'SecureString', value: 'a\'b"c`d' }] }),
    );
    const out = join(directory.path, 'quotes.env');
    const io = recordingIo();

    const code = await exportCommand(['/q/', '--from', tree, '--out', out], io);

    expect(code).toBe(1);
    expect(io.err[0]).toBe(
      'middy-ssm-env export: values of BAD hold \', " and ` together or a carriage return, which .env cannot quote; nothing written',
    );
    expect(io.text()).not.toContain('a\'b"c`d');
  });

  it('never prints a value', async () => {
    const out = join(directory.path, 'quiet.env');
    const io = recordingIo();

    await exportCommand(['/myapp/prod/', '--endpoint', server.endpoint, '--out', out], io);

    for (const secret of secretValuesOf(seed)) expect(io.text()).not.toContain(secret);
    expect(io.text()).not.toContain(expectedEnv.SENTRY_DSN);
  });

  it('exits 2 on a bad prefix', async () => {
    const io = recordingIo();

    expect(await exportCommand(['/a/', '--prefix', 'APP-'], io)).toBe(2);
    expect(io.err[0]).toBe("middy-ssm-env export: --prefix must be letters, digits and _, got 'APP-'");
  });
});
