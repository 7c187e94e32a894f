/**
 * The package's small error family. Messages name options, keys and parameter names — never values.
 */

/** Why one requested parameter could not be resolved. */
export type FailureReason =
  | 'not-found'
  | 'access-denied'
  | 'invalid-key'
  | 'json-key-missing'
  | 'unavailable';

/**
 * What the underlying error said, without any value: the SDK error's name and message, the HTTP status and AWS's
 * request id. The message is left out where it could quote a response body (an unparseable answer).
 */
export interface FailureCause {
  readonly name: string;
  readonly message?: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  /** A Node.js system error code, such as `ECONNREFUSED` or `ENOTFOUND`. */
  readonly code?: string;
}

/** One key of `fetchData` (or one env reference) that could not be resolved. */
export interface ParameterFailure {
  /** The `fetchData` key, or the environment variable holding a reference. */
  readonly key: string;
  /** The parameter name, ARN or path as requested. */
  readonly parameter: string;
  readonly reason: FailureReason;
  /** A human explanation without values: for access denied, the IAM action to grant. */
  readonly detail: string;
  /** The error behind the failure, when there was one (a missing parameter in a successful answer has none). */
  readonly cause?: FailureCause;
}

/** The package's name in `cause.package`, Middy's convention for telling which middleware threw. */
const PACKAGE = 'middy-ssm-env';

/** Base class of every error this package throws at run time; `cause` is `{ package: 'middy-ssm-env' }` unless given. */
export class SsmEnvError extends Error {
  override name = 'SsmEnvError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause ?? { package: PACKAGE } });
  }
}

/**
 * Thrown when required parameters are missing or inaccessible, or a fetch ran out of time or retries.
 * `failures` lists every key that failed, so one error at cold start tells the whole story. `cause` follows Middy's
 * convention: `{ package: 'middy-ssm-env', data: failures }`.
 */
export class ParameterResolutionError extends SsmEnvError {
  override name = 'ParameterResolutionError';
  readonly failures: readonly ParameterFailure[];

  constructor(failures: readonly ParameterFailure[]) {
    super(formatFailures(failures), { cause: { package: PACKAGE, data: failures } });
    this.failures = failures;
  }
}

/** Two parameters map to one environment variable or one `request.internal`/context key. */
export class NameCollisionError extends SsmEnvError {
  override name = 'NameCollisionError';
  /** The two sources (parameter names or keys) that collide. */
  readonly sources: readonly [string, string];
  /** The environment variable or key they both map to. */
  readonly target: string;

  constructor(first: string, second: string, target: string, where: 'environment variable' | 'key') {
    super(`middy-ssm-env: ${first} and ${second} both map to the ${where} ${target}.`);
    this.sources = [first, second];
    this.target = target;
  }
}

/** A parameter maps to an environment variable name that is invalid or that Lambda reserves. */
export class EnvNameError extends SsmEnvError {
  override name = 'EnvNameError';
}

/** One-line description of a cause: `AccessDeniedException: … (HTTP 400, request id …)`. */
export const formatCause = (cause: FailureCause): string => {
  const facts = [
    ...(cause.httpStatus === undefined ? [] : [`HTTP ${cause.httpStatus}`]),
    ...(cause.requestId === undefined ? [] : [`request id ${cause.requestId}`]),
  ];
  const message = cause.message && cause.message !== cause.name ? `: ${cause.message}` : '';
  return `${cause.name}${message}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`;
};

const formatFailures = (failures: readonly ParameterFailure[]): string => {
  const lines = failures.map((f) => `  - ${f.key}: ${f.parameter} — ${f.detail}`);
  const noun = failures.length === 1 ? 'parameter' : 'parameters';
  return `middy-ssm-env could not resolve ${failures.length} ${noun}:\n${lines.join('\n')}`;
};

const hasPackageCause = (cause: unknown): boolean =>
  typeof cause === 'object' && cause !== null && (cause as { package?: unknown }).package === PACKAGE;

/**
 * Runs `check` (option parsing) and gives a `TypeError` it throws Middy's `cause: { package: 'middy-ssm-env' }`,
 * keeping an underlying cause as `data`.
 */
export const withPackageCause = <T>(check: () => T): T => {
  try {
    return check();
  } catch (error) {
    if (error instanceof TypeError && !hasPackageCause(error.cause)) {
      const data = error.cause;
      Object.defineProperty(error, 'cause', {
        value: { package: PACKAGE, ...(data === undefined ? {} : { data }) },
        writable: true,
        configurable: true,
      });
    }
    throw error;
  }
};

/** Builds the `TypeError` thrown for bad options, naming the option (p-retry's style). */
export const optionError = (option: string, expected: string): TypeError =>
  new TypeError(`middy-ssm-env: expected \`${option}\` to be ${expected}.`);
