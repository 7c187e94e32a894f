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

/**
 * One rule a value broke, without the value: which `fetchData` key, where inside its value, and what the schema
 * expected. A validator's message is kept only when it does not quote the value (valibot's do: "received …").
 */
export interface SchemaIssue {
  /** The `fetchData` key whose value failed, or undefined for a rule on the whole set of values. */
  readonly key?: string;
  /** The parameter name, ARN or path of that key, as requested. */
  readonly parameter?: string;
  /** Where inside the key's value (object keys and array indexes); empty for the value itself. */
  readonly path: readonly (string | number)[];
  /** What the schema expected: its message, or the issue's code and expectation when the message quoted the value. */
  readonly message: string;
}

/**
 * Thrown when a `schema` rejects the values (at a cold start; a refresh that fails validation keeps the last good
 * values instead). `issues` lists every rule broken, for every key, in one error. `cause` follows Middy's
 * convention: `{ package: 'middy-ssm-env', data: issues }`.
 */
export class SchemaValidationError extends SsmEnvError {
  override name = 'SchemaValidationError';
  readonly issues: readonly SchemaIssue[];

  constructor(issues: readonly SchemaIssue[]) {
    super(formatIssues(issues), { cause: { package: 'middy-ssm-env', data: issues } });
    this.issues = issues;
  }
}

/** `key.path[0].deeper` for an issue, or `(all values)` for a rule on the whole set. */
export const issueLocation = (issue: Pick<SchemaIssue, 'key' | 'path'>): string => {
  const inner = issue.path
    .map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`))
    .join('');
  if (issue.key === undefined) return inner === '' ? '(all values)' : inner.replace(/^\./, '');
  return `${issue.key}${inner}`;
};

const formatIssues = (issues: readonly SchemaIssue[]): string => {
  const lines = issues.map((issue) => {
    const parameter = issue.parameter === undefined ? '' : ` (${issue.parameter})`;
    return `  - ${issueLocation(issue)}${parameter}: ${issue.message}`;
  });
  const keys = new Set(issues.map((issue) => issue.key ?? issueLocation(issue)));
  const noun = keys.size === 1 ? 'value' : 'values';
  return `middy-ssm-env: ${keys.size} ${noun} failed schema validation:\n${lines.join('\n')}`;
};

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
