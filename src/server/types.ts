/**
 * Public types of the local SSM Parameter Store and Secrets Manager server (`middy-ssm-env/testing`).
 */

/** The SSM operations the local server answers (`X-Amz-Target: AmazonSSM.<operation>`). */
export type SsmOperation =
  | 'GetParameter'
  | 'GetParameters'
  | 'GetParametersByPath'
  | 'PutParameter'
  | 'DeleteParameter'
  | 'DeleteParameters'
  | 'LabelParameterVersion';

/** The Secrets Manager operations the local server answers (`X-Amz-Target: secretsmanager.<operation>`). */
export type SecretsManagerOperation =
  | 'GetSecretValue'
  | 'BatchGetSecretValue'
  | 'DescribeSecret'
  | 'CreateSecret'
  | 'PutSecretValue'
  | 'UpdateSecretVersionStage';

/**
 * Every operation the server answers, both services on one port. Any other `X-Amz-Target` gets
 * `UnknownOperationException`. The names do not overlap, so stats and fault scopes key on them directly.
 */
export type LocalOperation = SsmOperation | SecretsManagerOperation;

/** The two AWS services the server speaks. */
export type ServiceName = 'ssm' | 'secretsmanager';

/**
 * Which service's answers the server imitates for the details emulators are known to get differently:
 * - `'aws'` (default): as AWS documents and answers.
 * - `'moto'`: as moto (and LocalStack, which runs moto's SSM and Secrets Manager) answers, read from moto's source
 *   (`moto/ssm/models.py`, `moto/secretsmanager/exceptions.py`). A GetParameter(s) of
 *   `/aws/reference/secretsmanager/<id>` comes back with `Name` = the secret's bare name (not the reference name),
 *   `ARN` = an SSM parameter ARN of that name (not the secret's ARN), no `Selector`, a `SourceResult` holding the
 *   DescribeSecret document (not a GetSecretValue-like one), and a ParameterNotFound message naming the whole
 *   reference path. Secrets Manager's `ResourceNotFoundException` comes with HTTP 404 instead of AWS's 400.
 */
export type Dialect = 'aws' | 'moto';

/** Parameter types Parameter Store supports. */
export type ParameterType = 'String' | 'StringList' | 'SecureString';

/** One token bucket: `rate` calls per second refill it, up to `burst` tokens, shared by `operations`. */
export interface ThrottleBucket<Operation extends LocalOperation = SsmOperation> {
  /** Operations that draw from this bucket. An operation in no bucket is never throttled. */
  operations: readonly Operation[];
  /** Tokens added per second. */
  rate: number;
  /** Bucket capacity, which is also the number of tokens at start. @default rate */
  burst?: number;
  /** Sent back as `QuotaCode` on ThrottlingException. @default 'local-<first operation>' */
  quotaCode?: string;
}

/** A custom throughput profile. */
export interface ThrottleConfig<Operation extends LocalOperation = SsmOperation> {
  buckets: readonly ThrottleBucket<Operation>[];
}

/**
 * Throughput profile. `'standard'`: one bucket of 40/s (burst 40) shared by GetParameter, GetParameters and
 * GetParametersByPath, as an AWS account's default quota. `'high'`: GetParametersByPath 100/s, GetParameter +
 * GetParameters 3000/s. Writes are not throttled unless a custom config names them.
 */
export type Throughput = 'standard' | 'high' | ThrottleConfig;

/**
 * Secrets Manager's throughput profile: its own quota, never shared with Parameter Store's. `'standard'`: AWS's
 * published per-account quotas, GetSecretValue + DescribeSecret 10,000/s combined and BatchGetSecretValue 100/s (burst
 * = rate; AWS does not publish a burst). Writes are not throttled unless a custom config names them (AWS: 50/s for
 * PutSecretValue + UpdateSecretVersionStage and others combined).
 */
export type SecretsThroughput = 'standard' | ThrottleConfig<SecretsManagerOperation>;

/** A fixed latency in milliseconds, or a range drawn uniformly (with the server's seeded randomness). */
export type LatencySpec = number | { min: number; max: number };

/**
 * What an injected fault does to a call.
 * Secrets Manager calls get the same faults in Secrets Manager's words where they differ (noted below).
 * - `internalError`: HTTP 500 `InternalServerError` (Secrets Manager: `InternalServiceError`).
 * - `serviceUnavailable`: HTTP 503 `ServiceUnavailable` (the SDK has no class for it: a generic `SSMServiceException`).
 * - `throttle`: HTTP 400 `ThrottlingException` ("Rate exceeded"), counted as throttled.
 * - `accessDenied`: HTTP 400 `AccessDeniedException` naming the action and the resource ARN.
 * - `invalidKeyId`: HTTP 400 `InvalidKeyId`, as a KMS key problem on a SecureString shows up (Secrets Manager:
 *   `DecryptionFailure`).
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

/** Which calls a fault rule or script applies to. Every filter defaults to "every". */
export interface FaultScope {
  /** Only these operations. @default every operation */
  operations?: readonly LocalOperation[];
  /** Only calls to these services. @default both */
  services?: readonly ServiceName[];
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

/**
 * Rotation metadata of a secret, as DescribeSecret reports it (`RotationEnabled`, `RotationRules`,
 * `NextRotationDate`, `LastRotatedDate`, `RotationLambdaARN`). Dates are a `Date`, epoch milliseconds, or an ISO 8601
 * string (seed files use the last two). Nothing rotates by itself: call {@link LocalSsm.rotateSecret}.
 */
export interface SecretRotation {
  /** `RotationRules.AutomaticallyAfterDays`; {@link LocalSsm.rotateSecret} moves `NextRotationDate` by it. */
  automaticallyAfterDays?: number;
  /** @default lastRotatedDate + automaticallyAfterDays, if both are known */
  nextRotationDate?: Date | number | string;
  lastRotatedDate?: Date | number | string;
  /** @default a Lambda ARN in the server's account and Region */
  lambdaArn?: string;
}

/** A Secrets Manager secret to seed: served by the Secrets Manager API and as `/aws/reference/secretsmanager/<name>`. */
export interface SeedSecret {
  name: string;
  /**
   * The six characters AWS appends to the secret's ARN (`prod/db-AbCdEf`), to reproduce a real ARN in a test.
   * @default six characters derived from the name
   */
  arnSuffix?: string;
  /** The SecretString of the AWSCURRENT version; with `binary: true`, the base64 of its SecretBinary. */
  value: string;
  /** `value` is base64 of a SecretBinary. @default false */
  binary?: boolean;
  /** Version id of the current version. @default a random UUID */
  versionId?: string;
  /** Extra staging labels on the current version (AWSCURRENT is always added). */
  stages?: readonly string[];
  /** A value (or value and version id) seeded first, so it becomes AWSPREVIOUS. Same encoding as `value`. */
  previous?: string | { value: string; versionId?: string };
  description?: string;
  /** Rotation metadata; its presence makes DescribeSecret report `RotationEnabled: true`. */
  rotation?: SecretRotation;
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
  /** Parameter Store's quota. @default 'standard' */
  throughput?: Throughput;
  /** Secrets Manager's quota, separate from Parameter Store's. @default 'standard' */
  secretsThroughput?: SecretsThroughput;
  /** Whose answers to imitate where emulators differ from AWS. @default 'aws' */
  dialect?: Dialect;
  /**
   * Largest request body accepted, in bytes; a larger one gets HTTP 413 `RequestEntityTooLargeException` without
   * being read, and the connection is closed. @default 1 MiB ({@link DEFAULT_MAX_BODY_BYTES})
   */
  maxBodyBytes?: number;
  /** Latency added to every response. @default 0 */
  latencyMs?: LatencySpec;
  /** Latency of particular operations, overriding `latencyMs` for them. */
  operationLatencyMs?: Partial<Record<LocalOperation, LatencySpec>>;
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
  /** Secret-name prefixes denied from the start, as {@link LocalSsmFaults.denySecret}. */
  deniedSecrets?: readonly string[];
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
  /** The service the `X-Amz-Target` prefix named, or `'unknown'`. */
  service: ServiceName | 'unknown';
  /** Access key id from the SigV4 `Authorization` header, or `'anonymous'`. */
  caller: string;
  outcome: CallOutcome;
  /**
   * The error type sent (e.g. `ThrottlingException`, `RequestEntityTooLargeException`), or `Hang` /
   * `ConnectionReset` / `MalformedResponse`.
   */
  errorType?: string;
}

/** A snapshot of the server's accounting. */
export interface LocalSsmStats {
  /**
   * Calls per operation: every operation the server answers is present, at zero until called; an unknown
   * operation a client tried appears once it was called.
   */
  byOperation: Record<LocalOperation, CallCounts> & Record<string, CallCounts>;
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
  latency(latency: LatencySpec, operation?: LocalOperation): void;
  /**
   * Deny a path prefix, as an IAM deny would: GetParametersByPath on the prefix or below it, and GetParameter(s) of
   * names at or below it, get AccessDeniedException. Like AWS, a by-path call on an ancestor path is still allowed
   * and returns the parameters under the denied prefix.
   */
  denyPath(prefix: string): void;
  /** Undo {@link denyPath} for this exact prefix. */
  allowPath(prefix: string): void;
  /**
   * Deny the secrets whose name starts with `prefix` (IAM's `secret:<prefix>*`): their Secrets Manager calls get
   * AccessDeniedException, BatchGetSecretValue lists them in `Errors`, and their `/aws/reference/secretsmanager/`
   * reads fail with AccessDeniedException, as the reference needs `secretsmanager:GetSecretValue` too.
   */
  denySecret(prefix: string): void;
  /** Undo {@link denySecret} for this exact prefix. */
  allowSecret(prefix: string): void;
  /** Make every GetParametersByPath page carry a NextToken (on), or stop it. */
  endlessNextToken(on?: boolean): void;
  /** Change the paging mode of GetParametersByPath. */
  paging(mode: PagingMode): void;
  /**
   * Remove every rule, script, latency, denied path and secret, endless-token and paging setting (including those
   * from options).
   */
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
  /** A SecretString, or the bytes of a SecretBinary. */
  value: string | Uint8Array;
  versionId?: string;
  /** Extra staging labels on the new version (AWSCURRENT is always added). */
  stages?: readonly string[];
  /** Used when this call creates the secret. */
  description?: string;
  /** Rotation metadata, set (or replaced) by this call. */
  rotation?: SecretRotation;
}

/** Input of {@link LocalSsm.rotateSecret}. */
export interface RotateSecretInput {
  /** The secret's name or ARN. */
  name: string;
  /** The new AWSCURRENT value. */
  value: string | Uint8Array;
  versionId?: string;
}

/**
 * Environment variables that point unmodified SDK clients (SSM and Secrets Manager) at the server, with static
 * credentials and the server's Region.
 */
export interface LocalSsmEnv {
  AWS_ENDPOINT_URL_SSM: string;
  AWS_ENDPOINT_URL_SECRETS_MANAGER: string;
  AWS_REGION: string;
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
}

/** Client config for `new SSMClient(...)` and `new SecretsManagerClient(...)` alike. */
export interface LocalSsmClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** A running local server: SSM Parameter Store and Secrets Manager on one port. */
export interface LocalSsm {
  /** `http://HOST:PORT`, for both services. */
  readonly endpoint: string;
  readonly port: number;
  readonly region: string;
  readonly dialect: Dialect;
  /**
   * Config for `new SSMClient(...)` or `new SecretsManagerClient(...)`: endpoint, region, static credentials
   * (accessKeyId defaults to 'AKIDLOCAL').
   */
  clientConfig(accessKeyId?: string): LocalSsmClientConfig;
  /** `AWS_ENDPOINT_URL_SSM`, `AWS_ENDPOINT_URL_SECRETS_MANAGER`, `AWS_REGION` and static credentials. */
  env(accessKeyId?: string): LocalSsmEnv;
  /** Create or update a parameter; returns its new version. Throws a `LocalSsmError` (e.g. ValidationException). */
  putParameter(input: PutParameterInput): number;
  /** Delete a parameter and all its versions. Throws a `LocalSsmError` (`ParameterNotFound`) if absent. */
  deleteParameter(name: string): void;
  /** Attach labels to a version (default: the latest), moving them from other versions as AWS does. */
  labelParameterVersion(name: string, labels: readonly string[], version?: number): void;
  /**
   * Add a secret version (creating the secret if needed); it becomes AWSCURRENT and the old current one AWSPREVIOUS.
   * Returns its version id.
   */
  putSecret(input: PutSecretInput): string;
  /**
   * Rotate a secret as a rotation Lambda would finish: a new AWSCURRENT version, `LastRotatedDate` now, and
   * `NextRotationDate` moved by `automaticallyAfterDays` when the secret has it. Returns the new version id.
   */
  rotateSecret(input: RotateSecretInput): string;
  /** The full ARN (with its 6-character suffix) of a secret, by name or ARN. Throws ResourceNotFoundException. */
  secretArn(nameOrArn: string): string;
  /** Add parameters and secrets. */
  seed(data: SeedData): void;
  /** A snapshot of the accounting. */
  stats(): LocalSsmStats;
  /** Zero the counts and empty the call log. */
  resetStats(): void;
  /** Replace Parameter Store's throughput profile; the new buckets start full. */
  setThroughput(throughput: Throughput): void;
  /** Replace Secrets Manager's throughput profile; the new buckets start full. */
  setSecretsThroughput(throughput: SecretsThroughput): void;
  /** Fault injection. */
  readonly faults: LocalSsmFaults;
  /** Stop listening, end hanging requests and keep-alive sockets. */
  close(): Promise<void>;
}
