/**
 * The public types: the options of `ssmEnv` (names follow `@middy/ssm` where it has the same idea, so switching is a
 * change of import; everything else is opt-in), what it returns, and what its hooks receive; and the types computed
 * from the options — the values in `request.internal` and on the context, as `@middy/ssm`'s `Internal` and `Context`,
 * and the checks at creation that types can express. Types only (Middy's are imported as types): every layer may
 * import them.
 */
import type { SSMClient, SSMClientConfig } from '@aws-sdk/client-ssm';
import type middy from '@middy/core';
import type { StandardSchemaV1 } from './core/standardSchema.js';

/** Retry tuning. Every field has a default chosen in the stampede benchmark (see the README's Resilience section). */
export interface RetryOptions {
  /**
   * Retries after the first attempt, so one call makes at most `retries + 1` HTTP requests. The deadline usually
   * ends retrying first; a refused connection, a DNS failure or an answer that is not AWS's gets at most 2.
   * @default 24
   */
  readonly retries?: number;
  /**
   * Base delay in ms of the exponential backoff: retry n waits a random time in [0, min(maxDelay, base · 2ⁿ⁻¹)).
   * @default 100
   */
  readonly baseDelay?: number;
  /**
   * Base delay in ms after a throttle (AWS's SDKs use a larger base for throttling than for transient errors).
   * @default 500
   */
  readonly throttleBaseDelay?: number;
  /**
   * Cap in ms on a single backoff delay (the pacer already spaces a throttled process's requests; a long cap only
   * left the last cold starts sleeping while the quota sat idle).
   * @default 2000
   */
  readonly maxDelay?: number;
  /**
   * Timeout in ms of one HTTP attempt; a hung connection is abandoned and retried.
   * @default 3000
   */
  readonly attemptTimeout?: number;
  /**
   * `true` for full jitter (random in [0, delay)), `false` for none, or a function mapping the computed delay.
   * @default true
   */
  readonly jitter?: boolean | ((delay: number) => number);
}

/**
 * The logger the middleware writes to. Powertools' `Logger` and `console` both fit. Warnings go to `warn`; `debug`
 * (when the logger has it) receives one line per fetch with its counters.
 */
export interface Logger {
  debug?(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

/** What the `onMetrics` hook receives: counters and names, never values. */
export interface FetchMetrics {
  /** The cache this middleware uses. */
  readonly cacheKey: string;
  /**
   * How the invocation got its values: `cache` (no call), `fetch` (waited on SSM), `stale` (due values served: a
   * refresh failed or is backing off, or a stale-while-revalidate refresh runs in the background), `background` (a
   * stale-while-revalidate refresh finished), `prefetch` (the init-phase fetch finished).
   */
  readonly source: 'cache' | 'fetch' | 'stale' | 'background' | 'prefetch';
  /** HTTP attempts made, to SSM and to Secrets Manager (0 on a cache hit). */
  readonly calls: number;
  /** `GetParametersByPath` pages read. */
  readonly pages: number;
  /** Attempts retried. */
  readonly retries: number;
  /** Attempts answered with throttling. */
  readonly throttles: number;
  /** Milliseconds spent (0 on a cache hit). */
  readonly durationMs: number;
  /** Parameter names and paths fetched. */
  readonly names: readonly string[];
  /**
   * False when a fetch failed: the invocation then failed, or was served the last good values (`stale`). A cache
   * hit, a successful fetch and a stale-while-revalidate serve while the refresh is healthy are `true`.
   */
  readonly ok: boolean;
}

/**
 * The Lambda context as `@middy/core` types it (its default `TContext`), without a direct dependency on
 * `@types/aws-lambda`.
 */
export type LambdaContext = middy.Request['context'];

/** What the middleware reads of the context: the remaining time, when there is one. */
export type SsmEnvContext = object & { getRemainingTimeInMillis?: () => number };

/**
 * The part of a Middy request the middleware reads and writes. Any `{ context, internal }` will do (a script, a test
 * harness); under Middy the context and `request.internal` are typed from the options (see {@link Context}). Called
 * without Middy, pass the request to `after` (or `onError`) when its handler is done: until then (or its context's
 * remaining time runs out) a refresh's `process.env` values wait for it.
 */
export interface SsmEnvRequest<
  TContext extends SsmEnvContext = SsmEnvContext,
  TInternal extends object = Record<string, unknown>,
> {
  context: TContext;
  internal: TInternal;
}

/**
 * A hook of the middleware: callable with any `{ context, internal }` (the first signature — a script, a test);
 * Middy's `.use()` infers the context and `request.internal` from the last, typed one. It returns a promise only when
 * it has work to wait for (a fetch, a refresh); a warm invocation returns at once, so `await` it rather than `.then`.
 */
export interface SsmEnvHook<TContext extends SsmEnvContext, TInternal extends object> {
  (request: SsmEnvRequest): void | Promise<void>;
  (request: SsmEnvRequest<TContext, TInternal>): void | Promise<void>;
}

/**
 * What `ssmEnv()` returns: a Middy middleware object typed like `@middy/ssm`'s — `TContext` is the context the handler
 * sees ({@link Context}), `TInternal` the values in `request.internal` ({@link Internal}) — plus controls for the
 * cache.
 */
export interface SsmEnvMiddleware<
  TContext extends LambdaContext = LambdaContext,
  TInternal extends Record<string, unknown> = Record<string, unknown>,
> extends middy.MiddlewareObj<unknown, unknown, Error, TContext, TInternal> {
  /**
   * Makes the values available; named so Middy's profiling hooks can show it.
   */
  readonly before: SsmEnvHook<TContext, TInternal>;
  /**
   * Marks the invocation's handler done (`after` and `onError`): `process.env` changes wait until no handler of this
   * middleware runs, so overlapping invocations (Lambda Managed Instances) never see it change mid-handler.
   */
  readonly after: SsmEnvHook<TContext, TInternal>;
  readonly onError: SsmEnvHook<TContext, TInternal>;
  /**
   * Marks every value due: the next invocation refreshes (keeping the last good values should that fail). Call it
   * when a rotated secret was rejected, for example after a failed database login.
   */
  readonly invalidate: () => void;
  /** Fetches everything now and applies it to `process.env` (when `setToEnv`) before resolving. */
  readonly refresh: () => Promise<void>;
}

/** The parameter types of SSM, as a path's `types` filter takes them. */
export type ParameterType = 'String' | 'StringList' | 'SecureString';

/**
 * A Standard Schema (zod, valibot, arktype, …) validating and transforming a value once it is fetched and parsed:
 * what `request.internal` and the context receive is the schema's output. A value that fails fails the cold start;
 * a refresh that fails keeps the last good values.
 */
export type ValueSchema<Output = unknown> = StandardSchemaV1<unknown, Output>;

/** What to do when a parameter does not exist. */
interface MissingPolicy {
  /**
   * A missing parameter (not found) resolves to `undefined`, and a path with nothing under it to `{}`, instead of
   * failing the cold start. Access denied and KMS errors still fail: they are misconfiguration, not absence; so do
   * the names a path's `manifest` lists that are missing (the manifest says they exist).
   * @default false
   */
  readonly optional?: boolean;
  /**
   * This entry's cache expiry in ms (-1 forever, 0 never cache, > 0 duration); overrides `cacheExpiry`, so secrets
   * and plain configuration can refresh on different schedules.
   */
  readonly cacheExpiry?: number;
  /**
   * Validates (and may transform) this entry's value as `request.internal` receives it: parsed (`parseValues`), a
   * path's value being the object of its parameters. Any Standard Schema validator; the output is what the handler
   * gets, and its type flows into {@link Internal} and {@link Context}. `process.env` still receives the text.
   */
  readonly schema?: ValueSchema;
}

/**
 * One parameter by name — a name, `name:version`, `name:label`, an ARN, or a Secrets Manager reference — or one
 * Secrets Manager secret by ARN (`arn:aws:secretsmanager:…:secret:<name>[:json-key:version-stage:version-id]`), which
 * is read from Secrets Manager itself.
 */
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
  /** Path entries only. */
  readonly path?: never;
  /** Path entries only. */
  readonly recursive?: never;
  /** Path entries only. */
  readonly envPrefix?: never;
  /** Path entries only. */
  readonly types?: never;
  /** Path entries only. */
  readonly label?: never;
  /** Path entries only. */
  readonly manifest?: never;
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
  /** Only parameters of these types: at least one of `String`, `StringList`, `SecureString`. */
  readonly types?: readonly [ParameterType, ...ParameterType[]];
  /** Only parameter versions carrying this label. */
  readonly label?: string;
  /**
   * The names under the path, known ahead (`npx middy-ssm-env manifest <path>`). They are fetched with parallel
   * `GetParameters` calls instead of paging the path: one round trip of wall time, and at high throughput a
   * 3,000/s quota instead of 100/s. Names missing from SSM fail like any missing parameter; parameters added under
   * the path after the manifest was made are not seen until it is regenerated (`manifest --check` reports drift).
   * An empty list is refused when the middleware is created (the type cannot say so: manifests are read from files).
   */
  readonly manifest?: readonly string[];
  /** Name entries only. */
  readonly name?: never;
  /** Name entries only. */
  readonly default?: never;
  /** Name entries only. */
  readonly jsonKey?: never;
  /** Name entries only. */
  readonly env?: never;
}

/**
 * One entry of ECS's `secrets` array, in a task definition's exact shape: `process.env[name]` gets the value of
 * `valueFrom` — an SSM parameter name or ARN, or a Secrets Manager secret ARN (full, or partial without its
 * 6-character suffix) followed by ECS's optional `:json-key:version-stage:version-id`.
 *
 * @example
 * { name: 'DATABASE_PASSWORD', valueFrom: 'arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/db-AbCdEf:password::' }
 */
export interface EcsSecret {
  /** The environment variable to set (also the `request.internal` key). */
  readonly name: string;
  /** What to read, in ECS's syntax. As in ECS, a value that is not an ARN is a Parameter Store name. */
  readonly valueFrom: string;
}

/**
 * The part of `@aws-sdk/client-secrets-manager` this package uses, typed by shape so the optional peer need not be
 * installed to compile; the module itself (`import * as secretsManagerSdk from '@aws-sdk/client-secrets-manager'`)
 * fits.
 */
export interface SecretsManagerSdk {
  readonly SecretsManagerClient: new (config: never) => unknown;
  readonly BatchGetSecretValueCommand: new (input: never) => unknown;
  readonly GetSecretValueCommand: new (input: never) => unknown;
  readonly DescribeSecretCommand: new (input: never) => unknown;
}

/** What the functions deployed together know about their stampede (see {@link SsmEnvOptions.fleet}). */
export interface FleetOption {
  /** How many functions (execution environments) cold-start together, for example all the functions of a deploy. */
  readonly size: number;
  /**
   * The account's shared rate for GetParameter, GetParameters and GetParametersByPath, per second (its burst is
   * taken to be the same, as SSM's standard quota).
   * @default 40 (SSM's standard throughput)
   */
  readonly rate?: number;
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
   * ECS's `secrets` array, pasted from a task definition: each `process.env[name]` is set from its `valueFrom`
   * (whatever `setToEnv` says), and the value is also in `request.internal[name]`. Composes with `fetchData` and
   * `resolveEnvReferences`; a `name` used twice across them fails when the middleware is created. Secrets Manager
   * secrets need `@aws-sdk/client-secrets-manager` installed.
   * @default []
   */
  readonly secrets?: readonly EcsSecret[];
  /**
   * The `@aws-sdk/client-secrets-manager` module, for a bundle that ships its own SDK (`import * as
   * secretsManagerSdk from '@aws-sdk/client-secrets-manager'`). Without it the package is loaded by name the first
   * time a secret is read natively, which a bundler cannot follow: in Lambda the runtime's copy is then used, and
   * elsewhere it must be installed beside the bundle. Version 3.454 or later (BatchGetSecretValue).
   */
  readonly secretsManagerSdk?: SecretsManagerSdk;
  /**
   * For secrets read natively from Secrets Manager (not a pinned version id): also read each one's
   * `NextRotationDate` (`DescribeSecret`, one call per secret, needs `secretsmanager:DescribeSecret`), and treat the
   * value as due then, even when `cacheExpiry` is longer or forever — as `@middy/secrets-manager`'s
   * `fetchRotationDate`. A date already past (a rotation under way) is looked at again a minute later.
   * @default false
   */
  readonly fetchRotationDate?: boolean;
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
   * Validates (and may transform) the values `request.internal` receives, all at once: the object keyed by
   * `fetchData` key, after each entry's own `schema`. Any Standard Schema validator; its output (an object) replaces
   * the values — a schema that strips unknown keys drops them — and its type becomes {@link Internal}. A value that
   * fails fails the cold start, naming every key and rule (never a value); a refresh that fails keeps the last good
   * values.
   */
  readonly schema?: ValueSchema<Record<string, unknown>>;
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
   * Time budget in ms of a fetch nobody's invocation bounds: the prefetch started in the init phase (Lambda caps init
   * at 10 s), a stale-while-revalidate refresh in the background, `refresh()`, and an invocation without a Lambda
   * context (a script, a test harness). An invocation that waits for a running fetch waits until its own deadline,
   * and the fetch goes on for as long as the latest deadline among those waiting allows.
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
  /**
   * The deployment stampede, known ahead: how many functions cold-start together (`size`) and the account's rate
   * they share (`rate`, default 40/s). With it a process knows its fair share before its first call: it starts at
   * most its share of the burst at once, and on its first throttle it paces itself straight at rate ÷ size instead
   * of discovering that by doubling; further throttles widen its gap (the fleet is bigger than said). A size too big
   * is not outgrown — the stampede then takes that much longer (never past the deadline) — so give the functions
   * that really cold-start together, and when unsure err low (a size too small is corrected by throttles). Defaults to the environment variables `MIDDY_SSM_ENV_FLEET_SIZE` and
   * `MIDDY_SSM_ENV_QUOTA_TPS`; this option wins over them. Without a size the fleet-blind pacing applies. The first
   * middleware created in a process sets the pacing every middleware in it shares.
   */
  readonly fleet?: FleetOption;
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

/**
 * A parameter name carrying the type of its parsed value (see `ssmParam`). The brand is `@middy/ssm`'s
 * (`__returnType`), so a name marked with either package's `ssmParam` is typed the same.
 */
export type SsmParam<T> = string & { readonly __returnType?: T };

/** Marks "no type hint" apart from a hint of `unknown`. */
interface NoHint {
  readonly __noHint: true;
}

/** The type an `ssmParam<T>()` name carries, or {@link NoHint}. */
type HintOf<S> = S extends { readonly __returnType?: infer T } ? (unknown extends T ? NoHint : T) : NoHint;

/** A value as text (`parseValues: false`) or parsed (JSON, StringList: anything). */
type TextOr<Parse> = Parse extends false ? string : unknown;

/** A path's value: an object keyed by the part of each name below the path. */
type PathValue<Parse> = Record<string, TextOr<Parse>>;

/** A `fetchData` string's value: a path ends in `/`, a `#key` picks a JSON value, anything else is a name. */
type StringSpecValue<S extends string, Parse> = [HintOf<S>] extends [NoHint]
  ? string extends S
    ? Parse extends false
      ? string | PathValue<Parse>
      : unknown
    : S extends `${string}/`
      ? PathValue<Parse>
      : S extends `${string}#${string}`
        ? unknown
        : TextOr<Parse>
  : HintOf<S>;

/** `undefined` when an optional name entry without a default may be absent. */
type Absent<S> = S extends { readonly default: string }
  ? never
  : S extends { readonly optional: true }
    ? undefined
    : never;

type NameSpecValue<S extends { readonly name: string }, Parse> = [HintOf<S['name']>] extends [NoHint]
  ? (S extends { readonly jsonKey: string } ? unknown : StringSpecValue<S['name'], Parse>) | Absent<S>
  : HintOf<S['name']> | Absent<S>;

/**
 * The value one `fetchData` entry puts in `request.internal` (and the context): its schema's output, the type an
 * `ssmParam<T>()` name carries, text with `parseValues: false`, an object for a path, else `unknown`.
 */
export type FetchSpecValue<S, Parse = true> = S extends {
  readonly schema: infer Schema extends StandardSchemaV1;
}
  ? StandardSchemaV1.InferOutput<Schema>
  : S extends string
    ? StringSpecValue<S, Parse>
    : S extends { readonly path: string }
      ? PathValue<Parse>
      : S extends { readonly name: string }
        ? NameSpecValue<S, Parse>
        : unknown;

/** The values `fetchData` puts in `request.internal` / the context, typed from schemas and `ssmParam` hints. */
export type SsmEnvValues<TFetchData, Parse = true> = {
  -readonly [K in keyof TFetchData]: FetchSpecValue<TFetchData[K], Parse>;
};

type FetchDataOf<TOptions> = TOptions extends { readonly fetchData: infer F } ? F : Record<never, never>;
type ParseOf<TOptions> = TOptions extends { readonly parseValues: false } ? false : true;

/**
 * The values in `request.internal` for these options (as `@middy/ssm`'s `Internal`): the top-level `schema`'s
 * output when there is one, else a key per `fetchData` entry ({@link SsmEnvValues}).
 */
export type Internal<TOptions extends SsmEnvOptions | undefined> = TOptions extends {
  readonly schema: infer Schema extends ValueSchema<Record<string, unknown>>;
}
  ? StandardSchemaV1.InferOutput<Schema>
  : SsmEnvValues<FetchDataOf<TOptions>, ParseOf<TOptions>>;

/**
 * The context the handler sees for these options (as `@middy/ssm`'s `Context`): with `setToContext: true`, the
 * Lambda context and the values; otherwise the Lambda context.
 *
 * @example
 * ```ts
 * const options = { fetchData: { limits: ssmParam<{ perSecond: number }>('/myapp/limits') }, setToContext: true } as const;
 * middy<unknown, number, Error, Context<typeof options>>()
 *   .use(ssmEnv(options))
 *   .handler(async (_event, context) => context.limits.perSecond);
 * ```
 */
export type Context<TOptions extends SsmEnvOptions | undefined> = TOptions extends {
  readonly setToContext: true;
}
  ? LambdaContext & Internal<TOptions>
  : LambdaContext;

/** Maps every key of `T` that `Shape` does not have to `never`, so a misspelt option is an error at that key. */
type NoExtraKeys<T, Shape> = { readonly [K in Exclude<keyof T, keyof Shape>]: never };

type CheckedSpec<S> = S extends string
  ? S
  : S extends { readonly path: string }
    ? S & NoExtraKeys<S, PathSpec>
    : S & NoExtraKeys<S, NameSpec>;

/**
 * Something to fetch: options that provably have none of `fetchData`, `secrets` and `resolveEnvReferences` (a literal `{}`,
 * `{ setToEnv: true }`, `resolveEnvReferences: false` alone) are refused, as the middleware refuses them. Options
 * typed `SsmEnvOptions` may hold either, so they pass (and are checked when the middleware is created).
 */
type SomethingToFetch<TOptions> = 'fetchData' extends keyof TOptions
  ? unknown
  : 'secrets' extends keyof TOptions
    ? unknown
    : TOptions extends { readonly resolveEnvReferences: true | boolean }
      ? TOptions extends { readonly resolveEnvReferences: false }
        ? { readonly fetchData: Readonly<Record<string, FetchSpec>> }
        : unknown
      : { readonly fetchData: Readonly<Record<string, FetchSpec>> };

/** Each item of `secrets` on its own, so one misspelt key in one item is caught. */
type CheckedSecret<S> = S extends unknown ? S & NoExtraKeys<S, EcsSecret> : never;

/**
 * What `ssmEnv` accepts beyond `SsmEnvOptions`'s shape, as its checks at creation do: no unknown option (at the top,
 * in a spec, in `retry`, in `fleet`, in a `secrets` item), and something to fetch.
 */
export type CheckedOptions<TOptions> = TOptions &
  NoExtraKeys<TOptions, SsmEnvOptions> &
  SomethingToFetch<TOptions> &
  (TOptions extends { readonly fetchData: infer F }
    ? { readonly fetchData: { readonly [K in keyof F]: CheckedSpec<F[K]> } }
    : unknown) &
  (TOptions extends { readonly retry: infer R }
    ? { readonly retry: R & NoExtraKeys<R, RetryOptions> }
    : unknown) &
  (TOptions extends { readonly fleet: infer F }
    ? { readonly fleet: F & NoExtraKeys<F, FleetOption> }
    : unknown) &
  (TOptions extends { readonly secrets: readonly (infer S)[] }
    ? { readonly secrets: readonly CheckedSecret<S>[] }
    : unknown);
