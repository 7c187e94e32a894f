/**
 * The shape of every option: types, ranges and known keys, checked before anything is parsed. A bad option throws a
 * `TypeError` naming it and what was expected.
 */
import { optionError } from '../errors.js';
import { isSecretsManagerModule, SECRETS_MANAGER_PACKAGE } from '../fetch/fetchSecrets.js';
import { isValidEnvName } from '../inject/envNames.js';
import type { FetchSpec, SsmEnvOptions } from '../types.js';
import { isStandardSchema } from './schema.js';

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
const schema: Check = (value, option) => {
  if (!isStandardSchema(value)) {
    throw optionError(
      option,
      'a Standard Schema (zod, valibot, arktype, …: an object with `~standard.validate`)',
    );
  }
};
const expiryMap: Check = (value, option) => {
  object(value, option);
  for (const [key, entry] of Object.entries(value as object)) expiry(entry, `${option}.${key}`);
};

const fleetChecks: Record<string, Check> = {
  size: numberIn(1, 100_000, true),
  rate: numberIn(1, 100_000),
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
  schema,
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
      Array.isArray(value) &&
      value.length > 0 &&
      value.every((type) => ['String', 'StringList', 'SecureString'].includes(type));
    if (!ok) throw optionError(option, "a non-empty array of 'String', 'StringList', 'SecureString'");
  },
  label: string,
  schema,
  manifest: (value, option) => {
    if (!Array.isArray(value) || value.length === 0 || !value.every((name) => typeof name === 'string')) {
      throw optionError(option, 'a non-empty array of parameter names');
    }
  },
};

/**
 * True for a `fetchData` value that names a path (a string ending in `/`, or an object with `path`). A key given as
 * `undefined` is absent, as the types' `path?: never` on a name spec allow.
 */
export const isPathSpec = (spec: FetchSpec): boolean =>
  typeof spec === 'string' ? spec.endsWith('/') : spec.path !== undefined;

const checkFetchSpec = (key: string, given: unknown): void => {
  const option = `fetchData.${key}`;
  if (typeof given === 'string') return;
  if (!isPlainObject(given)) throw optionError(option, 'a string or an object with `name` or `path`');
  const spec = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  const hasName = 'name' in spec;
  if (hasName === 'path' in spec)
    throw optionError(option, 'an object with exactly one of `name` and `path`');
  checkKnownKeys(spec, hasName ? nameSpecChecks : pathSpecChecks, `${option}.`);
  if (hasName) string(spec.name, `${option}.name`);
  else string(spec.path, `${option}.path`);
};

const ecsSecretChecks: Record<string, Check> = {
  name: (value, option) => {
    if (typeof value !== 'string' || !isValidEnvName(value)) {
      throw optionError(
        option,
        'an environment variable name (letters, digits, _; not starting with a digit)',
      );
    }
  },
  valueFrom: string,
};

/** ECS's `secrets` array: `[{ name, valueFrom }]`, both required, nothing else. */
const checkEcsSecrets: Check = (value, option) => {
  if (!Array.isArray(value)) throw optionError(option, 'an array of { name, valueFrom } (ECS `secrets`)');
  value.forEach((item: unknown, index) => {
    const at = `${option}[${index}]`;
    if (!isPlainObject(item)) throw optionError(at, 'an object { name, valueFrom }');
    checkKnownKeys(item, ecsSecretChecks, `${at}.`);
    for (const key of ['name', 'valueFrom'] as const) {
      if (item[key] === undefined)
        throw optionError(`${at}.${key}`, 'given (ECS requires both name and valueFrom)');
    }
  });
};

const optionChecks: Record<keyof SsmEnvOptions, Check> = {
  fetchData: (value, option) => {
    object(value, option);
    for (const [key, spec] of Object.entries(value as Record<string, unknown>)) {
      if (key.length === 0) throw optionError(option, 'an object whose keys are non-empty');
      checkFetchSpec(key, spec);
    }
  },
  secrets: checkEcsSecrets,
  secretsManagerSdk: (value, option) => {
    if (!isSecretsManagerModule(value)) {
      throw optionError(
        option,
        `the ${SECRETS_MANAGER_PACKAGE} module (import * as secretsManagerSdk from '${SECRETS_MANAGER_PACKAGE}'), 3.454 or later`,
      );
    }
  },
  setToEnv: boolean,
  setToContext: boolean,
  resolveEnvReferences: boolean,
  fetchRotationDate: boolean,
  toEnvName: func,
  overwriteEnv: boolean,
  parseValues: boolean,
  schema,
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
  fleet: (value, option) => {
    object(value, option);
    if ((value as { size?: unknown }).size === undefined)
      throw optionError(`${option}.size`, 'an integer from 1 to 100000');
    checkKnownKeys(value as Record<string, unknown>, fleetChecks, `${option}.`);
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

/** Checks the shape of every option (not yet the references inside them). */
export const checkOptionShapes = (options: unknown): SsmEnvOptions => {
  if (!isPlainObject(options)) throw optionError('options', 'an object');
  checkKnownKeys(options, optionChecks, '');
  const typed = options as SsmEnvOptions;
  const nothing =
    Object.keys(typed.fetchData ?? {}).length === 0 &&
    !typed.resolveEnvReferences &&
    (typed.secrets ?? []).length === 0;
  if (nothing) {
    throw optionError(
      'fetchData',
      'an object with at least one key (or `secrets: [{ name, valueFrom }]`, or `resolveEnvReferences: true`)',
    );
  }
  return typed;
};
