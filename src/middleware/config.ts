/**
 * The only parser of options: shapes checked, defaults applied, every reference parsed once, and `fetchData` turned
 * into entries — each knowing where it comes from (a name or a path), where it goes (env, internal/context) and how
 * long it lives. Anything wrong throws a `TypeError` naming the option, when the middleware is created.
 */
import type { Entry, NameEntry, PathEntry } from '../core/entries.js';
import { optionError } from '../errors.js';
import { isReservedEnvName, isValidEnvName } from '../inject/envNames.js';
import { type EnvReference, findEnvReferences } from '../references/envReferences.js';
import { parsePath, parseReference } from '../references/parseReference.js';
import type { ResolvedRetryOptions } from '../retry/withRetry.js';
import type { NameSpec, PathSpec, SsmEnvOptions } from '../types.js';
import { defaults, PACKAGE_NAME } from './defaults.js';
import { checkOptionShapes, isPathSpec } from './optionChecks.js';
import { schemasOf, type ValueSchemas } from './schema.js';

type Defaulted = Omit<typeof defaults, 'retry' | 'AwsClient' | 'awsClientOptions' | 'logger'>;

/** Options after parsing: every default applied. */
export interface Config extends Readonly<Defaulted> {
  readonly entries: readonly Entry[];
  readonly cacheKey: string;
  readonly retry: ResolvedRetryOptions;
  readonly AwsClient: NonNullable<SsmEnvOptions['AwsClient']>;
  readonly awsClientOptions: NonNullable<SsmEnvOptions['awsClientOptions']>;
  readonly logger: NonNullable<SsmEnvOptions['logger']>;
  readonly toEnvName?: SsmEnvOptions['toEnvName'];
  readonly awsClientAssumeRole?: SsmEnvOptions['awsClientAssumeRole'];
  readonly awsClientCapture?: SsmEnvOptions['awsClientCapture'];
  readonly onMetrics?: SsmEnvOptions['onMetrics'];
  readonly onChange?: SsmEnvOptions['onChange'];
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

const toNameEntry = (
  key: string,
  spec: string | NameSpec,
  options: SsmEnvOptions,
  expiry: number,
): NameEntry => {
  const option = `fetchData.${key}`;
  const named: NameSpec = typeof spec === 'string' ? { name: spec } : spec;
  const envName = options.setToEnv && named.env !== false ? (named.env ?? key) : undefined;
  if (envName !== undefined) checkEnvName(option, envName);
  const reference = parsedFor(option, () => parseReference(named.name, named.jsonKey));
  const optional = named.optional === true || named.default !== undefined;
  return {
    kind: 'name',
    key,
    id: entryId(key, ['name', reference.request, reference.jsonKey ?? null, optional]),
    reference,
    expiry: named.cacheExpiry ?? expiry,
    optional,
    origin: 'fetchData',
    defaultValue: named.default,
    envName,
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

const toReferenceEntry = ({ variable, reference }: EnvReference, expiry: number): NameEntry => ({
  kind: 'name',
  key: variable,
  id: entryId(variable, ['reference', reference.request, reference.jsonKey ?? null]),
  reference,
  expiry,
  optional: false,
  origin: 'envReference',
  envName: variable,
});

/** A short stable hash (FNV-1a) so the default cache key differs per `fetchData` without being long. */
const hash = (text: string): string => {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return (value >>> 0).toString(36);
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

  // Schemas are not part of the identity: middlewares with the same `fetchData` share the fetched values, and each
  // validates its own outputs.
  const identity = JSON.stringify([
    Object.fromEntries(
      Object.entries(fetchData).map(([key, spec]) =>
        typeof spec === 'string' ? [key, spec] : [key, { ...spec, schema: undefined }],
      ),
    ),
    references.map((reference) => [reference.variable, reference.reference.request]),
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
    retry: {
      ...defaults.retry,
      ...migratedRetries(options.awsClientOptions?.maxAttempts),
      ...options.retry,
    },
  };
};
