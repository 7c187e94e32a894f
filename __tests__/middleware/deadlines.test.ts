/**
 * Every deadline holds: black-box tests through `middy().use()` against the local server. Time that matters runs on
 * a FakeClock (its sleeps advance it at once); replies the test must hold back wait on a deferred.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import middy from '@middy/core';
import { CacheStore } from '../../src/cache/cacheRecord.js';
import { ParameterResolutionError } from '../../src/errors.js';
import { createSsmEnv } from '../../src/middleware/ssmEnv.js';
import type { LocalSsm } from '../../src/testing.js';
import { FakeClock } from '../helpers/fakeClock.js';
import {
  callCount,
  deferred,
  lambdaContext,
  RecordingLogger,
  rejectionOf,
  startServer,
  wire,
} from '../helpers/harness.js';

const fetchData = { DB_HOST: '/app/config/db-host' };
const seed = { parameters: [{ name: '/app/config/db-host', value: 'db.internal' }] };

/** A port on 127.0.0.1 with nothing listening. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

describe('a fetch that cannot finish in time', () => {
  let server: LocalSsm;
  beforeAll(async () => {
    server = await startServer(seed);
  });
  afterAll(() => server.close());

  it('without a Lambda context is still bounded, by initTimeout', async () => {
    server.faults.clear();
    server.faults.add({ kind: 'hang' });
    const clock = new FakeClock();
    const started = clock.now();
    const logger = new RecordingLogger();
    const middleware = createSsmEnv(
      {
        fetchData,
        disablePrefetch: true,
        initTimeout: 5000,
        retry: { attemptTimeout: 20 },
        logger,
        awsClientOptions: server.clientConfig(),
      },
      { clock, env: {}, cache: new CacheStore() },
    );
    const handler = middy(async () => 'ran').use(middleware);

    const error = await rejectionOf(handler({}, {} as never));

    expect(error).toBeInstanceOf(ParameterResolutionError);
    expect((error as Error).message).toContain('the deadline passed');
    expect(clock.now() - started).toBeLessThanOrEqual(5000);
    server.faults.clear();
  });

  it('stops retrying a refused connection after a few quick tries, and names it', async () => {
    const port = await closedPort();
    const clock = new FakeClock();
    const wired = wire(
      server,
      { fetchData, awsClientOptions: { endpoint: `http://127.0.0.1:${port}` } },
      { clock, cache: new CacheStore() },
    );
    const started = clock.now();

    const error = (await rejectionOf(wired.invoke(3000))) as ParameterResolutionError;

    expect(error).toBeInstanceOf(ParameterResolutionError);
    expect(error.message).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    expect(error.failures[0]?.cause).toMatchObject({ code: 'ECONNREFUSED' });
    // 1 attempt and 2 quick retries, well inside the 2 s budget.
    expect(clock.sleeps).toHaveLength(2);
    expect(clock.now() - started).toBeLessThan(1000);
  });

  it('tries an answer that is not AWS’s (an HTML 404) once, and says what came back', async () => {
    let requests = 0;
    const html: Server = createServer((_request, response) => {
      requests += 1;
      response.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Not Found</body></html>');
    });
    await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = html.address() as AddressInfo;
      const wired = wire(
        server,
        { fetchData, awsClientOptions: { endpoint: `http://127.0.0.1:${port}` } },
        { clock: new FakeClock(), cache: new CacheStore() },
      );

      const error = (await rejectionOf(wired.invoke(3000))) as ParameterResolutionError;

      expect(error.failures[0]?.cause).toMatchObject({ httpStatus: 404 });
      expect(requests).toBeLessThanOrEqual(2);
    } finally {
      await new Promise<void>((resolve) => html.close(() => resolve()));
    }
  });

  it('retries an unparseable 200 once, never quoting its body', async () => {
    server.faults.clear();
    server.faults.script(['malformed', 'malformed', 'ok']);
    const wired = wire(server, { fetchData }, { clock: new FakeClock(), cache: new CacheStore() });
    server.resetStats();

    const error = (await rejectionOf(wired.invoke(3000))) as ParameterResolutionError;

    expect(callCount(server, 'GetParameters')).toBe(2);
    expect(error.message).toContain('the response could not be parsed');
    expect(error.message).not.toContain('truncated');
    server.faults.clear();
  });
});

describe('throttling inside the invocation budget', () => {
  it('settles before the deadline with 20 throttled batches, and starts no request after it', async () => {
    const clock = new FakeClock();
    const names = Array.from({ length: 200 }, (_, index) => `/many/p${String(index).padStart(3, '0')}`);
    const server = await startServer(
      { parameters: names.map((name) => ({ name, value: 'v' })) },
      { now: () => clock.now() },
    );
    try {
      server.faults.script(Array.from({ length: 20 }, () => 'throttle' as const));
      const wired = wire(
        server,
        { fetchData: Object.fromEntries(names.map((name, index) => [`K${index}`, name])) },
        { clock, cache: new CacheStore() },
      );
      const invoked = clock.now();
      // 3,000 ms remaining, less the 1,000 ms margin: the fetch's deadline is 2,000 ms away.
      const deadline = invoked + 2000;

      await wired.invoke(3000).catch(() => undefined);

      expect(clock.now()).toBeLessThanOrEqual(deadline);
      const calls = server.stats().calls.filter((call) => call.operation === 'GetParameters');
      expect(calls.length).toBeGreaterThanOrEqual(20);
      expect(calls.every((call) => call.at <= deadline)).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe('a fetch shared by invocations with different deadlines', () => {
  it('lets a short joiner give up at its own deadline while the fetch goes on for the long one', async () => {
    const gate = deferred();
    const server = await startServer(seed, { latencyMs: 1, sleep: () => gate.promise });
    try {
      const clock = new FakeClock();
      const cache = new CacheStore();
      const middleware = createSsmEnv(
        {
          fetchData,
          disablePrefetch: true,
          logger: new RecordingLogger(),
          awsClientOptions: server.clientConfig(),
        },
        { clock, env: {}, cache },
      );
      const handler = middy(async (_event: unknown, context: { seen?: unknown }) => context).use({
        before: async (request) => {
          await middleware.before(request);
          (request.context as { seen?: unknown }).seen = request.internal.DB_HOST;
        },
      });

      const long = handler({}, lambdaContext(10_000));
      await new Promise((resolve) => setImmediate(resolve));
      const short = rejectionOf(handler({}, lambdaContext(1200)));

      const shortError = (await short) as ParameterResolutionError;
      expect(shortError).toBeInstanceOf(ParameterResolutionError);
      expect(shortError.message).toContain("this invocation's deadline passed while it waited");

      gate.resolve();
      expect(((await long) as { seen?: unknown }).seen).toBe('db.internal');
      expect(callCount(server, 'GetParameters')).toBe(1);
    } finally {
      gate.resolve();
      await server.close();
    }
  });

  it('gives up on a hung init-phase prefetch at the first invocation’s own deadline', async () => {
    const gate = deferred();
    const server = await startServer(seed, { latencyMs: 1, sleep: () => gate.promise });
    try {
      const clock = new FakeClock();
      const middleware = createSsmEnv(
        { fetchData, logger: new RecordingLogger(), awsClientOptions: server.clientConfig() },
        {
          clock,
          env: { AWS_LAMBDA_FUNCTION_NAME: 'fn', AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001' },
          cache: new CacheStore(),
        },
      );
      const handler = middy(async () => 'ran').use(middleware);
      // Let the prefetch reach SSM, then invoke 100 ms into the init phase with 2 s left.
      await new Promise((resolve) => setTimeout(resolve, 50));
      clock.advance(100);
      const invoked = clock.now();

      const error = await rejectionOf(handler({}, lambdaContext(2000)));

      expect(error).toBeInstanceOf(ParameterResolutionError);
      expect(clock.now() - invoked).toBeLessThan(2000);
      expect(callCount(server, 'GetParameters')).toBe(1);
    } finally {
      gate.resolve();
      await server.close();
    }
  });
});
