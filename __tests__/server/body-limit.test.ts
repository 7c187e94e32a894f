import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, PutParameterCommand, SSMServiceException } from '@aws-sdk/client-ssm';
import { DEFAULT_MAX_BODY_BYTES, type LocalSsm, startLocalSsm } from '../../src/server/index.js';
import { clientFor, expectSdkError, secretsClientFor } from './helpers.js';

/** The first of these socket events; unlike `events.once`, an 'error' (EPIPE once the server hangs up) is no rejection. */
function firstOf(socket: Socket, events: readonly string[]): Promise<void> {
  return new Promise((resolve) => {
    for (const event of events) socket.once(event, () => resolve());
  });
}

/** A raw HTTP/1.1 exchange: what the server sent back, and whether it closed the connection. */
interface RawExchange {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Bytes of request body written before the response arrived. */
  bodyBytesSent: number;
}

/** Open a socket to the server and write `head`; then call `feed` until the response is complete. */
async function exchange(
  server: LocalSsm,
  head: string,
  feed: (socket: Socket) => Promise<number>,
): Promise<RawExchange> {
  const socket = connect(server.port, '127.0.0.1');
  await once(socket, 'connect');
  socket.on('error', () => undefined); // EPIPE / ECONNRESET once the server hangs up on the rest of the body
  let received = '';
  let bodyBytesSent = 0;
  let answered = false;
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
    answered = true;
  });
  const closed = firstOf(socket, ['close']);
  socket.write(head);
  bodyBytesSent = await feed(socket);
  await closed;
  expect(answered).toBe(true);
  const [headText = '', body = ''] = received.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = headText.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => [
      line.slice(0, line.indexOf(':')).toLowerCase(),
      line.slice(line.indexOf(':') + 1).trim(),
    ]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body, bodyBytesSent };
}

/** Write `chunk` repeatedly (as is, or chunk-encoded) until the server answers or `limit` bytes went out. */
function writeUntilAnswered(chunk: Buffer, limit: number, chunked: boolean) {
  return async (socket: Socket): Promise<number> => {
    let sent = 0;
    let answered = false;
    socket.once('data', () => {
      answered = true;
    });
    while (!answered && !socket.destroyed && sent < limit) {
      const framed = chunked
        ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')])
        : chunk;
      const flushed = socket.write(framed);
      sent += chunk.length;
      if (!flushed) await firstOf(socket, ['drain', 'close', 'data']);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return sent;
  };
}

const headFor = (server: LocalSsm, target: string, framing: string) =>
  `POST / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: ${target}\r\n${framing}\r\n`;

describe('request body cap', () => {
  let server: LocalSsm;

  beforeAll(async () => {
    server = await startLocalSsm({
      seed: { parameters: { '/cap/a': 'a' }, secrets: [{ name: 'cap/s', value: 'v' }] },
    });
  });

  afterAll(() => server.close());

  beforeEach(() => server.resetStats());

  it('defaults to 1 MiB', () => {
    expect(DEFAULT_MAX_BODY_BYTES).toBe(1024 * 1024);
  });

  it('answers a declared 512 MiB body with 413 RequestEntityTooLargeException before reading it, and closes', async () => {
    const head = headFor(server, 'AmazonSSM.PutParameter', `Content-Length: ${512 * 1024 * 1024}\r\n`);

    const result = await exchange(
      server,
      head,
      writeUntilAnswered(Buffer.alloc(64 * 1024, 'a'), 8 * 1024 * 1024, false),
    );

    expect(result.status).toBe(413);
    expect(result.headers['x-amzn-errortype']).toBe('RequestEntityTooLargeException');
    expect(result.headers.connection).toBe('close');
    expect(JSON.parse(result.body)).toEqual({
      __type: 'RequestEntityTooLargeException',
      message: `The request entity is too large: this server accepts request bodies of at most ${DEFAULT_MAX_BODY_BYTES} bytes.`,
    });
    // The answer came while the client was still sending: the server did not wait for (or buffer) the body.
    expect(result.bodyBytesSent).toBeLessThan(8 * 1024 * 1024);
  });

  it('stops reading a chunked body (no Content-Length) once it passes the cap', async () => {
    const head = headFor(server, 'secretsmanager.PutSecretValue', 'Transfer-Encoding: chunked\r\n');

    const result = await exchange(
      server,
      head,
      writeUntilAnswered(Buffer.alloc(64 * 1024, 'b'), 32 * 1024 * 1024, true),
    );

    expect(result.status).toBe(413);
    expect(result.headers.connection).toBe('close');
    expect(result.bodyBytesSent).toBeLessThan(32 * 1024 * 1024);
    expect(server.stats().calls).toEqual([
      expect.objectContaining({
        service: 'secretsmanager',
        operation: 'PutSecretValue',
        outcome: 'failed',
        errorType: 'RequestEntityTooLargeException',
      }),
    ]);
  });

  it('refuses an oversized body before it is sent when the client asks with Expect: 100-continue', async () => {
    const head = headFor(
      server,
      'AmazonSSM.PutParameter',
      `Content-Length: ${2 * 1024 * 1024}\r\nExpect: 100-continue\r\n`,
    );

    const result = await exchange(server, head, async () => 0);

    expect(result.status).toBe(413);
    expect(result.bodyBytesSent).toBe(0);
  });

  it('stays responsive: the SDK is served right after, and the throttle was not charged', async () => {
    const head = headFor(server, 'AmazonSSM.GetParameter', `Content-Length: ${64 * 1024 * 1024}\r\n`);
    await exchange(server, head, writeUntilAnswered(Buffer.alloc(64 * 1024, 'c'), 4 * 1024 * 1024, false));
    server.setThroughput({ buckets: [{ operations: ['GetParameter'], rate: 1, burst: 1 }] });

    const { Parameter } = await clientFor(server).send(new GetParameterCommand({ Name: '/cap/a' }));
    server.setThroughput('standard');

    expect(Parameter?.Value).toBe('a');
  });

  it('accepts the largest valid request: a 65,536-character SecretString that JSON escaping grows sixfold', async () => {
    const value = '\u0001'.repeat(65_536);

    const response = await secretsClientFor(server).send(
      new PutSecretValueCommand({ SecretId: 'cap/s', SecretString: value }),
    );

    expect(response.VersionStages).toEqual(['AWSCURRENT']);
  });

  it('reaches the SDK as a 413 RequestEntityTooLargeException under a smaller cap', async () => {
    const small = await startLocalSsm({ maxBodyBytes: 1024 });

    const error = await expectSdkError(
      clientFor(small).send(
        new PutParameterCommand({ Name: '/big', Value: 'x'.repeat(4000), Type: 'String' }),
      ),
      SSMServiceException,
      413,
    );
    await small.close();

    expect(error.name).toBe('RequestEntityTooLargeException');
  });

  it('refuses a cap that is not a positive integer', async () => {
    await expect(startLocalSsm({ maxBodyBytes: 0 })).rejects.toThrow(/maxBodyBytes/);
  });
});
