/**
 * The middleware: fetch in the init phase, wait for values in `before`, refresh when due, serve the last good
 * values when a refresh fails, and put values where the handler expects them (`process.env`, `request.internal`,
 * the context).
 */
import type { SSMClient, SSMClientConfig } from '@aws-sdk/client-ssm';
import { expireAll, getCacheRecord } from '../cache/cacheRecord.js';
import { refreshEntries } from '../cache/refresh.js';
import { ParameterResolutionError } from '../errors.js';
import { EnvWriter } from '../inject/envWriter.js';
import { buildSnapshot, type Snapshot } from '../inject/snapshot.js';
import type { FetchMetrics } from '../observability/metrics.js';
import { type Clock, systemClock } from '../retry/clock.js';
import { Deadline } from '../retry/deadline.js';
import { Pacer } from '../retry/pacer.js';
import type { SsmEnvOptions } from '../types.js';
import { buildConfig, type Entry } from './config.js';
import { ssmEnvValidateOptions } from './validateOptions.js';

/** The part of a Middy request the middleware reads and writes (structural, so `@middy/core` stays optional). */
export interface SsmEnvRequest {
  context: object & { getRemainingTimeInMillis?: () => number };
  internal: Record<string, unknown>;
}

/** What `ssmEnv()` returns: a Middy middleware object, plus controls for the cache. */
export interface SsmEnvMiddleware {
  /** Makes the values available; named so Middy's profiling hooks can show it. */
  readonly before: (request: SsmEnvRequest) => Promise<void>;
  /**
   * Marks every value due: the next invocation refreshes (keeping the last good values should that fail). Call it
   * when a rotated secret was rejected, for example after a failed database login.
   */
  readonly invalidate: () => void;
  /** Fetches everything now and applies it to `process.env` (when `setToEnv`) before resolving. */
  readonly refresh: () => Promise<void>;
}

/** Seams for tests: the clock and the environment written to. */
export interface SsmEnvDependencies {
  readonly clock: Clock;
  readonly env: NodeJS.ProcessEnv;
}

const noop = () => {};

/**
 * Copies values onto the request or context. `Object.assign` would set a key named `__proto__` through the
 * prototype setter, so such a snapshot is copied key by key with `defineProperty` (the common case stays fast).
 */
const assignValues = (target: object, source: Readonly<Record<string, unknown>>): void => {
  if (!Object.hasOwn(source, '__proto__')) {
    Object.assign(target, source);
    return;
  }
  for (const key of Object.keys(source)) {
    Object.defineProperty(target, key, {
      value: source[key],
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
};

/**
 * One pacer per process and clock: every middleware in a process shares the account's quota, so what one learns
 * from throttling applies to all.
 */
const pacers = new WeakMap<Clock, Pacer>();
const pacerFor = (clock: Clock): Pacer => {
  let pacer = pacers.get(clock);
  if (!pacer) {
    pacer = new Pacer(clock);
    pacers.set(clock, pacer);
  }
  return pacer;
};

/** Backoff after the n-th consecutive failed refresh: full jitter, base 1 s, capped by the expiry (1 s – 5 min). */
const failureBackoff = (failures: number, due: readonly Entry[], clock: Clock): number => {
  // Expiry 0 (fetch every time) caps the backoff at 1 s; -1 (forever) at 5 min.
  const shortestExpiry = Math.min(...due.map((entry) => (entry.expiry < 0 ? 300_000 : entry.expiry)));
  const cap = Math.min(300_000, Math.max(1000, shortestExpiry));
  return clock.random() * Math.min(cap, 1000 * 2 ** (failures - 1));
};

export const createSsmEnv = (options: SsmEnvOptions, deps: SsmEnvDependencies): SsmEnvMiddleware => {
  ssmEnvValidateOptions(options);
  const config = buildConfig(options, deps.env);
  const { clock } = deps;
  const record = getCacheRecord(config.cacheKey);
  const referenceVariables = new Set(
    config.entries.filter((entry) => !entry.internal).map((entry) => entry.key),
  );
  const envWriter = new EnvWriter(deps.env, referenceVariables);
  const pacer = pacerFor(clock);
  let client: Pick<SSMClient, 'send'> | undefined;
  let applied: { version: number; snapshot: Snapshot } | undefined;

  /** The earliest expiry among this middleware's entries, recomputed only when the cache changes. */
  let nextDue = { generation: -1, at: 0 };
  const nextDueAt = (): number => {
    if (nextDue.generation !== record.generation) {
      const times = config.entries.map((entry) =>
        record.values.has(entry.id) ? (record.expiresAt.get(entry.id) ?? 0) : 0,
      );
      nextDue = { generation: record.generation, at: Math.min(...times) };
    }
    return nextDue.at;
  };

  /** The warm path: values applied, nothing due, no refresh running — no allocation, no lookup per entry. */
  const isWarm = (now: number): boolean =>
    applied !== undefined && applied.version === record.version && !record.inflight && now < nextDueAt();

  const dueEntries = (now: number): Entry[] =>
    config.entries.filter(
      (entry) => (record.expiresAt.get(entry.id) ?? 0) <= now || !record.values.has(entry.id),
    );

  const emit = (source: FetchMetrics['source']) =>
    config.onMetrics?.({
      cacheKey: config.cacheKey,
      source,
      calls: 0,
      pages: 0,
      retries: 0,
      throttles: 0,
      durationMs: 0,
      names: [],
      ok: source === 'cache',
    });

  const recordFailure = (due: readonly Entry[]) => {
    record.failures += 1;
    record.retryAt = clock.now() + failureBackoff(record.failures, due, clock);
  };

  /**
   * Starts a refresh of `due`, or joins the one under way (single-flight, also across concurrent invocations). A
   * failure is recorded once, by the refresh itself, for the backoff between failed refreshes.
   */
  const startRefresh = (
    due: readonly Entry[],
    deadline: Deadline,
    source: FetchMetrics['source'],
  ): Promise<void> => {
    const running = record.inflight;
    if (running) {
      // The init-phase prefetch is capped by `initTimeout` only until an invocation waits for it; from then on the
      // invocation's own remaining time is the budget. Any other joiner can only shorten a running fetch.
      if (running.source === 'prefetch' && source !== 'prefetch') {
        running.deadline.moveTo(deadline.at);
        record.inflight = { ...running, source };
      } else {
        running.deadline.tighten(deadline.at);
      }
      return running.promise;
    }
    if (!client) throw new Error('middy-ssm-env: no SSM client yet');
    const promise = refreshEntries(due, record, deadline, source, { config, client, clock, pacer })
      .catch((error: unknown) => {
        recordFailure(due);
        throw error;
      })
      .finally(() => {
        record.inflight = undefined;
      });
    record.inflight = { promise, deadline, source };
    return promise;
  };

  const withinMaxStale = (due: readonly Entry[], now: number): boolean =>
    due.every(
      (entry) =>
        record.values.has(entry.id) && now - (record.goodUntil.get(entry.id) ?? now) <= config.maxStale,
    );

  const warnRefreshFailed = (due: readonly Entry[], error: unknown): void => {
    const names = due.map((entry) => entry.key).join(', ');
    const why =
      error instanceof ParameterResolutionError
        ? [...new Set(error.failures.map((failure) => failure.detail))].join('; ')
        : error instanceof Error
          ? error.name
          : 'unknown error';
    config.logger.warn(`middy-ssm-env: refresh failed (${why}); serving the last good values of: ${names}`);
  };

  const serveStale = (due: readonly Entry[], error: unknown): void => {
    warnRefreshFailed(due, error);
    emit('stale');
  };

  /** Brings the cache up to date as the options ask; returns without a fetch on a warm hit. */
  const ensureFresh = async (deadline: Deadline): Promise<void> => {
    const now = clock.now();
    const due = dueEntries(now);
    if (due.length === 0) {
      // Nothing due; a background refresh that may be running is not waited for.
      emit('cache');
      return;
    }
    const missing = (entries: readonly Entry[]) => entries.filter((entry) => !record.values.has(entry.id));
    if (missing(due).length > 0) {
      await startRefresh(due, deadline, 'fetch');
      // A refresh joined under a shared cacheKey may have been another middleware's, with other entries.
      const stillMissing = missing(dueEntries(clock.now()));
      if (stillMissing.length > 0) await startRefresh(stillMissing, deadline, 'fetch');
      return;
    }
    if (!record.inflight && now < record.retryAt && withinMaxStale(due, now)) {
      emit('stale');
      return;
    }
    if (config.staleWhileRevalidate && withinMaxStale(due, now)) {
      if (!record.inflight) {
        startRefresh(due, new Deadline(now + config.initTimeout), 'background').catch((error: unknown) =>
          warnRefreshFailed(due, error),
        );
      }
      emit('stale');
      return;
    }
    const shortDeadline = new Deadline(Math.min(deadline.at, now + config.refreshTimeout));
    try {
      await startRefresh(due, shortDeadline, 'fetch');
    } catch (error) {
      if (!withinMaxStale(due, clock.now())) throw error;
      serveStale(due, error);
    }
  };

  /** Builds this middleware's outputs from the shared values when they changed, and writes its env variables. */
  const applySnapshot = (): void => {
    if (record.version === 0 || applied?.version === record.version) return;
    const snapshot = buildSnapshot(config.entries, record.values, config);
    const changedEnv = envWriter.apply(snapshot.env, config.overwriteEnv, config.logger);
    if (applied && config.onChange) {
      const changed = new Set(changedEnv);
      for (const key of new Set([
        ...Object.keys(applied.snapshot.internal),
        ...Object.keys(snapshot.internal),
      ])) {
        if (JSON.stringify(applied.snapshot.internal[key]) !== JSON.stringify(snapshot.internal[key]))
          changed.add(key);
      }
      if (changed.size > 0) config.onChange([...changed]);
    }
    applied = { version: record.version, snapshot };
  };

  const createClient = async (request?: SsmEnvRequest): Promise<Pick<SSMClient, 'send'>> => {
    const credentials = config.awsClientAssumeRole
      ? ((await request?.internal[config.awsClientAssumeRole]) as SSMClientConfig['credentials'])
      : undefined;
    // One retry layer: ours. The SDK's attempts would multiply with it (3 × 13 = 39 requests per call).
    const created = new config.AwsClient({
      ...config.awsClientOptions,
      ...(credentials ? { credentials } : {}),
      maxAttempts: 1,
    });
    if (!config.awsClientCapture) return created;
    if (config.disablePrefetch) return config.awsClientCapture(created);
    config.logger.warn(
      'middy-ssm-env: awsClientCapture applies only with disablePrefetch (X-Ray needs an invocation).',
    );
    return created;
  };

  const invocationDeadline = (request: SsmEnvRequest): Deadline => {
    const remaining = request.context?.getRemainingTimeInMillis?.();
    if (typeof remaining !== 'number') return new Deadline(Number.POSITIVE_INFINITY);
    const budget = Math.max(remaining - config.deadlineMargin, remaining / 2);
    return new Deadline(clock.now() + budget);
  };

  const canPrefetch =
    !config.disablePrefetch &&
    !config.awsClientAssumeRole &&
    config.entries.some((entry) => entry.expiry !== 0);
  if (canPrefetch) {
    // Awaited by the first `before`; until then a failure must not surface as an unhandled rejection (a client
    // that cannot be created fails again, visibly, in `before`).
    createClient()
      .then((created) => {
        client ??= created;
        const due = dueEntries(clock.now());
        if (due.length === 0 || record.inflight) return;
        startRefresh(due, new Deadline(clock.now() + config.initTimeout), 'prefetch').catch(noop);
      })
      .catch(noop);
  }

  const ssmEnvMiddlewareBefore = async (request: SsmEnvRequest): Promise<void> => {
    if (isWarm(clock.now())) {
      if (config.onMetrics) emit('cache');
    } else {
      client ??= await createClient(request);
      await ensureFresh(invocationDeadline(request));
      applySnapshot();
    }
    if (!applied) return;
    assignValues(request.internal, applied.snapshot.internal);
    if (config.setToContext) assignValues(request.context, applied.snapshot.internal);
  };

  return {
    before: ssmEnvMiddlewareBefore,
    invalidate: () =>
      expireAll(
        record,
        config.entries.map((entry) => entry.id),
      ),
    refresh: async () => {
      client ??= await createClient();
      // A fetch already running may predate the reason for this call: let it finish, then fetch everything anew.
      await record.inflight?.promise.catch(noop);
      await startRefresh(config.entries, new Deadline(clock.now() + config.initTimeout), 'fetch');
      applySnapshot();
    },
  };
};

/**
 * Creates the middleware. Options are checked here: a bad option throws a `TypeError` naming it.
 *
 * @example
 * ```ts
 * import middy from '@middy/core';
 * import { ssmEnv } from 'middy-ssm-env';
 *
 * export const handler = middy(async () => process.env.DATABASE_PASSWORD && 'ok').use(
 *   ssmEnv({ fetchData: { DATABASE_PASSWORD: '/myapp/prod/secrets/database-password' }, setToEnv: true }),
 * );
 * ```
 */
export const ssmEnv = (options: SsmEnvOptions = {}): SsmEnvMiddleware =>
  createSsmEnv(options, { clock: systemClock, env: process.env });
