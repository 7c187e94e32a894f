/**
 * Checks options when the middleware is created, so a typo fails the deployment's first init with a `TypeError`
 * naming the option — not the first invocation, and never silently.
 */
import { optionError } from '../errors.js';
import { isReservedEnvName, isValidEnvName } from '../inject/envNames.js';
import { parsePath, parseReference } from '../references/parseReference.js';
import type { FetchSpec, NameSpec, PathSpec, SsmEnvOptions } from '../types.js';

type Check = (value: unknown, option: string) => void;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const boolean: Check = (value, option) => {
  if (typeof value !== 'boolean') throw optionError(option, 'a boolean');
};
const string: Check = (value, option) => {
  if (typeof value !== 'string' || value.length === 0) throw optionError(option, 'a non-empty string');
};
const func: Check = (value, option) => {
  if (typeof value !== 'function') throw optionError(option, 'a function');
};
const object: Check = (value, option) => {
  if (!isPlainObject(value)) throw optionError(option, 'an object');
};
const numberIn =
  (min: number, max: number, integer = false): Check =>
  (value, option) => {
    const ok = typeof value === 'number' && !Number.isNaN(value) && value >= min && value <= max;
    if (!ok || (integer && !Number.isInteger(value))) {
      throw optionError(option, `${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
    }
  };
const expiry: Check = (value, option) => {
  if (typeof value !== 'number' || !(value === -1 || value >= 0) || !Number.isFinite(value)) {
    throw optionError(option, '-1 (forever), 0 (never cache) or a duration in ms');
  }
};
const expiryMap: Check = (value, option) => {
  object(value, option);
  for (const [key, entry] of Object.entries(value as object)) expiry(entry, `${option}.${key}`);
};

const retryChecks: Record<string, Check> = {
  retries: numberIn(0, 100, true),
  baseDelay: numberIn(0, 60_000),
  throttleBaseDelay: numberIn(0, 60_000),
  maxDelay: numberIn(0, 300_000),
  attemptTimeout: numberIn(1, 900_000),
  jitter: (value, option) => {
    if (typeof value !== 'boolean' && typeof value !== 'function')
      throw optionError(option, 'a boolean or a function');
  },
};

const checkKnownKeys = (
  value: Record<string, unknown>,
  known: Record<string, Check>,
  prefix: string,
): void => {
  for (const [key, entry] of Object.entries(value)) {
    // Own keys only: `constructor` or `__proto__` must read as unknown options, not as Object.prototype members.
    const check = Object.hasOwn(known, key) ? known[key] : undefined;
    if (!check) {
      throw new TypeError(
        `middy-ssm-env: unknown option \`${prefix}${key}\`; known options: ${Object.keys(known).join(', ')}.`,
      );
    }
    if (entry !== undefined) check(entry, `${prefix}${key}`);
  }
};

const nameSpecChecks: Record<string, Check> = {
  name: string,
  jsonKey: string,
  optional: boolean,
  default: (value, option) => {
    if (typeof value !== 'string') throw optionError(option, 'a string');
  },
  cacheExpiry: expiry,
  env: (value, option) => {
    if (value !== false && (typeof value !== 'string' || !isValidEnvName(value))) {
      throw optionError(option, 'false or an environment variable name (letters, digits, _)');
    }
  },
};

const pathSpecChecks: Record<string, Check> = {
  path: string,
  recursive: boolean,
  optional: boolean,
  cacheExpiry: expiry,
  envPrefix: (value, option) => {
    if (value !== false && (typeof value !== 'string' || (value !== '' && !isValidEnvName(value)))) {
      throw optionError(option, 'false or an environment variable name prefix');
    }
  },
  types: (value, option) => {
    const ok =
      Array.isArray(value) && value.every((type) => ['String', 'StringList', 'SecureString'].includes(type));
    if (!ok) throw optionError(option, "an array of 'String', 'StringList', 'SecureString'");
  },
  label: string,
  manifest: (value, option) => {
    if (!Array.isArray(value) || value.length === 0 || !value.every((name) => typeof name === 'string')) {
      throw optionError(option, 'a non-empty array of parameter names');
    }
  },
};

const checkFetchSpec = (key: string, spec: FetchSpec): void => {
  const option = `fetchData.${key}`;
  const wrap = (error: unknown) =>
    new TypeError(
      `middy-ssm-env: \`${option}\`: ${error instanceof Error ? error.message.replace(/^middy-ssm-env: /, '') : String(error)}`,
      {
        cause: error,
      },
    );
  if (typeof spec === 'string') {
    try {
      if (spec.endsWith('/')) parsePath(spec);
      else parseReference(spec);
    } catch (error) {
      throw wrap(error);
    }
    return;
  }
  if (!isPlainObject(spec)) throw optionError(option, 'a string or an object with `name` or `path`');
  const hasName = 'name' in spec;
  if (hasName === 'path' in spec)
    throw optionError(option, 'an object with exactly one of `name` and `path`');
  checkKnownKeys(spec as Record<string, unknown>, hasName ? nameSpecChecks : pathSpecChecks, `${option}.`);
  const typed = spec as NameSpec | PathSpec;
  try {
    if ('name' in typed) parseReference(typed.name, typed.jsonKey);
    else {
      const path = parsePath(typed.path);
      for (const name of typed.manifest ?? []) {
        if (!parseReference(name).name.startsWith(path)) {
          throw new TypeError(`manifest name '${name}' is not under ${path}`);
        }
      }
    }
  } catch (error) {
    throw wrap(error);
  }
};

const optionChecks: Record<keyof SsmEnvOptions, Check> = {
  fetchData: (value, option) => {
    object(value, option);
    for (const [key, spec] of Object.entries(value as Record<string, FetchSpec>)) {
      if (key.length === 0) throw optionError(option, 'an object whose keys are non-empty');
      checkFetchSpec(key, spec);
    }
  },
  setToEnv: boolean,
  setToContext: boolean,
  resolveEnvReferences: boolean,
  toEnvName: func,
  overwriteEnv: boolean,
  parseValues: boolean,
  cacheKey: string,
  cacheExpiry: expiry,
  cacheKeyExpiry: expiryMap,
  expiryJitter: numberIn(0, 1),
  staleWhileRevalidate: boolean,
  maxStale: numberIn(0, Number.POSITIVE_INFINITY),
  refreshTimeout: numberIn(1, 900_000),
  disablePrefetch: boolean,
  initTimeout: numberIn(1, 900_000),
  deadlineMargin: numberIn(0, 900_000),
  retry: (value, option) => {
    object(value, option);
    checkKnownKeys(value as Record<string, unknown>, retryChecks, `${option}.`);
  },
  awsRequestLimit: numberIn(1, 10, true),
  concurrency: numberIn(1, 100, true),
  maxPages: numberIn(1, 1_000_000, true),
  AwsClient: func,
  awsClientOptions: object,
  awsClientAssumeRole: string,
  awsClientCapture: func,
  logger: (value, option) => {
    const ok = isPlainObject(value) || (typeof value === 'object' && value !== null);
    const shape = value as { warn?: unknown; error?: unknown };
    if (!ok || typeof shape.warn !== 'function' || typeof shape.error !== 'function') {
      throw optionError(option, 'an object with `warn` and `error` methods (console, a Powertools Logger)');
    }
  },
  onMetrics: func,
  onChange: func,
};

/**
 * Validates `ssmEnv` options. Throws a `TypeError` naming the first bad option and what was expected.
 * Called by `ssmEnv` itself; exported for tools that build options ahead.
 */
export const ssmEnvValidateOptions = (options: unknown): void => {
  if (!isPlainObject(options)) throw optionError('options', 'an object');
  checkKnownKeys(options, optionChecks, '');
  const typed = options as SsmEnvOptions;
  const keys = Object.keys(typed.fetchData ?? {});
  if (keys.length === 0 && !typed.resolveEnvReferences) {
    throw optionError('fetchData', 'an object with at least one key (or `resolveEnvReferences: true`)');
  }
  if (typed.setToEnv) {
    for (const [key, spec] of Object.entries(typed.fetchData ?? {})) {
      const isPath = typeof spec === 'string' ? spec.endsWith('/') : 'path' in spec;
      if (isPath) continue;
      const envName = typeof spec === 'object' && 'env' in spec ? spec.env : key;
      if (envName === false || envName === undefined) continue;
      if (!isValidEnvName(envName)) {
        throw optionError(
          `fetchData.${key}`,
          'a key usable as an environment variable name with `setToEnv` (or `env: false`)',
        );
      }
      if (isReservedEnvName(envName)) {
        throw new TypeError(
          `middy-ssm-env: \`fetchData.${key}\` would write ${envName}, which Lambda reserves.`,
        );
      }
    }
  }
};
