/**
 * Public types of the local SSM Parameter Store server (`middy-ssm-env/testing`).
 */

/** The SSM operations the local server answers. Any other `X-Amz-Target` gets `UnknownOperationException`. */
export type SsmOperation =
  | 'GetParameter'
  | 'GetParameters'
  | 'GetParametersByPath'
  | 'PutParameter'
  | 'DeleteParameter'
  | 'DeleteParameters'
  | 'LabelParameterVersion';

/** Parameter types Parameter Store supports. */
export type ParameterType = 'String' | 'StringList' | 'SecureString';

/** One token bucket: `rate` calls per second refill it, up to `burst` tokens, shared by `operations`. */
export interface ThrottleBucket {
  /** Operations that draw from this bucket. An operation in no bucket is never throttled. */
  operations: readonly SsmOperation[];
  /** Tokens added per second. */
  rate: number;
  /** Bucket capacity, which is also the number of tokens at start. @default rate */
  burst?: number;
  /** Sent back as `QuotaCode` on ThrottlingException. @default 'local-<first operation>' */
  quotaCode?: string;
}

/** A custom throughput profile. */
export interface ThrottleConfig {
  buckets: readonly ThrottleBucket[];
}

/**
 * Throughput profile. `'standard'`: one bucket of 40/s (burst 40) shared by GetParameter, GetParameters and
 * GetParametersByPath, as an AWS account's default quota. `'high'`: GetParametersByPath 100/s, GetParameter +
 * GetParameters 3000/s. Writes are not throttled unless a custom config names them.
 */
export type Throughput = 'standard' | 'high' | ThrottleConfig;

/** A fixed latency in milliseconds, or a range drawn uniformly (with the server's seeded randomness). */
export type LatencySpec = number | { min: number; max: number };

/**
 * What an injected fault does to a call.
 * - `internalError`: HTTP 500 `InternalServerError`.
 * - `serviceUnavailable`: HTTP 503 `ServiceUnavailable` (the SDK has no class for it: a generic `SSMServiceException`).
 * - `throttle`: HTTP 400 `ThrottlingException` ("Rate exceeded"), counted as throttled.
 * - `accessDenied`: HTTP 400 `AccessDeniedException` naming the action and the resource ARN.
 * - `invalidKeyId`: HTTP 400 `InvalidKeyId`, as a KMS key problem on a SecureString shows up.
 * - `hang`: never answers; the request stays open until the client aborts or the server closes.
 * - `reset`: runs the operation (a write takes effect), sends the headers and half the body, then destroys the socket.
 * - `malformed`: HTTP 200 with a body that is not valid JSON.
 */
export type FaultKind =
  | 'internalError'
  | 'serviceUnavailable'
  | 'throttle'
  | 'accessDenied'
  | 'invalidKeyId'
  | 'hang'
  | 'reset'
  | 'malformed';

/** Which calls a fault rule or script applies to. Both filters default to "every". */
export interface FaultScope {
  /** Only these operations. @default every operation */
  operations?: readonly SsmOperation[];
  /** Only these callers (access key ids). @default every caller */
  callers?: readonly string[];
}

/** A fault that fires on matching calls, every time, a number of times, or at a rate. */
export interface FaultRule extends FaultScope {
  kind: FaultKind;
  /** Chance (0–1) that a matching call gets the fault, drawn from the server's seeded randomness. @default 1 */
  probability?: number;
  /** Retire the rule after it has fired this many times. @default no limit */
  times?: number;
  /** Let this many matching calls through before the rule may fire. @default 0 */
  skip?: number;
}

/** One step of a fault script: a fault, or `'ok'` to let the call through. */
export type FaultStep = FaultKind | 'ok';

/** Handle returned by {@link LocalSsmFaults.add} and {@link LocalSsmFaults.script}. */
export interface FaultHandle {
  /** How many calls this rule or script has failed so far. */
  readonly fired: number;
  /** Remove the rule or script. */
  remove(): void;
}

/**
 * Best-effort paging of GetParametersByPath, as AWS allows: a page may hold 0 to MaxResults items plus a NextToken.
 * - `'full'`: pages are as full as MaxResults allows (default).
 * - `{ mode: 'script', pageSizes }`: the n-th ByPath call returns at most `pageSizes[n % length]` items; 0 gives an
 *   empty page that still carries a NextToken while items remain.
 * - `{ mode: 'random', emptyPageRate? }`: sizes drawn uniformly from 1..MaxResults with the server's seeded
 *   randomness; a page is empty with probability `emptyPageRate` (default 0.2).
 */
export type PagingMode =
  | 'full'
  | { mode: 'script'; pageSizes: readonly number[] }
  | { mode: 'random'; emptyPageRate?: number };

/** A parameter to seed. */
export interface SeedParameter {
  name: string;
  value: string;
  /** @default 'String' */
  type?: ParameterType;
  /** Labels attached to the version the seed creates. */
  labels?: readonly string[];
}

/** A Secrets Manager secret to seed, reachable as `/aws/reference/secretsmanager/<name>`. */
export interface SeedSecret {
  name: string;
  /** The SecretString of the AWSCURRENT version. */
  value: string;
  /** Version id of the current version. @default a random UUID */
  versionId?: string;
  /** Extra staging labels on the current version (AWSCURRENT is always added). */
  stages?: readonly string[];
  /** A value (or value and version id) seeded first, so it becomes AWSPREVIOUS. */
  previous?: string | { value: string; versionId?: string };
}

/** Seed data: parameters as a list or a map of name → String value, and secrets. */
export interface SeedData {
  parameters?: readonly SeedParameter[] | Readonly<Record<string, string>>;
  secrets?: readonly SeedSecret[];
}

/** Options of `startLocalSsm`. */
export interface LocalSsmOptions {
  /** @default 0 (a random free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Region used in ARNs; its partition (aws, aws-cn, aws-us-gov) too. @default 'us-east-1' */
  region?: string;
  /** @default '123456789012' */
  accountId?: string;
  /** Seed data, or the path of a JSON file holding it. */
  seed?: SeedData | string;
  /** @default 'standard' */
  throughput?: Throughput;
  /** Latency added to every response. @default 0 */
  latencyMs?: LatencySpec;
  /** Latency of particular operations, overriding `latencyMs` for them. */
  operationLatencyMs?: Partial<Record<SsmOperation, LatencySpec>>;
  /** Clock (ms) for the token buckets and the call log. @default Date.now */
  now?: () => number;
  /** How latency is waited for; inject to assert delays without waiting. @default a setTimeout that close() cancels */
  sleep?: (ms: number) => Promise<void>;
  /** Seed of the server's randomness (fault rates, latency ranges, random paging). @default random */
  randomSeed?: number;
  /** Faults active from the start. */
  faults?: readonly FaultRule[];
  /** Path prefixes denied from the start, as {@link LocalSsmFaults.denyPath}. */
  deniedPaths?: readonly string[];
  /** @default 'full' */
  paging?: PagingMode;
  /** Every GetParametersByPath page carries a NextToken, forever. @default false */
  endlessNextToken?: boolean;
}

/** Call counts. `total` = ok + throttled + failed. */
export interface CallCounts {
  ok: number;
  throttled: number;
  failed: number;
  total: number;
}

/** How a call ended. Any error other than throttling is `failed`. */
export type CallOutcome = 'ok' | 'throttled' | 'failed';

/** One call in the log. */
export interface CallRecord {
  /** Arrival time, from the server's clock (ms). */
  at: number;
  /** The operation from `X-Amz-Target` (may be an unknown name). */
  operation: string;
  /** Access key id from the SigV4 `Authorization` header, or `'anonymous'`. */
  caller: string;
  outcome: CallOutcome;
  /** The error type sent (e.g. `ThrottlingException`), or `Hang` / `ConnectionReset` / `MalformedResponse`. */
  errorType?: string;
}

/** A snapshot of the server's accounting. */
export interface LocalSsmStats {
  byOperation: Record<string, CallCounts>;
  byCaller: Record<string, CallCounts>;
  total: CallCounts;
  calls: CallRecord[];
}

/** Fault injection, changeable at runtime. */
export interface LocalSsmFaults {
  /** Add a fault rule; rules are checked in the order added, after scripts. */
  add(rule: FaultRule): FaultHandle;
  /**
   * Script the next matching calls: each step is used by one call, in order, then the script is spent.
   * Scripts are checked before rules.
   */
  script(steps: readonly FaultStep[], scope?: FaultScope): FaultHandle;
  /** Set the latency of every call, or of one operation (which then overrides the global latency). */
  latency(latency: LatencySpec, operation?: SsmOperation): void;
  /**
   * Deny a path prefix, as an IAM deny would: GetParametersByPath on the prefix or below it, and GetParameter(s) of
   * names at or below it, get AccessDeniedException. Like AWS, a by-path call on an ancestor path is still allowed
   * and returns the parameters under the denied prefix.
   */
  denyPath(prefix: string): void;
  /** Undo {@link denyPath} for this exact prefix. */
  allowPath(prefix: string): void;
  /** Make every GetParametersByPath page carry a NextToken (on), or stop it. */
  endlessNextToken(on?: boolean): void;
  /** Change the paging mode of GetParametersByPath. */
  paging(mode: PagingMode): void;
  /** Remove every rule, script, latency, denied path, endless-token and paging setting (including those from options). */
  clear(): void;
}

/** Input of {@link LocalSsm.putParameter}. */
export interface PutParameterInput {
  name: string;
  value: string;
  /** @default the current type, or 'String' for a new parameter */
  type?: ParameterType;
  /** Unlike the API, the harness overwrites by default. @default true */
  overwrite?: boolean;
}

/** Input of {@link LocalSsm.putSecret}. */
export interface PutSecretInput {
  name: string;
  value: string;
  versionId?: string;
  /** Extra staging labels on the new version (AWSCURRENT is always added). */
  stages?: readonly string[];
}

/** Client config for `new SSMClient(...)`. */
export interface LocalSsmClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** A running local SSM server. */
export interface LocalSsm {
  /** `http://HOST:PORT`. */
  readonly endpoint: string;
  readonly port: number;
  /** Config for `new SSMClient(...)`: endpoint, region, static credentials (accessKeyId defaults to 'AKIDLOCAL'). */
  clientConfig(accessKeyId?: string): LocalSsmClientConfig;
  /** Create or update a parameter; returns its new version. Throws a `LocalSsmError` (e.g. ValidationException). */
  putParameter(input: PutParameterInput): number;
  /** Delete a parameter and all its versions. Throws a `LocalSsmError` (`ParameterNotFound`) if absent. */
  deleteParameter(name: string): void;
  /** Attach labels to a version (default: the latest), moving them from other versions as AWS does. */
  labelParameterVersion(name: string, labels: readonly string[], version?: number): void;
  /** Add a secret version; it becomes AWSCURRENT and the old current one AWSPREVIOUS. Returns its version id. */
  putSecret(input: PutSecretInput): string;
  /** Add parameters and secrets. */
  seed(data: SeedData): void;
  /** A snapshot of the accounting. */
  stats(): LocalSsmStats;
  /** Zero the counts and empty the call log. */
  resetStats(): void;
  /** Replace the throughput profile; the new buckets start full. */
  setThroughput(throughput: Throughput): void;
  /** Fault injection. */
  readonly faults: LocalSsmFaults;
  /** Stop listening, end hanging requests and keep-alive sockets. */
  close(): Promise<void>;
}
