/**
 * The public option types of `ssmEnv`. Names follow `@middy/ssm` where it has the same idea, so switching is a change
 * of import; everything else is opt-in.
 */
import type { SSMClient, SSMClientConfig } from '@aws-sdk/client-ssm';
import type { Logger } from './observability/logger.js';
import type { FetchMetrics } from './observability/metrics.js';
import type { RetryOptions } from './retry/withRetry.js';

/** What to do when a parameter does not exist. */
interface MissingPolicy {
  /**
   * A missing parameter (not found) resolves to `undefined` instead of failing the cold start.
   * Access denied and KMS errors still fail: they are misconfiguration, not absence.
   * @default false
   */
  readonly optional?: boolean;
  /**
   * This entry's cache expiry in ms (-1 forever, 0 never cache, > 0 duration); overrides `cacheExpiry`, so secrets
   * and plain configuration can refresh on different schedules.
   */
  readonly cacheExpiry?: number;
}

/** One parameter by name — a name, `name:version`, `name:label`, an ARN, or a Secrets Manager reference. */
export interface NameSpec extends MissingPolicy {
  readonly name: string;
  /** A value to use when the parameter does not exist (implies `optional`). */
  readonly default?: string;
  /** Picks one key out of a JSON value (ECS's `json-key`); the same as a `#key` suffix on the name. */
  readonly jsonKey?: string;
  /**
   * With `setToEnv`, the environment variable to write (default: the `fetchData` key); `false` keeps this entry out
   * of `process.env` (context and `request.internal` only).
   */
  readonly env?: string | false;
}

/** Every parameter under a path. */
export interface PathSpec extends MissingPolicy {
  /** A path such as `/myapp/prod/`. */
  readonly path: string;
  /**
   * Fetch the whole tree below the path, not only its direct children.
   * @default true
   */
  readonly recursive?: boolean;
  /** With `setToEnv`, prepended to each derived name (`APP_` → `APP_DB_HOST`); `false` keeps the path out of the env. */
  readonly envPrefix?: string | false;
  /** Only parameters of these types (`String`, `StringList`, `SecureString`). */
  readonly types?: readonly string[];
  /** Only parameter versions carrying this label. */
  readonly label?: string;
  /**
   * The names under the path, known ahead (`npx middy-ssm-env manifest <path>`). They are fetched with parallel
   * `GetParameters` calls instead of paging the path: one round trip of wall time, and at high throughput a
   * 3,000/s quota instead of 100/s. Names missing from SSM fail like any missing parameter; parameters added under
   * the path after the manifest was made are not seen until it is regenerated (`manifest --check` reports drift).
   */
  readonly manifest?: readonly string[];
}

/** A `fetchData` value: a string as in `@middy/ssm` (a trailing `/` marks a path), or a spec object. */
export type FetchSpec = string | NameSpec | PathSpec;

/** Options of {@link ssmEnv}. */
export interface SsmEnvOptions {
  /**
   * What to fetch: a key per value. A string ending in `/` is a path; any other string is a name, `name:version`,
   * `name:label`, ARN or `/aws/reference/secretsmanager/<id>`, optionally followed by `#jsonKey`.
   * @default {}
   */
  readonly fetchData?: Readonly<Record<string, FetchSpec>>;
  /**
   * Write values to `process.env` (strings): a name entry under its key, a path's parameters under names derived
   * from their names (see `toEnvName`).
   * @default false
   */
  readonly setToEnv?: boolean;
  /**
   * Also assign the parsed values to the Lambda context, as `@middy/ssm` does. Values always go to `request.internal`.
   * @default false
   */
  readonly setToContext?: boolean;
  /**
   * Replace environment variables whose value is a reference (`ssm:/myapp/prod/db-password`,
   * `ssm:arn:aws:ssm:…`, `secretsmanager:prod/db#password`) by the parameter's value before the handler runs.
   * @default false
   */
  readonly resolveEnvReferences?: boolean;
  /**
   * Maps a parameter under a path to an environment variable name. The default upper-cases the part below the path
   * and turns every other character run into `_` (`/myapp/prod/db/host` under `/myapp/prod/` → `DB_HOST`).
   */
  readonly toEnvName?: (parameterName: string, path: string) => string;
  /**
   * Overwrite environment variables that were already set when the middleware first wrote (deployment config wins
   * by default, and the skipped names are logged).
   * @default false
   */
  readonly overwriteEnv?: boolean;
  /**
   * Parse values for the context and `request.internal` (JSON text → object, StringList → array), as `@middy/ssm`.
   * @default true
   */
  readonly parseValues?: boolean;
  /**
   * Identifies the cache shared by middlewares with the same key: they share fetched values and one fetch at a time,
   * and each builds its own outputs. By default each distinct `fetchData` gets its own cache.
   */
  readonly cacheKey?: string;
  /**
   * Cache expiry in ms: -1 forever, 0 never cache (fetch on every invocation), > 0 refresh after that long.
   * @default -1
   */
  readonly cacheExpiry?: number;
  /** `@middy/ssm`'s per-`cacheKey` expiry: `{ [cacheKey]: ms }`, applied when this middleware's key matches. */
  readonly cacheKeyExpiry?: Readonly<Record<string, number>>;
  /**
   * Spread each expiry by up to this fraction (shortened at random), so containers that started together do not
   * refresh together.
   * @default 0.1
   */
  readonly expiryJitter?: number;
  /**
   * When values are due, answer with the current ones and refresh in the background, so warm invocations never
   * wait on SSM.
   * @default false
   */
  readonly staleWhileRevalidate?: boolean;
  /**
   * How long past its expiry a value may still be served when a refresh fails (ms). 0 fails the invocation instead.
   * @default Infinity
   */
  readonly maxStale?: number;
  /**
   * Time budget in ms of a refresh while good values exist; after it the invocation gets the last good values.
   * @default 1000
   */
  readonly refreshTimeout?: number;
  /**
   * Do not start fetching at module load (Lambda's init phase); fetch in the first `before` instead.
   * @default false
   */
  readonly disablePrefetch?: boolean;
  /**
   * Deadline in ms of the prefetch started in the init phase (Lambda caps init at 10 s). Once the first invocation
   * waits for the prefetch, that invocation's own remaining time is the deadline instead.
   * @default 9000
   */
  readonly initTimeout?: number;
  /**
   * Time in ms kept free before the invocation's end: a fetch gives up when less than this remains, with an error
   * naming what it could not fetch, instead of letting Lambda time the function out. When the invocation has less
   * than twice this left, half of what remains is kept free instead.
   * @default 1000
   */
  readonly deadlineMargin?: number;
  /** Retry tuning of every SSM call. The SDK's own retries are switched off (one retry layer). */
  readonly retry?: RetryOptions;
  /**
   * Names per `GetParameters` call (1–10).
   * @default 10
   */
  readonly awsRequestLimit?: number;
  /**
   * `GetParameters` calls in flight at once (20 × 10 names: 200 names in one round trip).
   * @default 20
   */
  readonly concurrency?: number;
  /**
   * Pages per path before giving up (guards against a NextToken that never ends): 10 parameters a page.
   * @default 1000
   */
  readonly maxPages?: number;
  /** The SSM client class (for example wrapped for X-Ray). */
  readonly AwsClient?: new (
    config: SSMClientConfig,
  ) => SSMClient;
  /** Options for the client; `maxAttempts` here sets `retry.retries` (maxAttempts − 1) instead of SDK retries. */
  readonly awsClientOptions?: SSMClientConfig;
  /** A `request.internal` key holding credentials to use (from `@middy/sts`); disables prefetch. */
  readonly awsClientAssumeRole?: string;
  /** Wraps the client, for example `captureAWSv3Client` from X-Ray; applied only with `disablePrefetch`. */
  readonly awsClientCapture?: (client: SSMClient) => SSMClient;
  /** Where warnings go (console by default; a Powertools Logger fits). Nothing logged ever holds a value. */
  readonly logger?: Logger;
  /** Called after each invocation's `before` and each background refresh with counters — never values. */
  readonly onMetrics?: (metrics: FetchMetrics) => void;
  /** Called after a refresh changed values, with the names (env names or keys) that changed — never values. */
  readonly onChange?: (changedNames: readonly string[]) => void;
}
