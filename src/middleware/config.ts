/**
 * The only parser of options: shapes checked, defaults applied, every reference parsed once, and `fetchData` turned
 * into entries — each knowing where it comes from (a name or a path), where it goes (env, internal/context) and how
 * long it lives. Anything wrong throws a `TypeError` naming the option, when the middleware is created.
 */
import type { Entry, NameEntry, PathEntry, SecretEntry } from '../core/entries.js';
import { DEFAULT_QUOTA_TPS, FLEET_SIZE_VARIABLE, QUOTA_TPS_VARIABLE } from '../core/fleetVariables.js';
import type { SecretReference } from '../core/parameters.js';
import { optionError } from '../errors.js';
import { isReservedEnvName, isValidEnvName } from '../inject/envNames.js';
import { type EnvReference, findEnvReferences } from '../references/envReferences.js';
import { parsePath, parseReference } from '../references/parseReference.js';
import { isSecretArn, parseSecretArn, parseValueFrom } from '../references/parseValueFrom.js';
import type { FleetHint } from '../retry/pacer.js';
import type { ResolvedRetryOptions } from '../retry/withRetry.js';
import type { EcsSecret, NameSpec, PathSpec, SsmEnvOptions } from '../types.js';
import { defaults, PACKAGE_NAME } from './defaults.js';
import { checkOptionShapes, isPathSpec } from './optionChecks.js';
import { schemasOf, type ValueSchemas } from './schema.js';

type Defaulted = Omit<typeof defaults, 'retry' | 'AwsClient' | 'awsClientOptions' | 'logger'>;

/** Options after parsing: every default applied. */
export interface Config extends Readonly<Defaulted> {
  readonly entries: readonly Entry[];
  readonly cacheKey: string;
  readonly retry: ResolvedRetryOptions;
  /** The quota and, when known, how many functions cold-start together (the pacer's fleet hint). */
  readonly fleet: FleetHint;
  readonly AwsClient: NonNullable<SsmEnvOptions['AwsClient']>;
  readonly awsClientOptions: NonNullable<SsmEnvOptions['awsClientOptions']>;
  readonly logger: NonNullable<SsmEnvOptions['logger']>;
  readonly toEnvName?: SsmEnvOptions['toEnvName'];
  readonly awsClientAssumeRole?: SsmEnvOptions['awsClientAssumeRole'];
  readonly awsClientCapture?: SsmEnvOptions['awsClientCapture'];
  readonly onMetrics?: SsmEnvOptions['onMetrics'];
  readonly onChange?: SsmEnvOptions['onChange'];
  readonly secretsManagerSdk?: SsmEnvOptions['secretsManagerSdk'];
  readonly schemas: ValueSchemas;
}

/**
 * Members of the Lambda context: `setToContext` writing one of these would break the handler (or the runtime)
 * later, so such a key is refused when the middleware is created.
 */
const LAMBDA_CONTEXT_MEMBERS = new Set([
  'callbackWaitsForEmptyEventLoop',
  'functionName',
  'functionVersion',
  'invokedFunctionArn',
  'memoryLimitInMB',
  'awsRequestId',
  'logGroupName',
  'logStreamName',
  'identity',
  'clientContext',
  'tenantId',
  'getRemainingTimeInMillis',
  'done',
  'fail',
  'succeed',
]);

const entryId = (key: string, identity: readonly unknown[]): string =>
  `${key}\u0000${JSON.stringify(identity)}`;

/** Runs `parse`, rewording its TypeError to name the option it came from. */
const parsedFor = <T>(option: string, parse: () => T): T => {
  try {
    return parse();
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^middy-ssm-env: /, '') : String(error);
    throw new TypeError(`middy-ssm-env: \`${option}\`: ${why}`, { cause: error });
  }
};

const checkEnvName = (option: string, envName: string): void => {
  if (!isValidEnvName(envName)) {
    throw optionError(
      option,
      'a key usable as an environment variable name with `setToEnv` (or `env: false`)',
    );
  }
  if (isReservedEnvName(envName)) {
    throw new TypeError(`middy-ssm-env: \`${option}\` would write ${envName}, which Lambda reserves.`);
  }
};

const secretEntryId = (key: string, reference: SecretReference, optional: boolean): string =>
  entryId(key, ['secret', reference.request, reference.jsonKey ?? null, optional]);

/** What a `fetchData` entry naming one parameter or secret takes from its spec, whichever service reads it. */
const namedFields = (key: string, named: NameSpec, envName: string | undefined, expiry: number) => {
  const optional = named.optional === true || named.default !== undefined;
  return {
    key,
    expiry: named.cacheExpiry ?? expiry,
    optional,
    origin: 'fetchData',
    defaultValue: named.default,
    envName,
  } as const;
};

/** A `fetchData` entry naming a Secrets Manager secret by ARN: read from Secrets Manager itself. */
const toSecretEntry = (
  key: string,
  named: NameSpec,
  envName: string | undefined,
  expiry: number,
): SecretEntry => {
  const reference = parsedFor(`fetchData.${key}`, () => parseSecretArn(named.name, named.jsonKey));
  const fields = namedFields(key, named, envName, expiry);
  return { ...fields, kind: 'secret', id: secretEntryId(key, reference, fields.optional), reference };
};

const toNameEntry = (
  key: string,
  spec: string | NameSpec,
  options: SsmEnvOptions,
  expiry: number,
): NameEntry | SecretEntry => {
  const option = `fetchData.${key}`;
  const named: NameSpec = typeof spec === 'string' ? { name: spec } : spec;
  const envName = options.setToEnv && named.env !== false ? (named.env ?? key) : undefined;
  if (envName !== undefined) checkEnvName(option, envName);
  if (isSecretArn(named.name)) return toSecretEntry(key, named, envName, expiry);
  const reference = parsedFor(option, () => parseReference(named.name, named.jsonKey));
  const fields = namedFields(key, named, envName, expiry);
  return {
    ...fields,
    kind: 'name',
    id: entryId(key, ['name', reference.request, reference.jsonKey ?? null, fields.optional]),
    reference,
  };
};

const toPathEntry = (
  key: string,
  spec: string | PathSpec,
  options: SsmEnvOptions,
  expiry: number,
): PathEntry => {
  const option = `fetchData.${key}`;
  const pathSpec: PathSpec = typeof spec === 'string' ? { path: spec } : spec;
  const path = parsedFor(option, () => parsePath(pathSpec.path));
  for (const name of pathSpec.manifest ?? []) {
    const reference = parsedFor(`${option}.manifest`, () => parseReference(name));
    if (!reference.name.startsWith(path)) {
      throw new TypeError(`middy-ssm-env: \`${option}.manifest\`: name '${name}' is not under ${path}.`);
    }
  }
  const envPrefix = options.setToEnv && pathSpec.envPrefix !== false ? (pathSpec.envPrefix ?? '') : undefined;
  if (envPrefix && isReservedEnvName(envPrefix)) {
    throw new TypeError(
      `middy-ssm-env: \`${option}.envPrefix\` '${envPrefix}' would write names Lambda reserves; choose another prefix.`,
    );
  }
  const filters = [
    ...(pathSpec.types ? [{ Key: 'Type', Option: 'Equals', Values: [...pathSpec.types] }] : []),
    ...(pathSpec.label ? [{ Key: 'Label', Option: 'Equals', Values: [pathSpec.label] }] : []),
  ];
  const query = { path, recursive: pathSpec.recursive ?? true, ...(filters.length > 0 ? { filters } : {}) };
  return {
    kind: 'path',
    key,
    id: entryId(key, ['path', query, pathSpec.manifest ?? null, pathSpec.optional === true]),
    source: { id: key, query, manifest: pathSpec.manifest },
    expiry: pathSpec.cacheExpiry ?? expiry,
    optional: pathSpec.optional === true,
    origin: 'fetchData',
    envPrefix,
  };
};

const toReferenceEntry = (found: EnvReference, expiry: number): NameEntry | SecretEntry => {
  const base = {
    key: found.variable,
    expiry,
    optional: false,
    origin: 'envReference',
    envName: found.variable,
  } as const;
  return found.service === 'secretsmanager'
    ? {
        ...base,
        kind: 'secret',
        id: secretEntryId(found.variable, found.reference, false),
        reference: found.reference,
      }
    : {
        ...base,
        kind: 'name',
        id: entryId(found.variable, ['reference', found.reference.request, found.reference.jsonKey ?? null]),
        reference: found.reference,
      };
};

/**
 * One entry of ECS's `secrets` array: always written to `process.env[name]` (ECS's whole point), and to
 * `request.internal[name]`.
 */
const toEcsSecretEntry = (secret: EcsSecret, index: number, expiry: number): NameEntry | SecretEntry => {
  const option = `secrets[${index}] (${secret.name})`;
  checkEnvName(option, secret.name);
  const parsed = parsedFor(option, () => parseValueFrom(secret.valueFrom));
  const base = {
    key: secret.name,
    expiry,
    optional: false,
    origin: 'secrets',
    envName: secret.name,
  } as const;
  return parsed.service === 'secretsmanager'
    ? {
        ...base,
        kind: 'secret',
        id: secretEntryId(secret.name, parsed.reference, false),
        reference: parsed.reference,
      }
    : {
        ...base,
        kind: 'name',
        id: entryId(secret.name, ['name', parsed.reference.request, parsed.reference.jsonKey ?? null, false]),
        reference: parsed.reference,
      };
};

/**
 * Every variable two entries would both set is refused at creation: an ECS `secrets` name twice, a `secrets` name
 * that is also a `fetchData` key or env name, or a variable holding a reference.
 */
const checkDuplicateNames = (entries: readonly Entry[]): void => {
  const claimed = new Map<string, Entry>();
  const describe = (entry: Entry): string =>
    entry.origin === 'secrets'
      ? `\`secrets\` entry ${entry.key}`
      : entry.origin === 'envReference'
        ? `the reference in environment variable ${entry.key}`
        : `\`fetchData.${entry.key}\``;
  for (const entry of entries) {
    const names = new Set([entry.key, ...(entry.kind !== 'path' && entry.envName ? [entry.envName] : [])]);
    for (const name of names) {
      const previous = claimed.get(name);
      claimed.set(name, entry);
      // Collisions among fetchData entries and references are reported as they were before `secrets` existed.
      if (!previous || (previous.origin !== 'secrets' && entry.origin !== 'secrets')) continue;
      if (previous.origin === 'secrets' && entry.origin === 'secrets') {
        throw new TypeError(`middy-ssm-env: \`secrets\` names ${name} twice; keep one.`);
      }
      throw new TypeError(
        `middy-ssm-env: ${describe(previous)} and ${describe(entry)} would both set ${name}; keep one.`,
      );
    }
  }
};

/** A short stable hash (FNV-1a) so the default cache key differs per `fetchData` without being long. */
const hash = (text: string): string => {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return (value >>> 0).toString(36);
};

/** A positive number from an environment variable, or undefined when unset; anything else fails naming it. */
const envNumber = (env: NodeJS.ProcessEnv, name: string, integer: boolean): number | undefined => {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 1 || value > 100_000 || (integer && !Number.isInteger(value))) {
    throw new TypeError(
      `middy-ssm-env: expected environment variable ${name} to be ${integer ? 'an integer' : 'a number'} from 1 to 100000, got '${raw}'.`,
    );
  }
  return value;
};

/** The fleet hint: the `fleet` option wins over `MIDDY_SSM_ENV_FLEET_SIZE` / `MIDDY_SSM_ENV_QUOTA_TPS`. */
const resolveFleet = (option: SsmEnvOptions['fleet'], env: NodeJS.ProcessEnv): FleetHint => {
  const size = option?.size ?? envNumber(env, FLEET_SIZE_VARIABLE, true);
  const rate = option?.rate ?? envNumber(env, QUOTA_TPS_VARIABLE, false) ?? DEFAULT_QUOTA_TPS;
  return size === undefined ? { rate } : { size, rate };
};

/** A migrating user's `awsClientOptions.maxAttempts` keeps its meaning, moved to our single retry layer. */
const migratedRetries = (maxAttempts: unknown): { retries: number } | undefined =>
  typeof maxAttempts === 'number' && Number.isInteger(maxAttempts) && maxAttempts >= 1 && maxAttempts <= 101
    ? { retries: maxAttempts - 1 }
    : undefined;

/** Parses `options` (reading `env` once, for references) into a {@link Config}; throws a `TypeError` naming the option. */
export const buildConfig = (input: unknown, env: NodeJS.ProcessEnv): Config => {
  const options = checkOptionShapes(input);
  const keyedExpiry = options.cacheKey ? options.cacheKeyExpiry?.[options.cacheKey] : undefined;
  const expiry = keyedExpiry ?? options.cacheExpiry ?? defaults.cacheExpiry;
  const fetchData = options.fetchData ?? {};
  const setToContext = options.setToContext ?? defaults.setToContext;
  const entries: Entry[] = Object.entries(fetchData).map(([key, spec]) => {
    if (setToContext && LAMBDA_CONTEXT_MEMBERS.has(key)) {
      throw new TypeError(
        `middy-ssm-env: \`fetchData.${key}\` would replace the Lambda context's own \`${key}\` with \`setToContext\`; rename the key.`,
      );
    }
    return isPathSpec(spec)
      ? toPathEntry(key, spec as string | PathSpec, options, expiry)
      : toNameEntry(key, spec as string | NameSpec, options, expiry);
  });
  const references = options.resolveEnvReferences ? findEnvReferences(env) : [];
  for (const { variable } of references) {
    if (Object.hasOwn(fetchData, variable)) {
      throw new TypeError(
        `middy-ssm-env: \`fetchData.${variable}\` and the reference in environment variable ${variable} would both set ${variable}; keep one.`,
      );
    }
  }
  entries.push(...references.map((reference) => toReferenceEntry(reference, expiry)));
  const ecsSecrets = options.secrets ?? [];
  entries.push(...ecsSecrets.map((secret, index) => toEcsSecretEntry(secret, index, expiry)));
  checkDuplicateNames(entries);

  // Schemas are not part of the identity: middlewares with the same `fetchData` share the fetched values, and each
  // validates its own outputs.
  const identity = JSON.stringify([
    Object.fromEntries(
      Object.entries(fetchData).map(([key, spec]) =>
        typeof spec === 'string' ? [key, spec] : [key, { ...spec, schema: undefined }],
      ),
    ),
    references.map((reference) => [reference.variable, reference.reference.request]),
    ...(ecsSecrets.length > 0 ? [ecsSecrets.map((secret) => [secret.name, secret.valueFrom])] : []),
  ]);
  // An option given as `undefined` means its default, as with `??`.
  const given: SsmEnvOptions = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  );
  return {
    ...defaults,
    ...given,
    entries,
    setToContext,
    cacheKey: options.cacheKey ?? `${PACKAGE_NAME}:${hash(identity)}`,
    cacheExpiry: expiry,
    schemas: schemasOf(fetchData, options.schema, entries),
    fleet: resolveFleet(options.fleet, env),
    retry: {
      ...defaults.retry,
      ...migratedRetries(options.awsClientOptions?.maxAttempts),
      ...options.retry,
    },
  };
};
