/**
 * `InvalidSignatureException: Signature expired` — a sandbox thawed with a stale clock (middy #1123) — is retried once,
 * at once, through the real SDK: a proxy in front of the local server answers the first calls as AWS does then.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { type Clock, systemClock } from '../../src/core/clock.js';
import { ParameterResolutionError } from '../../src/errors.js';
import type { LocalSsm } from '../../src/testing.js';
import { resetCaches, startServer, wire } from '../helpers/harness.js';

const EXPIRED =
  'Signature expired: 20231103T171116Z is now earlier than 20231103T171224Z (20231103T171724Z - 5 min.)';
const MISMATCH = 'The request signature we calculated does not match the signature you provided.';

let server: LocalSsm;
let proxy: Server;
let proxyEndpoint: string;
/** Messages to answer the next calls with, one per call, before passing calls through. */
let rejections: string[] = [];
let requests = 0;

const bodyOf = async (request: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

beforeAll(async () => {
  server = await startServer({ parameters: [{ name: '/app/host', value: 'db.internal' }] });
  proxy = createServer(async (request, response) => {
    requests += 1;
    const body = await bodyOf(request);
    const message = rejections.shift();
    if (message !== undefined) {
      response.writeHead(400, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': `skew-${requests}`,
      });
      response.end(JSON.stringify({ __type: 'InvalidSignatureException', message }));
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host',
      ),
    );
    const answer = await fetch(`${server.endpoint}${request.url ?? '/'}`, { method: 'POST', headers, body });
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' });
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyEndpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve));
  await server.close();
});

afterEach(() => {
  resetCaches();
  rejections = [];
  requests = 0;
});

/** The real clock, recording every retry wait. */
const recordingClock = (waits: number[]): Clock => ({
  ...systemClock,
  sleep: (ms, signal) => {
    waits.push(ms);
    return systemClock.sleep(ms, signal);
  },
});

const wiredThroughProxy = (waits: number[]) =>
  wire(
    server,
    {
      fetchData: { host: '/app/host' },
      // A long ordinary backoff: a retry that waited for it would time the test out.
      retry: { baseDelay: 60_000, throttleBaseDelay: 60_000, maxDelay: 60_000 },
      awsClientOptions: { endpoint: proxyEndpoint },
    },
    { clock: recordingClock(waits) },
  );

describe('Signature expired', () => {
  it('is retried once, without waiting, and the invocation succeeds', async () => {
    rejections = [EXPIRED];
    const waits: number[] = [];
    const wired = wiredThroughProxy(waits);

    const seen = await wired.invoke();

    expect(seen.internal.host).toBe('db.internal');
    expect(requests).toBe(2);
    expect(waits).toEqual([0]);
    expect(wired.metrics.at(-1)).toMatchObject({ calls: 2, retries: 1, ok: true });
  });

  it('is retried only once: a second expiry fails, naming the cause and request id', async () => {
    rejections = [EXPIRED, EXPIRED, EXPIRED];
    const wired = wiredThroughProxy([]);

    const error = await wired.invoke().then(
      () => undefined,
      (caught: unknown) => caught,
    );

    expect(requests).toBe(2);
    expect(error).toBeInstanceOf(ParameterResolutionError);
    expect((error as Error).message).toContain(
      `host: /app/host — InvalidSignatureException: ${EXPIRED} (HTTP 400, request id skew-2)`,
    );
  });

  it('leaves any other signature error alone: not retried', async () => {
    rejections = [MISMATCH];
    const wired = wiredThroughProxy([]);

    await expect(wired.invoke()).rejects.toThrow(`InvalidSignatureException: ${MISMATCH}`);
    expect(requests).toBe(1);
  });
});
