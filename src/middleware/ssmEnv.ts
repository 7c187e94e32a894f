/**
 * The middleware: fetch in the init phase, wait for values in `before`, refresh when due, serve the last good
 * values when a refresh fails, and put values where the handler expects them (`process.env`, `request.internal`,
 * the context). The shared cache is the record's; this holds one middleware's own state.
 */
import { type CacheStore, processCache } from '../cache/cacheRecord.js';
import { type Clock, systemClock } from '../core/clock.js';
import type { Entry } from '../core/entries.js';
import { withPackageCause } from '../errors.js';
import { type FleetHint, Pacer, type PacerOptions } from '../retry/pacer.js';
import type {
  CheckedOptions,
  Context,
  FetchMetrics,
  Internal,
  LambdaContext,
  SsmEnvMiddleware,
  SsmEnvOptions,
  SsmEnvRequest,
} from '../types.js';
import { clientProvider, type SecretsManagerLoader, secretsManagerProvider } from './client.js';
import { buildConfig } from './config.js';
import { hasInitPhase } from './initPhase.js';
import { AppliedOutputs } from './outputs.js';
import { runRefresh } from './refresh.js';
import { refreshTiming, waitWithin, warnRefreshFailed } from './refreshPolicy.js';

/** Seams for tests: the clock, the environment, and the cache store. */
export interface SsmEnvDependencies {
  readonly clock: Clock;
  /**
   * The environment written to and read from: `setToEnv` targets, env references, and whether this is Lambda (the
   * prefetch runs only where `AWS_LAMBDA_FUNCTION_NAME` and `AWS_LAMBDA_RUNTIME_API` are set).
   */
  readonly env: NodeJS.ProcessEnv;
  /** Defaults to the process-wide store that `clearCache` and `invalidateCache` act on. */
  readonly cache?: CacheStore;
  /** Loads `@aws-sdk/client-secrets-manager` (the optional peer) the first time a secret is read natively. */
  readonly loadSecretsManager?: SecretsManagerLoader;
  /** Pacer tuning under trial (the benchmark's variants); the defaults otherwise. */
  readonly pacerOptions?: Partial<PacerOptions>;
}

const noop = () => {};

/** One pacer per process and clock: every middleware shares the account's quota, so what one learns applies to all. */
const pacers = new WeakMap<Clock, Pacer>();
const pacerFor = (clock: Clock, fleet?: FleetHint, options?: Partial<PacerOptions>): Pacer => {
  let pacer = pacers.get(clock);
  if (!pacer) {
    // The first middleware created in the process sets the pacing.
    pacer = new Pacer(clock, options, fleet);
    pacers.set(clock, pacer);
  }
  return pacer;
};

/** Secrets Manager has its own quota: its requests are paced apart from SSM's, by a pacer of their own. */
const secretsPacers = new WeakMap<Clock, Pacer>();
const secretsPacerFor = (clock: Clock): Pacer => {
  let pacer = secretsPacers.get(clock);
  if (!pacer) {
    pacer = new Pacer(clock);
    secretsPacers.set(clock, pacer);
  }
  return pacer;
};

export const createSsmEnv = <
  TContext extends LambdaContext = LambdaContext,
  TInternal extends Record<string, unknown> = Record<string, unknown>,
>(
  options: SsmEnvOptions,
  deps: SsmEnvDependencies,
): SsmEnvMiddleware<TContext, TInternal> => {
  const config = withPackageCause(() => buildConfig(options, deps.env));
  const { clock } = deps;
  const record = (deps.cache ?? processCache).record(config.cacheKey);
  const timing = refreshTiming(config, clock);
  const getClient = clientProvider(config);
  const outputs = new AppliedOutputs(config, deps.env);
  const pacer = pacerFor(clock, config.fleet, deps.pacerOptions);
  const getSecretsManager = config.entries.some((entry) => entry.kind === 'secret')
    ? secretsManagerProvider(config, deps.loadSecretsManager)
    : undefined;
  /** The last request seen, whose `request.internal` holds assumed-role credentials for the Secrets Manager client. */
  let lastRequest: SsmEnvRequest | undefined;
  const secrets = getSecretsManager && {
    api: () => getSecretsManager(lastRequest),
    pacer: secretsPacerFor(clock),
  };

  /** The earliest due time among this middleware's entries, recomputed only when the cache changes. */
  let nextDue = { generation: -1, at: 0 };
  const isWarm = (now: number): boolean => {
    if (nextDue.generation !== record.generation) {
      nextDue = { generation: record.generation, at: record.nextDueAt(config.entries) };
    }
    return outputs.isCurrent(record) && !record.refreshing && now < nextDue.at;
  };

  const emit = (source: FetchMetrics['source'], ok: boolean) =>
    config.onMetrics?.({
      cacheKey: config.cacheKey,
      source,
      calls: 0,
      pages: 0,
      retries: 0,
      throttles: 0,
      durationMs: 0,
      names: [],
      ok,
    });

  /** Starts a refresh of `due` running to `deadlineAt`, or joins the one under way and extends it. */
  const refresh = (
    due: readonly Entry[],
    deadlineAt: number,
    source: FetchMetrics['source'],
  ): Promise<void> => {
    let built: Awaited<ReturnType<typeof runRefresh>> | undefined;
    const run = async (deadline: Parameters<typeof runRefresh>[2]) => {
      const client = await getClient();
      built = await runRefresh(due, () => record.values, deadline, source, {
        config,
        client,
        clock,
        pacer,
        ...(secrets ? { secrets } : {}),
      });
      return built.fetched;
    };
    const onCommit = (version: number) => built && outputs.remember(version, built.snapshot);
    return record.refresh(due, run, deadlineAt, timing, onCommit);
  };

  /** Refreshes `due` and waits for it — up to `deadlineAt` only, while the shared fetch may go on for others. */
  const refreshAndWait = (due: readonly Entry[], deadlineAt: number) =>
    waitWithin(refresh(due, deadlineAt, 'fetch'), record, deadlineAt, due, clock);

  /** Brings the cache up to date as the options ask; returns without a fetch on a warm hit. */
  const ensureFresh = async (deadlineAt: number): Promise<void> => {
    const now = clock.now();
    const due = record.due(config.entries, now);
    if (due.length === 0) return emit('cache', true);
    const missing = (entries: readonly Entry[]) => entries.filter((entry) => !record.has(entry));
    if (missing(due).length > 0) {
      await refreshAndWait(due, deadlineAt);
      // A refresh joined under a shared cacheKey may have been another middleware's, with other entries.
      const stillMissing = missing(record.due(config.entries, clock.now()));
      if (stillMissing.length > 0) await refreshAndWait(stillMissing, deadlineAt);
      return;
    }
    const servable = record.servable(due, now, config.maxStale);
    if (servable && !record.refreshing && record.backingOff(now)) return emit('stale', false);
    // Another invocation is already refreshing: it waits (up to refreshTimeout); this one is served at once.
    if (servable && record.refreshing) return emit('stale', true);
    if (servable && config.staleWhileRevalidate) {
      if (!record.refreshing) {
        refresh(due, now + config.initTimeout, 'background').catch((error: unknown) =>
          warnRefreshFailed(config, due, error),
        );
      }
      return emit('stale', true);
    }
    try {
      await refreshAndWait(due, Math.min(deadlineAt, now + config.refreshTimeout));
    } catch (error) {
      if (!record.servable(due, clock.now(), config.maxStale)) throw error;
      warnRefreshFailed(config, due, error);
      emit('stale', false);
    }
  };

  /** The invocation's budget: its remaining time less the margin; without a Lambda context, `initTimeout`. */
  const invocationDeadline = (request: SsmEnvRequest): number => {
    const remaining = request.context?.getRemainingTimeInMillis?.();
    if (typeof remaining !== 'number' || !Number.isFinite(remaining)) return clock.now() + config.initTimeout;
    return clock.now() + Math.max(remaining - config.deadlineMargin, remaining / 2);
  };

  // Only where an init phase exists (see `hasInitPhase`), so a test that imports its handler before starting a local
  // server never fetches early; the client is created by the fetch itself, with the endpoint then in force.
  const canPrefetch =
    !config.disablePrefetch &&
    !config.awsClientAssumeRole &&
    hasInitPhase(deps.env) &&
    config.entries.some((entry) => entry.expiry !== 0);
  if (canPrefetch) {
    // Awaited by the first `before` through the record; a failure here must not surface as an unhandled rejection
    // (a client that cannot be created fails again, visibly, in `before`).
    queueMicrotask(() => {
      const due = record.due(config.entries, clock.now());
      if (due.length > 0 && !record.refreshing)
        refresh(due, clock.now() + config.initTimeout, 'prefetch').catch(noop);
    });
  }

  /** A cache hit: the applied values go onto the request as they are. */
  const serveWarm = (request: SsmEnvRequest): void => {
    if (config.onMetrics) emit('cache', true);
    outputs.assign(request);
  };

  const prepare = async (request: SsmEnvRequest, syncing: void | Promise<void>): Promise<void> => {
    if (syncing) await syncing;
    if (isWarm(clock.now())) return serveWarm(request);
    lastRequest = request;
    await getClient(request);
    await ensureFresh(invocationDeadline(request));
    await outputs.update(record);
    outputs.assign(request);
  };

  // A warm invocation returns without a promise: Middy awaits only promises, and this hook runs on every invocation.
  const ssmEnvMiddlewareBefore = (request: SsmEnvRequest): void | Promise<void> => {
    // `clearCache()` from `@middy/util` (a test's afterEach) ran: fetch as on a cold start. A map lookup when warm.
    const syncing = record.syncWithMiddy();
    if (syncing || !isWarm(clock.now())) return prepare(request, syncing);
    serveWarm(request);
  };

  const ssmEnvMiddlewareAfter = (request: SsmEnvRequest): void => outputs.release(request);

  return {
    before: ssmEnvMiddlewareBefore,
    after: ssmEnvMiddlewareAfter,
    onError: ssmEnvMiddlewareAfter,
    invalidate: () => record.invalidate(config.entries.map((entry) => entry.id)),
    refresh: async () => {
      await getClient();
      // A fetch already running may predate the reason for this call: let it finish, then fetch everything anew.
      await record.settled();
      const deadlineAt = clock.now() + config.initTimeout;
      await waitWithin(
        refresh(config.entries, deadlineAt, 'fetch'),
        record,
        deadlineAt,
        config.entries,
        clock,
      );
      await outputs.update(record);
    },
  };
};

/**
 * Creates the middleware. Options are checked here: a bad option throws a `TypeError` naming it. The result is
 * typed from the options, as `@middy/ssm`'s: `request.internal` holds {@link Internal}, and with `setToContext: true`
 * the context is {@link Context}.
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
export const ssmEnv = <const TOptions extends SsmEnvOptions>(
  options: CheckedOptions<TOptions>,
): SsmEnvMiddleware<Context<TOptions>, Internal<TOptions>> =>
  createSsmEnv<Context<TOptions>, Internal<TOptions>>(options, { clock: systemClock, env: process.env });
