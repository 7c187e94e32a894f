/**
 * Test harness: a local SSM server reached by the real SDK over HTTP, a middleware wired to it with an isolated
 * environment object, a recording logger, and a Middy handler to invoke as Lambda would.
 */
import middy from '@middy/core';
import { CacheStore, clearCache } from '../../src/cache/cacheRecord.js';
import { type Clock, systemClock } from '../../src/core/clock.js';
import { createSsmEnv, type SsmEnvDependencies } from '../../src/middleware/ssmEnv.js';
import {
  type LocalSsm,
  type LocalSsmOptions,
  type SeedData,
  startLocalSsm,
  type Throughput,
} from '../../src/testing.js';
import type { FetchMetrics, Logger, SsmEnvMiddleware, SsmEnvOptions } from '../../src/types.js';
import { capturedText, captureError, registerSecret } from './leakRegistry.js';

/** Effectively unthrottled, so tests that are not about throttling never see it. */
export const UNTHROTTLED: Throughput = {
  buckets: [{ operations: ['GetParameter', 'GetParameters', 'GetParametersByPath'], rate: 1e9, burst: 1e9 }],
};

/** Starts a server; every SecureString and secret in `seed` is registered with the leak guard. */
export const startServer = async (seed: SeedData, options: LocalSsmOptions = {}): Promise<LocalSsm> => {
  const parameters = Array.isArray(seed.parameters) ? seed.parameters : [];
  for (const parameter of parameters) if (parameter.type === 'SecureString') registerSecret(parameter.value);
  for (const secret of seed.secrets ?? []) registerSecret(secret.value);
  return startLocalSsm({ throughput: UNTHROTTLED, ...options, seed });
};

/**
 * A server from {@link startServer} that the Secrets Manager client finds through `AWS_ENDPOINT_URL_SECRETS_MANAGER`,
 * as users point it; `close` restores the variable and stops the server.
 */
export const startSecretsManagerServer = async (
  seed: SeedData,
  options: LocalSsmOptions = {},
): Promise<{ server: LocalSsm; close: () => Promise<void> }> => {
  const endpointBefore = process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
  const server = await startServer(seed, options);
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = server.endpoint;
  return {
    server,
    close: async () => {
      if (endpointBefore === undefined) delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
      else process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = endpointBefore;
      await server.close();
    },
  };
};

export class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  debug = (message: string) => this.record('debug', message);
  info = (message: string) => this.record('info', message);
  warn = (message: string) => this.record('warn', message);
  error = (message: string) => this.record('error', message);

  private record(level: string, message: string): void {
    const line = `${level}: ${message}`;
    this.lines.push(line);
    capturedText.push(line);
  }

  get warnings(): string[] {
    return this.lines.filter((line) => line.startsWith('warn:'));
  }
}

export interface Wired {
  readonly middleware: SsmEnvMiddleware;
  readonly env: NodeJS.ProcessEnv;
  readonly logger: RecordingLogger;
  readonly metrics: FetchMetrics[];
  /** Invokes a Middy handler wrapped with the middleware; resolves to what the handler saw. */
  invoke(remainingMs?: number): Promise<Seen>;
}

export interface Seen {
  readonly env: NodeJS.ProcessEnv;
  /** Copies of what the handler saw (own keys only). */
  readonly internal: Record<string, unknown>;
  readonly context: Record<string, unknown>;
  /** The prototypes of the real `request.internal` and context objects, which a copy would hide. */
  readonly prototypes: { readonly internal: unknown; readonly context: unknown };
}

/**
 * Wires a middleware to `server`, writing to a fresh env object (never the real `process.env`), with a cache store of
 * its own unless one is passed (middlewares that share a cache share a store).
 */
export const wire = (
  server: LocalSsm,
  options: SsmEnvOptions,
  {
    clock = systemClock,
    env = {},
    accessKeyId,
    cache = new CacheStore(),
    loadSecretsManager,
  }: {
    clock?: Clock;
    env?: NodeJS.ProcessEnv;
    accessKeyId?: string;
    cache?: CacheStore;
    loadSecretsManager?: SsmEnvDependencies['loadSecretsManager'];
  } = {},
): Wired => {
  const logger = new RecordingLogger();
  const metrics: FetchMetrics[] = [];
  const middleware = createSsmEnv(
    {
      disablePrefetch: true,
      logger,
      onMetrics: (m) => metrics.push(m),
      ...options,
      awsClientOptions: { ...server.clientConfig(accessKeyId), ...options.awsClientOptions },
    },
    { clock, env, cache, ...(loadSecretsManager ? { loadSecretsManager } : {}) },
  );
  let seen: Seen | undefined;
  let internal: Record<string, unknown> = {};
  let internalPrototype: unknown;
  const handler = middy(async (_event: unknown, context: Record<string, unknown>) => {
    seen = {
      env: { ...env },
      internal,
      context: { ...context },
      prototypes: { internal: internalPrototype, context: Object.getPrototypeOf(context) },
    };
  })
    .use(middleware)
    .use({
      before: async (request) => {
        internal = { ...(request.internal as Record<string, unknown>) };
        internalPrototype = Object.getPrototypeOf(request.internal);
      },
    });
  return {
    middleware,
    env,
    logger,
    metrics,
    invoke: async (remainingMs = 30_000) => {
      seen = undefined;
      const context = lambdaContext(remainingMs);
      try {
        await handler({}, context as never);
      } catch (error) {
        captureError(error);
        throw error;
      }
      if (!seen) throw new Error('handler did not run');
      return seen;
    },
  };
};

/** Calls by operation, ok or not, since the last reset. */
export const callCount = (server: LocalSsm, operation: string): number =>
  server.stats().byOperation[operation]?.total ?? 0;

export const resetCaches = (): void => clearCache();

/** A Lambda context with `remainingMs` left at every call (time does not run down in tests). */
export const lambdaContext = (remainingMs = 10_000) =>
  ({ getRemainingTimeInMillis: () => remainingMs, functionName: 'test' }) as never;

/** The error `promise` rejects with (fails the test if it resolves). */
export const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
};

/** A promise to settle from outside: for server replies held back until the test says so. */
export const deferred = <T = void>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
};

/** Polls `condition` (on real time, briefly) for work that happens in the background, such as a prefetch. */
export const waitFor = async (condition: () => boolean, timeoutMs = 2000): Promise<void> => {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('waitFor: condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};
