/**
 * Staying up: retries through the real SDK against injected faults, deadlines, cache expiry, stale-if-error with
 * backoff, stale-while-revalidate, single-flight, forced refresh, change notification and metrics. Time is virtual:
 * the middleware's clock and the server's token buckets share a FakeClock whose sleeps advance it at once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import middy from '@middy/core';
import { clearCache, invalidateCache, processCache } from '../../src/cache/cacheRecord.js';
import { ParameterResolutionError } from '../../src/errors.js';
import { MAX_RUNNING } from '../../src/middleware/outputs.js';
import type { LocalSsm } from '../../src/testing.js';
import { FakeClock } from '../helpers/fakeClock.js';
import { callCount, lambdaContext, rejectionOf, startServer, wire } from '../helpers/harness.js';
import { registerSecret } from '../helpers/leakRegistry.js';

const PASSWORD_V1 = registerSecret('resilience-pw-v1-secret');
const PASSWORD_V2 = registerSecret('resilience-pw-v2-secret');

const fetchData = {
  DATABASE_PASSWORD: '/app/secrets/database-password',
  DB_HOST: '/app/config/db-host',
};

let server: LocalSsm;

beforeAll(async () => {
  server = await startServer({
    parameters: [
      { name: '/app/secrets/database-password', value: PASSWORD_V1, type: 'SecureString' },
      { name: '/app/config/db-host', value: 'db.internal' },
      ...Array.from({ length: 30 }, (_, i) => ({
        name: `/app/tree/p${String(i).padStart(2, '0')}`,
        value: `${i}`,
      })),
    ],
  });
});

afterAll(() => server.close());
afterEach(() => {
  server.resetStats();
  server.faults.clear();
  server.putParameter({ name: '/app/secrets/database-password', value: PASSWORD_V1 });
});

describe('retry through the real SDK', () => {
  it.each([
    ['throttling', 'throttle'],
    ['5xx bursts', 'internalError'],
    ['503s', 'serviceUnavailable'],
    ['connections reset mid-body', 'reset'],
  ] as const)('retries %s and succeeds', async (_label, kind) => {
    server.faults.script([kind, kind, 'ok']);
    const clock = new FakeClock();
    const wired = wire(server, { fetchData }, { clock });

    const { internal } = await wired.invoke();

    expect(internal.DB_HOST).toBe('db.internal');
    expect(wired.metrics.at(-1)).toMatchObject({ source: 'fetch', calls: 3, retries: 2, ok: true });
    expect(callCount(server, 'GetParameters')).toBe(3);
    expect(clock.sleeps).toHaveLength(2);
  });

  it('abandons a hung request after attemptTimeout and retries', async () => {
    server.faults.script(['hang']);
    const wired = wire(server, { fetchData, retry: { attemptTimeout: 50 } }, { clock: new FakeClock() });

    const { internal } = await wired.invoke();

    expect(internal.DB_HOST).toBe('db.internal');
    expect(callCount(server, 'GetParameters')).toBe(2);
  });

  it('never retries access denied or KMS errors, and says what to grant', async () => {
    server.faults.script(['invalidKeyId']);
    const wired = wire(server, { fetchData }, { clock: new FakeClock() });

    const error = (await rejectionOf(wired.invoke())) as ParameterResolutionError;

    expect(error).toBeInstanceOf(ParameterResolutionError);
    expect(error.message).toContain('grant kms:Decrypt');
    expect(callCount(server, 'GetParameters')).toBe(1);
  });

  it('names the path denied among several, with the IAM action', async () => {
    server.faults.denyPath('/app/secrets/');
    const wired = wire(
      server,
      { fetchData: { config: '/app/config/', secrets: '/app/secrets/' } },
      { clock: new FakeClock() },
    );

    const error = (await rejectionOf(wired.invoke())) as ParameterResolutionError;

    expect(error.failures).toEqual([
      expect.objectContaining({ key: 'secrets', parameter: '/app/secrets/', reason: 'access-denied' }),
    ]);
    expect(error.message).toContain('grant ssm:GetParametersByPath');
  });

  it('paces itself under the shared token bucket and logs the throttling once per fetch', async () => {
    const clock = new FakeClock();
    const local = await startServer(
      {
        parameters: Array.from({ length: 50 }, (_, i) => ({
          name: `/t/p${String(i).padStart(2, '0')}`,
          value: `${i}`,
        })),
      },
      {
        now: () => clock.now(),
        throughput: { buckets: [{ operations: ['GetParameters'], rate: 2, burst: 1, quotaCode: 'L-TEST' }] },
      },
    );
    try {
      const names = Object.fromEntries(
        Array.from({ length: 50 }, (_, i) => [`K${i}`, `/t/p${String(i).padStart(2, '0')}`]),
      );
      const wired = wire(local, { fetchData: names }, { clock });

      const { internal } = await wired.invoke();

      expect(Object.keys(internal)).toHaveLength(50);
      const stats = local.stats().byOperation.GetParameters;
      expect(stats?.ok).toBe(5);
      expect(stats?.throttled).toBeGreaterThan(0);
      const warnings = wired.logger.warnings;
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        new RegExp(`throttled ${stats?.throttled} of ${stats?.total} calls \\(quota L-TEST\\)`),
      );
    } finally {
      await local.close();
    }
  });

  it('fails before the Lambda deadline with an error naming what it could not fetch', async () => {
    server.faults.add({ kind: 'throttle' });
    const clock = new FakeClock();
    const started = clock.now();
    const wired = wire(server, { fetchData, deadlineMargin: 1000 }, { clock });

    const error = (await rejectionOf(wired.invoke(3000))) as ParameterResolutionError;

    expect(error).toBeInstanceOf(ParameterResolutionError);
    expect(error.failures.map((f) => f.key).sort()).toEqual(['DATABASE_PASSWORD', 'DB_HOST']);
    expect(error.message).toMatch(/SSM throttled .*deadline passed/);
    expect(clock.now() - started).toBeLessThanOrEqual(2000);
  });

  it('guards against a NextToken that never ends with a page cap', async () => {
    server.faults.endlessNextToken(true);
    const wired = wire(
      server,
      { fetchData: { tree: '/app/tree/' }, maxPages: 5 },
      { clock: new FakeClock() },
    );

    await expect(wired.invoke()).rejects.toThrow(/\/app\/tree\/.*5 pages.*maxPages/s);
    expect(callCount(server, 'GetParametersByPath')).toBe(5);
  });
});

describe('cache expiry', () => {
  it('refetches after cacheExpiry, not before', async () => {
    const clock = new FakeClock(1_700_000_000_000, [0]);
    const wired = wire(server, { fetchData, cacheExpiry: 60_000 }, { clock });

    await wired.invoke();
    clock.advance(59_000);
    await wired.invoke();
    expect(callCount(server, 'GetParameters')).toBe(1);

    clock.advance(2_000);
    await wired.invoke();
    expect(callCount(server, 'GetParameters')).toBe(2);
  });

  it('keeps values forever with -1 and fetches every time with 0', async () => {
    const clock = new FakeClock();
    const forever = wire(server, { fetchData, cacheExpiry: -1, cacheKey: 'forever' }, { clock });
    const never = wire(server, { fetchData, cacheExpiry: 0, cacheKey: 'never' }, { clock });

    for (let i = 0; i < 3; i++) {
      await forever.invoke();
      clock.advance(1e9);
    }
    expect(callCount(server, 'GetParameters')).toBe(1);

    for (let i = 0; i < 3; i++) await never.invoke();
    expect(callCount(server, 'GetParameters')).toBe(4);
  });

  it('refreshes per entry: secrets and plain config on their own schedules', async () => {
    const clock = new FakeClock(1_700_000_000_000, [0]);
    const wired = wire(
      server,
      {
        fetchData: {
          DATABASE_PASSWORD: { name: '/app/secrets/database-password', cacheExpiry: 1000 },
          config: '/app/config/',
        },
        cacheExpiry: -1,
      },
      { clock },
    );

    await wired.invoke();
    clock.advance(1500);
    await wired.invoke();

    expect(callCount(server, 'GetParameters')).toBe(2);
    expect(callCount(server, 'GetParametersByPath')).toBe(1);
    expect(wired.metrics.at(-1)?.names).toEqual(['/app/secrets/database-password']);
  });

  it('spreads expiry with jitter so containers started together refresh apart', async () => {
    const early = new FakeClock(1_700_000_000_000, [0.99]);
    const late = new FakeClock(1_700_000_000_000, [0]);
    const a = wire(server, { fetchData, cacheExpiry: 10_000, cacheKey: 'a' }, { clock: early });
    const b = wire(server, { fetchData, cacheExpiry: 10_000, cacheKey: 'b' }, { clock: late });
    await a.invoke();
    await b.invoke();

    early.advance(9_500);
    late.advance(9_500);
    await a.invoke();
    await b.invoke();

    expect(a.metrics.at(-1)?.source).toBe('fetch');
    expect(b.metrics.at(-1)?.source).toBe('cache');
  });

  it('sees a rotated secret after expiry without a redeploy, and reports the changed name only', async () => {
    const clock = new FakeClock(1_700_000_000_000, [0]);
    const changes: string[][] = [];
    const wired = wire(
      server,
      { fetchData, setToEnv: true, cacheExpiry: 60_000, onChange: (names) => changes.push([...names]) },
      { clock },
    );
    expect((await wired.invoke()).env.DATABASE_PASSWORD).toBe(PASSWORD_V1);

    server.putParameter({ name: '/app/secrets/database-password', value: PASSWORD_V2 });
    clock.advance(61_000);

    expect((await wired.invoke()).env.DATABASE_PASSWORD).toBe(PASSWORD_V2);
    expect(changes).toEqual([['DATABASE_PASSWORD']]);
  });
});

describe('stale-if-error', () => {
  const expired = async (options: Record<string, unknown> = {}) => {
    const clock = new FakeClock(1_700_000_000_000, [0.5]);
    const wired = wire(
      server,
      { fetchData, setToEnv: true, cacheExpiry: 10_000, expiryJitter: 0, ...options },
      { clock },
    );
    await wired.invoke();
    clock.advance(11_000);
    return { clock, wired };
  };

  it('serves the last good values when a refresh fails, and warns without values', async () => {
    const { wired } = await expired();
    server.faults.add({ kind: 'internalError' });

    const { env } = await wired.invoke();

    expect(env.DATABASE_PASSWORD).toBe(PASSWORD_V1);
    expect(wired.metrics.at(-1)?.source).toBe('stale');
    expect(wired.logger.warnings.join('\n')).toContain(
      'serving the last good values of: DATABASE_PASSWORD, DB_HOST',
    );
  });

  it('does not hold the invocation longer than refreshTimeout while good values exist', async () => {
    const { wired, clock } = await expired({ refreshTimeout: 800 });
    server.faults.add({ kind: 'throttle' });
    const started = clock.now();

    await wired.invoke();

    expect(clock.now() - started).toBeLessThanOrEqual(800);
  });

  it('backs off between failed refreshes instead of hammering SSM, then picks up the new value', async () => {
    const { wired, clock } = await expired();
    const outage = server.faults.add({ kind: 'internalError' });

    await wired.invoke();
    const callsAfterFirstFailure = callCount(server, 'GetParameters');
    await wired.invoke();
    await wired.invoke();
    expect(callCount(server, 'GetParameters')).toBe(callsAfterFirstFailure);

    outage.remove();
    server.putParameter({ name: '/app/secrets/database-password', value: PASSWORD_V2 });
    clock.advance(10_000);

    expect((await wired.invoke()).env.DATABASE_PASSWORD).toBe(PASSWORD_V2);
  });

  it('keeps serving when a parameter was deleted between refreshes, and says so', async () => {
    const local = await startServer({ parameters: [{ name: '/gone/x', value: 'still-here' }] });
    try {
      const clock = new FakeClock();
      const wired = wire(local, { fetchData: { X: '/gone/x' }, cacheExpiry: 1000 }, { clock });
      await wired.invoke();
      local.deleteParameter('/gone/x');
      clock.advance(2000);

      expect((await wired.invoke()).internal.X).toBe('still-here');
      expect(wired.logger.warnings.join('\n')).toContain('refresh failed — X (/gone/x): not found');
    } finally {
      await local.close();
    }
  });

  it('keeps the last good values when a refresh would make two parameters collide, naming both', async () => {
    const local = await startServer({ parameters: [{ name: '/clash/db-host', value: 'db-1' }] });
    try {
      const clock = new FakeClock();
      const wired = wire(
        local,
        { fetchData: { c: '/clash/' }, setToEnv: true, cacheExpiry: 1000 },
        { clock },
      );
      expect((await wired.invoke()).env.DB_HOST).toBe('db-1');
      local.putParameter({ name: '/clash/db_host', value: 'db-2' });
      clock.advance(2000);

      const seen = await wired.invoke();

      expect(seen.env.DB_HOST).toBe('db-1');
      expect(seen.internal.c).toEqual({ db_host: 'db-1' });
      expect(wired.logger.warnings.join('\n')).toContain(
        'NameCollisionError: /clash/db-host and /clash/db_host both map to the environment variable DB_HOST',
      );
    } finally {
      await local.close();
    }
  });

  it('keeps the fallback after invalidate() even with a finite maxStale', async () => {
    const { wired } = await expired({ maxStale: 60_000 });
    await wired.invoke();
    server.faults.add({ kind: 'internalError' });

    wired.middleware.invalidate();

    expect((await wired.invoke()).env.DATABASE_PASSWORD).toBe(PASSWORD_V1);
  });

  it('retries soon after a failure when values must be fresh on every invocation (cacheExpiry 0)', async () => {
    const clock = new FakeClock(1_700_000_000_000, [0.999]);
    const wired = wire(server, { fetchData, cacheExpiry: 0 }, { clock });
    await wired.invoke();
    const outage = server.faults.add({ kind: 'internalError' });
    await wired.invoke();
    outage.remove();
    const calls = callCount(server, 'GetParameters');

    clock.advance(1000);
    await wired.invoke();

    expect(callCount(server, 'GetParameters')).toBe(calls + 1);
  });

  it('fails once values are older than maxStale', async () => {
    const { wired, clock } = await expired({ maxStale: 5_000 });
    server.faults.add({ kind: 'internalError' });
    await wired.invoke();

    clock.advance(10_000);

    await expect(wired.invoke()).rejects.toThrow(ParameterResolutionError);
  });
});

describe('stale-while-revalidate, single-flight and forced refresh', () => {
  it('answers warm invocations at once and refreshes in the background', async () => {
    const clock = new FakeClock(1_700_000_000_000, [0]);
    const wired = wire(
      server,
      { fetchData, setToEnv: true, cacheExpiry: 10_000, staleWhileRevalidate: true },
      { clock },
    );
    await wired.invoke();
    server.putParameter({ name: '/app/secrets/database-password', value: PASSWORD_V2 });
    clock.advance(11_000);

    expect((await wired.invoke()).env.DATABASE_PASSWORD).toBe(PASSWORD_V1);
    await wired.middleware.refresh();

    expect((await wired.invoke()).env.DATABASE_PASSWORD).toBe(PASSWORD_V2);
    expect(wired.metrics.map((m) => m.source)).toContain('background');
  });

  it('answers a warm invocation without a promise for Middy to await, and a due one with a promise', async () => {
    const clock = new FakeClock(1_700_000_000_000, [0]);
    const wired = wire(server, { fetchData, setToEnv: true, cacheExpiry: 10_000 }, { clock });
    const request = () => ({ context: {}, internal: {} as Record<string, unknown> });
    await wired.invoke();

    const warm = request();
    expect(wired.middleware.before(warm)).toBeUndefined();
    expect(warm.internal.DB_HOST).toBe('db.internal');
    expect(wired.middleware.after(warm)).toBeUndefined();

    clock.advance(11_000);
    const due = request();
    const refreshing = wired.middleware.before(due);
    expect(refreshing).toBeInstanceOf(Promise);
    await refreshing;
    expect(due.internal.DB_HOST).toBe('db.internal');
    expect(callCount(server, 'GetParameters')).toBe(2);
  });

  it('stops serving stale values past maxStale, and warns when a background refresh fails', async () => {
    const clock = new FakeClock(1_700_000_000_000, [0]);
    const wired = wire(
      server,
      { fetchData, cacheExpiry: 10_000, staleWhileRevalidate: true, maxStale: 60_000 },
      { clock },
    );
    await wired.invoke();
    server.faults.add({ kind: 'accessDenied' });
    clock.advance(11_000);

    await wired.invoke();
    await wired.middleware.refresh().catch(() => {});
    expect(wired.logger.warnings.join('\n')).toContain(
      'refresh failed — DATABASE_PASSWORD (/app/secrets/database-password): access denied',
    );

    clock.advance(120_000);
    await expect(wired.invoke()).rejects.toThrow(ParameterResolutionError);
  });

  it('refetches after an invalidate() that arrived while a refresh was running', async () => {
    server.faults.latency(40);
    const wired = wire(server, { fetchData, setToEnv: true, cacheExpiry: -1 });
    const first = wired.invoke();
    await new Promise((resolve) => setTimeout(resolve, 10));
    server.putParameter({ name: '/app/secrets/database-password', value: PASSWORD_V2 });
    wired.middleware.invalidate();
    await first;

    expect((await wired.invoke()).env.DATABASE_PASSWORD).toBe(PASSWORD_V2);
  });

  it('shares one fetch among concurrent invocations (Lambda Managed Instances)', async () => {
    server.faults.latency(30);
    const wired = wire(server, { fetchData });

    const results = await Promise.all(Array.from({ length: 5 }, () => wired.invoke()));

    expect(results.every((seen) => seen.internal.DB_HOST === 'db.internal')).toBe(true);
    expect(callCount(server, 'GetParameters')).toBe(1);
  });

  it('keeps middlewares sharing a cacheKey apart: each gets its own values and outputs', async () => {
    const a = wire(server, { fetchData: { ONE: '/app/config/db-host' }, cacheKey: 'shared', setToEnv: true });
    const b = wire(server, {
      fetchData: { ONE: '/app/secrets/database-password' },
      cacheKey: 'shared',
      setToEnv: true,
    });

    expect((await a.invoke()).env.ONE).toBe('db.internal');
    expect((await b.invoke()).env.ONE).toBe(PASSWORD_V1);
    expect((await a.invoke()).internal.ONE).toBe('db.internal');
    expect(a.logger.warnings).toEqual([]);
  });

  it('gives middlewares with the same fetchData their own parsing', async () => {
    const local = await startServer({ parameters: [{ name: '/json/v', value: '{"x":1}' }] });
    try {
      const parsed = wire(local, { fetchData: { V: '/json/v' } });
      const raw = wire(local, { fetchData: { V: '/json/v' }, parseValues: false });

      expect((await parsed.invoke()).internal.V).toEqual({ x: 1 });
      expect((await raw.invoke()).internal.V).toBe('{"x":1}');
    } finally {
      await local.close();
    }
  });

  it('invalidateCache and clearCache act on one cache key from anywhere', async () => {
    // The module-level controls act on the process's store.
    const a = wire(server, { fetchData, cacheKey: 'shared-a' }, { cache: processCache });
    const b = wire(server, { fetchData, cacheKey: 'shared-b' }, { cache: processCache });
    await a.invoke();
    await b.invoke();

    invalidateCache('shared-a');
    await a.invoke();
    await b.invoke();
    expect(callCount(server, 'GetParameters')).toBe(3);

    clearCache('shared-b');
    await b.invoke();
    expect(callCount(server, 'GetParameters')).toBe(4);
  });

  it('refetches on the next invocation after invalidate()', async () => {
    const wired = wire(server, { fetchData, cacheExpiry: -1 });
    await wired.invoke();

    wired.middleware.invalidate();
    await wired.invoke();

    expect(callCount(server, 'GetParameters')).toBe(2);
  });
});

describe('observability', () => {
  it('reports calls, pages and time per fetch, and cache hits after', async () => {
    const clock = new FakeClock();
    const wired = wire(server, { fetchData: { tree: '/app/tree/', host: '/app/config/db-host' } }, { clock });

    await wired.invoke();
    await wired.invoke();

    expect(wired.metrics[0]).toMatchObject({
      source: 'fetch',
      calls: 4,
      pages: 3,
      retries: 0,
      throttles: 0,
      ok: true,
    });
    expect(wired.metrics[0]?.names).toEqual(['/app/config/db-host', '/app/tree/']);
    expect(wired.metrics[1]).toMatchObject({ source: 'cache', calls: 0 });
  });

  it('is quiet when all goes well: no warning, one debug line with the counters', async () => {
    const wired = wire(server, { fetchData });

    await wired.invoke();

    expect(wired.logger.lines).toEqual([
      expect.stringMatching(/^debug: middy-ssm-env: fetch ok: 1 call\(s\), 0 retried, 0 throttled, \d+ ms$/),
    ]);
  });
});

describe('process.env waits for the handlers given older values', () => {
  /** Env written with a 10 s expiry on a fake clock, warmed once (the password is V1 everywhere). */
  const warmedEnvWriter = async () => {
    const clock = new FakeClock(1_700_000_000_000, [0]);
    const env: NodeJS.ProcessEnv = {};
    const wired = wire(server, { fetchData, setToEnv: true, cacheExpiry: 10_000 }, { clock, env });
    await wired.invoke();
    /** Rotates the password in SSM and lets the expiry pass: the next before refreshes. */
    const rotate = (value: string) => {
      server.putParameter({ name: '/app/secrets/database-password', value });
      clock.advance(11_000);
    };
    return { env, wired, rotate };
  };
  /** A request as a script passes it, without Middy. */
  const scriptRequest = (context: object = {}) => ({ context, internal: {} as Record<string, unknown> });

  it('writes once the handlers given older values are done (each once), while ones given the new values run', async () => {
    const { env, wired, rotate } = await warmedEnvWriter();
    const givenV1 = scriptRequest();
    await wired.middleware.before(givenV1);

    rotate(PASSWORD_V2);
    const refreshed = scriptRequest();
    await wired.middleware.before(refreshed);
    // Both run for a request whose after chain threw: it must not count as another request done.
    await wired.middleware.after(refreshed);
    await wired.middleware.onError(refreshed);
    const later = scriptRequest();
    await wired.middleware.before(later);
    expect(later.internal.DATABASE_PASSWORD).toBe(PASSWORD_V2);
    expect(env.DATABASE_PASSWORD).toBe(PASSWORD_V1);

    // Under steady overlap some handler is always running: only those given older values hold the write back.
    await wired.middleware.after(givenV1);
    expect(env.DATABASE_PASSWORD).toBe(PASSWORD_V2);
  });

  it('counts a request passed to before twice as one, which one after ends', async () => {
    const { env, wired, rotate } = await warmedEnvWriter();
    const twice = scriptRequest();
    await wired.middleware.before(twice);
    await wired.middleware.before(twice);

    rotate(PASSWORD_V2);
    await wired.invoke();
    expect(env.DATABASE_PASSWORD).toBe(PASSWORD_V1);
    await wired.middleware.after(twice);
    expect(env.DATABASE_PASSWORD).toBe(PASSWORD_V2);
  });

  it('does not wait for requests Middy ended without calling after or onError', async () => {
    const { env, wired, rotate } = await warmedEnvWriter();
    const handler = async () => 'handler';
    // Middy skips the hooks still to run when a middleware answers early (as @middy/warmup answers a ping) or an
    // onError throws: this middleware's after or onError never runs for those requests.
    const answeredBefore = middy(handler)
      .use(wired.middleware)
      .use({ before: () => 'warm-up ping' });
    const answeredAfter = middy(handler)
      .use(wired.middleware)
      .use({ after: () => 'from a cache' });
    const failedOnError = middy(async () => {
      throw new Error('handler failed');
    })
      .use(wired.middleware)
      .use({
        onError: () => {
          throw new Error('onError failed');
        },
      });
    expect(await answeredBefore({}, lambdaContext())).toBe('warm-up ping');
    expect(await answeredAfter({}, lambdaContext())).toBe('from a cache');
    await expect(failedOnError({}, lambdaContext())).rejects.toThrow('onError failed');

    rotate(PASSWORD_V2);
    const { env: seen } = await wired.invoke();

    expect(seen.DATABASE_PASSWORD).toBe(PASSWORD_V2);
    expect(env.DATABASE_PASSWORD).toBe(PASSWORD_V2);
  });

  it('does not wait for a timed-out invocation, nor for more than MAX_RUNNING requests never ended', async () => {
    const { env, wired, rotate } = await warmedEnvWriter();
    let remainingMs = 5_000;
    await wired.middleware.before(scriptRequest({ getRemainingTimeInMillis: () => remainingMs }));

    rotate(PASSWORD_V2);
    await wired.invoke();
    expect(env.DATABASE_PASSWORD).toBe(PASSWORD_V1);
    // Lambda does not stop a timed-out invocation's code; its remaining time is then zero or less.
    remainingMs = 0;
    await wired.invoke();
    expect(env.DATABASE_PASSWORD).toBe(PASSWORD_V2);

    // A script that never calls after: the oldest of more than MAX_RUNNING requests is let go.
    rotate(PASSWORD_V1);
    await wired.middleware.before(scriptRequest());
    const others = Array.from({ length: MAX_RUNNING }, () => scriptRequest());
    for (const request of others) await wired.middleware.before(request);
    rotate(PASSWORD_V2);
    await wired.invoke();
    expect(env.DATABASE_PASSWORD).toBe(PASSWORD_V1);
    for (const request of others) await wired.middleware.after(request);
    expect(env.DATABASE_PASSWORD).toBe(PASSWORD_V2);
  });
});
