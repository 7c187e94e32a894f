import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
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
