/**
 * When the SSM client is created, and with which endpoint: at the first fetch (not at module load), and anew when the
 * SDK's endpoint environment changed since — so a test's `AWS_ENDPOINT_URL_SSM` is always the one in force.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import middy from '@middy/core';
import { systemClock } from '../../src/core/clock.js';
import { createSsmEnv } from '../../src/middleware/ssmEnv.js';
import type { LocalSsm } from '../../src/testing.js';
import type { SsmEnvOptions } from '../../src/types.js';
import { callCount, RecordingLogger, resetCaches, startServer } from '../helpers/harness.js';

const seed = { parameters: [{ name: '/app/host', value: 'db.internal' }] };
let first: LocalSsm;
let second: LocalSsm;
const lambdaContext = { getRemainingTimeInMillis: () => 10_000 } as never;

beforeAll(async () => {
  [first, second] = await Promise.all([startServer(seed), startServer(seed)]);
});
afterAll(async () => {
  await Promise.all([first.close(), second.close()]);
});
afterEach(() => {
  delete process.env.AWS_ENDPOINT_URL_SSM;
  resetCaches();
  first.resetStats();
  second.resetStats();
});

/** A handler whose middleware takes its endpoint from the environment, as a user's does. */
const handlerWith = (options: SsmEnvOptions = {}) =>
  middy(async () => 'ok').use(
    createSsmEnv(
      { fetchData: { host: '/app/host' }, cacheExpiry: 0, logger: new RecordingLogger(), ...options },
      { clock: systemClock, env: {} },
    ),
  );

describe('the client', () => {
  it('uses the endpoint set after the middleware was created', async () => {
    const handler = handlerWith();
    process.env.AWS_ENDPOINT_URL_SSM = first.endpoint;

    await handler({}, lambdaContext);

    expect(callCount(first, 'GetParameters')).toBe(1);
  });

  it('follows AWS_ENDPOINT_URL_SSM when it changes between fetches', async () => {
    const handler = handlerWith();
    process.env.AWS_ENDPOINT_URL_SSM = first.endpoint;
    await handler({}, lambdaContext);

    process.env.AWS_ENDPOINT_URL_SSM = second.endpoint;
    await handler({}, lambdaContext);

    expect(callCount(first, 'GetParameters')).toBe(1);
    expect(callCount(second, 'GetParameters')).toBe(1);
  });

  it('keeps an explicit awsClientOptions.endpoint whatever the environment says', async () => {
    const handler = handlerWith({ awsClientOptions: { endpoint: first.endpoint, region: 'us-east-1' } });
    process.env.AWS_ENDPOINT_URL_SSM = second.endpoint;

    await handler({}, lambdaContext);
    await handler({}, lambdaContext);

    expect(callCount(first, 'GetParameters')).toBe(2);
    expect(callCount(second, 'GetParameters')).toBe(0);
  });
});
