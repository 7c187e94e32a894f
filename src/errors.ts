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

/** One key of `fetchData` (or one env reference) that could not be resolved. */
export interface ParameterFailure {
  /** The `fetchData` key, or the environment variable holding a reference. */
  readonly key: string;
  /** The parameter name, ARN or path as requested. */
  readonly parameter: string;
  readonly reason: FailureReason;
  /** A human explanation without values: for access denied, the IAM action to grant. */
  readonly detail: string;
}

/** Base class of every error this package throws at run time. */
export class SsmEnvError extends Error {
  override name = 'SsmEnvError';
}

/**
 * Thrown when required parameters are missing or inaccessible, or a fetch ran out of time or retries.
 * `failures` lists every key that failed, so one error at cold start tells the whole story.
 */
export class ParameterResolutionError extends SsmEnvError {
  override name = 'ParameterResolutionError';
  readonly failures: readonly ParameterFailure[];

  constructor(failures: readonly ParameterFailure[], options?: { cause?: unknown }) {
    super(formatFailures(failures), options);
    this.failures = failures;
  }
}

/** Two parameters map to one environment variable (or context key). */
export class NameCollisionError extends SsmEnvError {
  override name = 'NameCollisionError';
}

const formatFailures = (failures: readonly ParameterFailure[]): string => {
  const lines = failures.map((f) => `  - ${f.key}: ${f.parameter} — ${f.detail}`);
  const noun = failures.length === 1 ? 'parameter' : 'parameters';
  return `middy-ssm-env could not resolve ${failures.length} ${noun}:\n${lines.join('\n')}`;
};

/** Builds the `TypeError` thrown for bad options, naming the option (p-retry's style). */
export const optionError = (option: string, expected: string, cause?: unknown): TypeError =>
  new TypeError(`middy-ssm-env: expected \`${option}\` to be ${expected}.`, cause ? { cause } : undefined);
