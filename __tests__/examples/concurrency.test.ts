/**
 * Lambda Managed Instances run many invocations at once in one execution environment: on Node.js, several worker
 * threads, each with async concurrency (README "Concurrency and Lambda Managed Instances"). What must hold:
 * - in one thread, concurrent cold invocations share one fetch (single-flight) and all see the values;
 * - across worker threads, each thread fetches once — module state, the cache included, is per thread — and each
 *   thread's `process.env` is its own copy, so values written in one never appear in another.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import middy from '@middy/core';
import { CacheStore } from '../../src/cache/cacheRecord.js';
import { systemClock } from '../../src/core/clock.js';
import { createSsmEnv } from '../../src/middleware/ssmEnv.js';
import type { LocalSsm } from '../../src/testing.js';
import {
  callCount,
  deferred,
  lambdaContext,
  RecordingLogger,
  startServer,
  wire,
} from '../helpers/harness.js';
import { registerSecret } from '../helpers/leakRegistry.js';
import { bundleDirectory, bundleExample, LAMBDA_LIKE_ENV, type TemporaryDirectory } from './helpers.js';

const PASSWORD = registerSecret('concurrency-password');
/** Node.js's default per-vCPU concurrency on Managed Instances (PerExecutionEnvironmentMaxConcurrency). */
const CONCURRENCY = 64;
const WORKERS = 4;

let server: LocalSsm;

beforeAll(async () => {
  server = await startServer(
    {
      parameters: [
        { name: '/myapp/prod/secrets/database-password', value: PASSWORD, type: 'SecureString' },
        { name: '/myapp/prod/config/db-host', value: 'db.internal' },
        { name: '/myapp/prod/config/db-port', value: '5432' },
      ],
    },
    // Slow enough that every invocation arrives while the first fetch is still in flight.
    { latencyMs: 50 },
  );
});

afterAll(() => server.close());

beforeEach(() => {
  server.resetStats();
});

const fetchData = {
  DATABASE_PASSWORD: '/myapp/prod/secrets/database-password',
  config: '/myapp/prod/config/',
};

describe('concurrent invocations in one thread', () => {
  it(`shares one fetch among ${CONCURRENCY} cold invocations, and every one sees the values`, async () => {
    const wired = wire(server, { fetchData, setToEnv: true });

    const seen = await Promise.all(Array.from({ length: CONCURRENCY }, () => wired.invoke()));

    expect(callCount(server, 'GetParameters')).toBe(1);
    expect(callCount(server, 'GetParametersByPath')).toBe(1);
    for (const invocation of seen) {
      expect(invocation.env).toMatchObject({
        DATABASE_PASSWORD: PASSWORD,
        DB_HOST: 'db.internal',
        DB_PORT: '5432',
      });
    }
  });

  it('shares the init-phase prefetch with invocations that arrive while it runs', async () => {
    const wired = wire(server, { fetchData, setToEnv: true, disablePrefetch: false });

    const seen = await Promise.all(Array.from({ length: CONCURRENCY }, () => wired.invoke()));

    expect(callCount(server, 'GetParameters')).toBe(1);
    expect(seen.every((invocation) => invocation.env.DATABASE_PASSWORD === PASSWORD)).toBe(true);
  });
});

describe(`${WORKERS} worker threads, as the Node.js runtime of Managed Instances runs them`, () => {
  let directory: TemporaryDirectory;
  let worker: string;
  let bundle: string;

  /** Each thread imports the bundled handler (its own init), then runs concurrent invocations. */
  const WORKER = `
import { parentPort, threadId, workerData } from 'node:worker_threads';
const { handler } = await import(workerData.bundle);
const context = { getRemainingTimeInMillis: () => 10_000 };
const responses = await Promise.all(
  Array.from({ length: workerData.concurrency }, () => handler({}, context)),
);
parentPort.postMessage({ threadId, bodies: [...new Set(responses.map((response) => response.body))], password: process.env.DATABASE_PASSWORD === workerData.expected });
`;

  beforeAll(async () => {
    directory = await bundleDirectory();
    ({ outfile: bundle } = await bundleExample('examples/quickstart.ts', join(directory.path, 'index.mjs')));
    worker = join(directory.path, 'worker.mjs');
    await writeFile(worker, WORKER);
  });

  afterAll(() => directory.remove());

  const runWorker = (): Promise<{ threadId: number; bodies: string[]; password: boolean }> =>
    new Promise((resolve, reject) => {
      const thread = new Worker(worker, {
        workerData: { bundle: pathToFileURL(bundle).href, concurrency: CONCURRENCY, expected: PASSWORD },
        // A copy of this process's environment, as every worker gets by default, plus the local endpoint.
        env: { ...process.env, ...LAMBDA_LIKE_ENV, AWS_ENDPOINT_URL_SSM: server.endpoint },
      });
      thread.once('message', resolve);
      thread.once('error', reject);
    });

  it('fetches once per thread, and every invocation of every thread sees the values', async () => {
    const results = await Promise.all(Array.from({ length: WORKERS }, runWorker));

    expect(new Set(results.map((result) => result.threadId)).size).toBe(WORKERS);
    for (const result of results) {
      expect(result.bodies).toEqual(['connecting to db.internal (password set: true)']);
      expect(result.password).toBe(true);
    }
    expect(callCount(server, 'GetParameters')).toBe(WORKERS);
    expect(callCount(server, 'GetParametersByPath')).toBe(WORKERS);
  });

  it('keeps each thread’s process.env its own: nothing written in a worker reaches the main thread', async () => {
    const inWorker = await runWorker();

    expect(inWorker.password).toBe(true);
    expect(process.env.DATABASE_PASSWORD).toBeUndefined();
    expect(process.env.DB_HOST).toBeUndefined();
  });
});

describe('overlapping invocations in one thread (Managed Instances)', () => {
  const NAME = '/myapp/prod/config/feature-flag';
  const EXPIRY_MS = 100;
  const context = lambdaContext(10_000);

  const middlewareFor = (env: NodeJS.ProcessEnv) =>
    createSsmEnv(
      {
        fetchData: { FLAG: NAME },
        setToEnv: true,
        cacheExpiry: EXPIRY_MS,
        expiryJitter: 0,
        disablePrefetch: true,
        logger: new RecordingLogger(),
        awsClientOptions: server.clientConfig(),
      },
      { clock: systemClock, env, cache: new CacheStore() },
    );

  beforeEach(() => {
    server.putParameter({ name: NAME, value: 'v1' });
    server.faults.clear();
  });

  it('never changes process.env half-way through another invocation’s handler', async () => {
    const env: NodeJS.ProcessEnv = {};
    const middleware = middlewareFor(env);
    const release = deferred();
    const slow = middy(async () => {
      const before = env.FLAG;
      await release.promise;
      return { before, after: env.FLAG };
    }).use(middleware);
    const quick = middy(async () => env.FLAG).use(middleware);
    await quick({}, context);
    const running = slow({}, context);
    server.putParameter({ name: NAME, value: 'v2' });
    await sleep(EXPIRY_MS + 20);

    // Due: this invocation refreshes to v2 and gets it in request.internal, but process.env waits.
    await quick({}, context);
    expect(env.FLAG).toBe('v1');
    release.resolve();

    expect(await running).toEqual({ before: 'v1', after: 'v1' });
    // The last handler out wrote the waiting variables.
    expect(env.FLAG).toBe('v2');
  });

  it('serves invocations that have good values while another refreshes, instead of holding them', async () => {
    const env: NodeJS.ProcessEnv = {};
    const handler = middy(async () => env.FLAG).use(middlewareFor(env));
    await handler({}, context);
    await sleep(EXPIRY_MS + 20);
    server.faults.latency(10_000);
    const refreshing = handler({}, context).catch(() => undefined);
    await sleep(20);
    const started = Date.now();

    const served = await handler({}, context);

    expect(served).toBe('v1');
    expect(Date.now() - started).toBeLessThan(500);
    server.faults.clear();
    await refreshing;
  });
});
