/**
 * The process's store (what `ssmEnv()` uses) is the one linked to Middy's cache.
 * `clearCache()` from `@middy/util` — what Middy's documentation has tests call in `afterEach` — clears this package's
 * cache too, so a suite written for `@middy/ssm` keeps its isolation after the switch.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { getCache, clearCache as middyClearCache } from '@middy/util';
import { processCache } from '../../src/cache/cacheRecord.js';
import { MIDDY_KEY_PREFIX } from '../../src/cache/middyCacheLink.js';
import type { LocalSsm } from '../../src/testing.js';
import { callCount, resetCaches, startServer, wire } from '../helpers/harness.js';

let server: LocalSsm;

beforeAll(async () => {
  server = await startServer({ parameters: [{ name: '/app/host', value: 'db.internal' }] });
});
afterAll(() => server.close());
beforeEach(() => {
  resetCaches();
  server.resetStats();
});

describe("@middy/util's clearCache", () => {
  it('makes the next invocation fetch again, as on a cold start', async () => {
    const wired = wire(
      server,
      { fetchData: { host: '/app/host' }, cacheKey: 'linked' },
      { cache: processCache },
    );
    await wired.invoke();
    await wired.invoke();
    expect(callCount(server, 'GetParameters')).toBe(1);

    middyClearCache();
    const seen = await wired.invoke();

    expect(seen.internal.host).toBe('db.internal');
    expect(callCount(server, 'GetParameters')).toBe(2);
  });

  it('clears one key when given the key Middy holds it under', async () => {
    const one = wire(server, { fetchData: { host: '/app/host' }, cacheKey: 'one' }, { cache: processCache });
    const two = wire(server, { fetchData: { host: '/app/host' }, cacheKey: 'two' }, { cache: processCache });
    await Promise.all([one.invoke(), two.invoke()]);

    middyClearCache(`${MIDDY_KEY_PREFIX}one`);
    await Promise.all([one.invoke(), two.invoke()]);

    expect(callCount(server, 'GetParameters')).toBe(3);
  });

  it('works again after each clear (the marker is put back by the next fetch)', async () => {
    const wired = wire(
      server,
      { fetchData: { host: '/app/host' }, cacheKey: 'again' },
      { cache: processCache },
    );
    for (let round = 0; round < 3; round++) {
      await wired.invoke();
      await wired.invoke();
      middyClearCache();
    }

    expect(callCount(server, 'GetParameters')).toBe(3);
  });

  it('keeps its marker out of the way of Middy middlewares: namespaced, cached forever, value-free', async () => {
    const wired = wire(
      server,
      { fetchData: { host: '/app/host' }, cacheKey: 'marker' },
      { cache: processCache },
    );
    await wired.invoke();

    const entry = getCache(`${MIDDY_KEY_PREFIX}marker`) as { value?: unknown; expiry?: number };

    expect(entry.expiry).toBe(Number.POSITIVE_INFINITY);
    expect(entry.value).toEqual({ package: 'middy-ssm-env' });
    expect(getCache('marker')).toEqual({});
  });
});
