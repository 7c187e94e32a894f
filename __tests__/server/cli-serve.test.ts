import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { serveCommand } from '../../src/cli/commands/serve.js';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { startLocalSsm } from '../../src/server/index.js';
import { expectSdkError, waitFor } from './helpers.js';

/** A CliIo that records lines, with an abort controller standing in for SIGTERM. */
function recordingIo(): CliIo & { out: string[]; err: string[]; controller: AbortController } {
  const out: string[] = [];
  const err: string[] = [];
  const controller = new AbortController();
  return {
    out,
    err,
    controller,
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    signal: controller.signal,
  };
}

function clientAt(endpoint: string): SSMClient {
  return new SSMClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDCLI', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
}

const endpointIn = (line: string | undefined) => /listening on (http:\/\/\S+)/.exec(line ?? '')?.[1] ?? '';

describe('middy-ssm-env serve', () => {
  it('runs as a process, answers the SDK, and exits 0 on SIGTERM', async () => {
    const child = spawn('node_modules/.bin/tsx', ['src/cli/main.ts', 'serve', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = createInterface({ input: child.stdout });
    const [first] = (await once(lines, 'line')) as [string];
    const endpoint = endpointIn(first);
    const client = clientAt(endpoint);

    await client.send(new PutParameterCommand({ Name: '/cli/a', Value: 'v', Type: 'String' }));
    const { Parameter } = await client.send(new GetParameterCommand({ Name: '/cli/a' }));
    client.destroy();
    child.kill('SIGTERM');
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];

    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Parameter?.Value).toBe('v');
    expect([code, signal]).toEqual([0, null]);
  });

  it('serves in-process until the signal aborts, printing the endpoint and an env hint', async () => {
    const io = recordingIo();

    const running = serveCommand(['--rate', '5', '--burst', '2', '--region', 'eu-west-1'], io);
    await waitFor(() => io.out.length >= 2);
    const client = clientAt(endpointIn(io.out[0]));
    await expectSdkError(client.send(new GetParameterCommand({ Name: '/none' })), ParameterNotFound, 400);
    client.destroy();
    io.controller.abort();

    expect(await running).toBe(0);
    expect(io.out[1]).toContain(`AWS_ENDPOINT_URL_SSM=${endpointIn(io.out[0])}`);
    expect(io.out[1]).toContain('AWS_REGION=eu-west-1');
    expect(io.out.at(-1)).toBe('Local SSM stopped.');
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--port', 'eighty'], /--port must be an integer/],
    [['--port', '70000'], /--port must be an integer/],
    [['--throughput', 'max'], /--throughput must be 'standard' or 'high'/],
    [['--rate', '0'], /--rate must be a positive number/],
    [['--burst', '5'], /--burst needs --rate/],
    [['--rate', '5', '--throughput', 'high'], /either --throughput or --rate/],
    [['extra'], /Unexpected argument 'extra'/],
  ])('rejects %p with a message on stderr and exit code 2', async (args, message) => {
    const io = recordingIo();

    const code = await serveCommand(args, io);

    expect(code).toBe(2);
    expect(io.err[0]).toMatch(message);
    expect(io.out).toEqual([]);
  });

  describe('--seed', () => {
    const SECRET = 'S3CR3T-from-the-seed';
    let directory: string;

    beforeAll(async () => {
      directory = await mkdtemp(join(tmpdir(), 'serve-seed-'));
    });

    afterAll(() => rm(directory, { recursive: true, force: true }));

    async function seedFile(name: string, content: string): Promise<string> {
      const path = join(directory, name);
      await writeFile(path, content);
      return path;
    }

    it("serves the seed's secrets to a Secrets Manager client and to SSM references, on the printed endpoint", async () => {
      const path = await seedFile(
        'ok.json',
        JSON.stringify({ secrets: [{ name: 'cli/db', value: SECRET }] }),
      );
      const io = recordingIo();

      const running = serveCommand(['--seed', path], io);
      await waitFor(() => io.out.length >= 2);
      const endpoint = endpointIn(io.out[0]);
      const config = {
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDCLI', secretAccessKey: 'x' },
      };
      const secrets = new SecretsManagerClient({ ...config, maxAttempts: 1 });
      const value = await secrets.send(new GetSecretValueCommand({ SecretId: 'cli/db' }));
      const reference = await clientAt(endpoint).send(
        new GetParameterCommand({ Name: '/aws/reference/secretsmanager/cli/db', WithDecryption: true }),
      );
      secrets.destroy();
      io.controller.abort();

      expect(await running).toBe(0);
      expect([value.SecretString, reference.Parameter?.Value]).toEqual([SECRET, SECRET]);
      expect(io.out[1]).toContain(`AWS_ENDPOINT_URL_SECRETS_MANAGER=${endpoint}`);
    });

    it('exits 1 on invalid JSON, naming the file, line and column, never the text', async () => {
      const path = await seedFile('broken.json', `{"parameters": [{"name": "/db/pw", "value": ${SECRET}}]}`);
      const io = recordingIo();

      const code = await serveCommand(['--seed', path], io);

      expect(code).toBe(1);
      expect(io.err.join('\n')).toContain(`${path}: invalid JSON at line 1, column 45`);
      expect(io.err.join('\n')).not.toContain('S3CR3T');
    });

    it('exits 1 on an invalid parameter name, naming the parameter and not its value', async () => {
      const path = await seedFile(
        'bad-name.json',
        JSON.stringify({ parameters: [{ name: 'ssm/reserved', value: SECRET }] }),
      );
      const io = recordingIo();

      const code = await serveCommand(['--seed', path], io);

      expect(code).toBe(1);
      expect(io.err.join('\n')).toContain("parameter 'ssm/reserved'");
      expect(io.err.join('\n')).not.toContain('S3CR3T');
    });
  });

  it('exits 1 when the server cannot start', async () => {
    const taken = await startLocalSsm();
    const io = recordingIo();

    const code = await serveCommand(['--port', String(taken.port)], io);
    await taken.close();

    expect(code).toBe(1);
    expect(io.err[0]).toMatch(/cannot start: .*EADDRINUSE/);
  });

  it('prints its options with --help', async () => {
    const io = recordingIo();

    expect(await serveCommand(['--help'], io)).toBe(0);
    expect(io.out.join('\n')).toContain('--throughput <standard|high>');
  });
});

describe('middy-ssm-env dispatch', () => {
  it('lists the commands with --help', async () => {
    const io = recordingIo();

    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out).toContainEqual(expect.stringMatching(/^ {2}serve {2}/));
  });

  it('rejects an unknown command and a missing command with exit code 2', async () => {
    const unknown = recordingIo();
    const missing = recordingIo();

    expect(await runCli(['deploy'], unknown)).toBe(2);
    expect(await runCli([], missing)).toBe(2);
    expect(unknown.err[0]).toContain("unknown command 'deploy'");
    expect(missing.err[0]).toMatch(/^Usage: middy-ssm-env <command>/);
  });
});
