/**
 * Options after validation: defaults applied and `fetchData` turned into entries, each knowing where it comes from
 * (a name or a path), where it goes (env, internal/context) and how long it lives.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import type { PathSource } from '../fetch/fetchAll.js';
import { consoleLogger, type Logger } from '../observability/logger.js';
import { type EnvReference, findEnvReferences } from '../references/envReferences.js';
import { type ParameterReference, parsePath, parseReference } from '../references/parseReference.js';
import { defaultRetryOptions, type ResolvedRetryOptions } from '../retry/withRetry.js';
import type { FetchSpec, NameSpec, PathSpec, SsmEnvOptions } from '../types.js';

const PACKAGE_NAME = 'middy-ssm-env';

interface EntryBase {
  /** The `fetchData` key, or the environment variable holding a reference. */
  readonly key: string;
  /**
   * The entry's identity in a shared cache: its key and everything that decides its value. Middlewares sharing a
   * `cacheKey` with different `fetchData` then never read each other's values.
   */
  readonly id: string;
  /** Cache expiry in ms: -1 forever, 0 never, > 0 duration. */
  readonly expiry: number;
  readonly optional: boolean;
  /** True for `fetchData` entries (they go to `request.internal` and the context); false for env references. */
  readonly internal: boolean;
}

export interface NameEntry extends EntryBase {
  readonly kind: 'name';
  readonly reference: ParameterReference;
  readonly defaultValue?: string;
  /** The environment variable to write, if any. */
  readonly envName?: string;
}

export interface PathEntry extends EntryBase {
  readonly kind: 'path';
  readonly source: PathSource;
  /** Prefix of derived env names, or undefined to keep the path out of the env. */
  readonly envPrefix?: string;
}

export type Entry = NameEntry | PathEntry;

export interface Config {
  readonly entries: readonly Entry[];
  readonly cacheKey: string;
  readonly setToContext: boolean;
  readonly parseValues: boolean;
  readonly overwriteEnv: boolean;
  readonly toEnvName?: (parameterName: string, path: string) => string;
  readonly expiryJitter: number;
  readonly staleWhileRevalidate: boolean;
  readonly maxStale: number;
  readonly refreshTimeout: number;
  readonly disablePrefetch: boolean;
  readonly initTimeout: number;
  readonly deadlineMargin: number;
  readonly retry: ResolvedRetryOptions;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly maxPages: number;
  readonly AwsClient: NonNullable<SsmEnvOptions['AwsClient']>;
  readonly awsClientOptions: NonNullable<SsmEnvOptions['awsClientOptions']>;
  readonly awsClientAssumeRole?: string;
  readonly awsClientCapture?: SsmEnvOptions['awsClientCapture'];
  readonly logger: Logger;
  readonly onMetrics?: SsmEnvOptions['onMetrics'];
  readonly onChange?: SsmEnvOptions['onChange'];
}

const entryId = (key: string, identity: readonly unknown[]): string =>
  `${key}\u0000${JSON.stringify(identity)}`;

const isPathSpec = (spec: FetchSpec): boolean =>
  typeof spec === 'string' ? spec.endsWith('/') : 'path' in spec;

const toNameEntry = (
  key: string,
  spec: string | NameSpec,
  options: SsmEnvOptions,
  expiry: number,
): NameEntry => {
  const named: NameSpec = typeof spec === 'string' ? { name: spec } : spec;
  const envName = options.setToEnv && named.env !== false ? (named.env ?? key) : undefined;
  const reference = parseReference(named.name, named.jsonKey);
  const optional = named.optional === true || named.default !== undefined;
  return {
    kind: 'name',
    key,
    id: entryId(key, ['name', reference.request, reference.jsonKey ?? null, optional]),
    reference,
    expiry: named.cacheExpiry ?? expiry,
    optional,
    internal: true,
    ...(named.default === undefined ? {} : { defaultValue: named.default }),
    ...(envName === undefined ? {} : { envName }),
  };
};

const toPathEntry = (
  key: string,
  spec: string | PathSpec,
  options: SsmEnvOptions,
  expiry: number,
): PathEntry => {
  const pathSpec: PathSpec = typeof spec === 'string' ? { path: spec } : spec;
  const filters = [
    ...(pathSpec.types ? [{ Key: 'Type', Option: 'Equals', Values: [...pathSpec.types] }] : []),
    ...(pathSpec.label ? [{ Key: 'Label', Option: 'Equals', Values: [pathSpec.label] }] : []),
  ];
  const envPrefix = options.setToEnv && pathSpec.envPrefix !== false ? (pathSpec.envPrefix ?? '') : undefined;
  const query = {
    path: parsePath(pathSpec.path),
    recursive: pathSpec.recursive ?? true,
    ...(filters.length > 0 ? { filters } : {}),
  };
  return {
    kind: 'path',
    key,
    id: entryId(key, ['path', query, pathSpec.manifest ?? null, pathSpec.optional === true]),
    source: { id: key, query, ...(pathSpec.manifest ? { manifest: pathSpec.manifest } : {}) },
    expiry: pathSpec.cacheExpiry ?? expiry,
    optional: pathSpec.optional === true,
    internal: true,
    ...(envPrefix === undefined ? {} : { envPrefix }),
  };
};

const toReferenceEntry = ({ variable, reference }: EnvReference, expiry: number): NameEntry => ({
  kind: 'name',
  key: variable,
  id: entryId(variable, ['reference', reference.request, reference.jsonKey ?? null]),
  reference,
  expiry,
  optional: false,
  internal: false,
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

const migratedRetries = (maxAttempts: unknown): { retries: number } | undefined =>
  typeof maxAttempts === 'number' && Number.isInteger(maxAttempts) && maxAttempts >= 1 && maxAttempts <= 101
    ? { retries: maxAttempts - 1 }
    : undefined;

/** Builds the config from validated options; `env` is read once, for references. */
export const buildConfig = (options: SsmEnvOptions, env: NodeJS.ProcessEnv): Config => {
  const keyedExpiry = options.cacheKey ? options.cacheKeyExpiry?.[options.cacheKey] : undefined;
  const expiry = keyedExpiry ?? options.cacheExpiry ?? -1;
  const fetchData = options.fetchData ?? {};
  const entries: Entry[] = Object.entries(fetchData).map(([key, spec]) =>
    isPathSpec(spec)
      ? toPathEntry(key, spec as string | PathSpec, options, expiry)
      : toNameEntry(key, spec as string | NameSpec, options, expiry),
  );
  const references = options.resolveEnvReferences ? findEnvReferences(env) : [];
  for (const { variable } of references) {
    if (Object.hasOwn(fetchData, variable)) {
      throw new TypeError(
        `middy-ssm-env: \`fetchData.${variable}\` and the reference in environment variable ${variable} would both set ${variable}; keep one.`,
      );
    }
  }
  entries.push(...references.map((reference) => toReferenceEntry(reference, expiry)));

  const retry: ResolvedRetryOptions = {
    ...defaultRetryOptions,
    // A migrating user's `maxAttempts` keeps its meaning, moved to our single retry layer (a provider function is
    // the SDK's business and is not read).
    ...(migratedRetries(options.awsClientOptions?.maxAttempts) ?? {}),
    ...options.retry,
  };
  const identity = JSON.stringify([
    fetchData,
    references.map((reference) => [reference.variable, reference.reference.request]),
  ]);

  return {
    entries,
    cacheKey: options.cacheKey ?? `${PACKAGE_NAME}:${hash(identity)}`,
    setToContext: options.setToContext ?? false,
    parseValues: options.parseValues ?? true,
    overwriteEnv: options.overwriteEnv ?? false,
    ...(options.toEnvName ? { toEnvName: options.toEnvName } : {}),
    expiryJitter: options.expiryJitter ?? 0.1,
    staleWhileRevalidate: options.staleWhileRevalidate ?? false,
    maxStale: options.maxStale ?? Number.POSITIVE_INFINITY,
    refreshTimeout: options.refreshTimeout ?? 1000,
    disablePrefetch: options.disablePrefetch ?? false,
    initTimeout: options.initTimeout ?? 9000,
    deadlineMargin: options.deadlineMargin ?? 1000,
    retry,
    batchSize: options.awsRequestLimit ?? 10,
    concurrency: options.concurrency ?? 20,
    maxPages: options.maxPages ?? 1000,
    AwsClient: options.AwsClient ?? SSMClient,
    awsClientOptions: options.awsClientOptions ?? {},
    ...(options.awsClientAssumeRole ? { awsClientAssumeRole: options.awsClientAssumeRole } : {}),
    ...(options.awsClientCapture ? { awsClientCapture: options.awsClientCapture } : {}),
    logger: options.logger ?? consoleLogger,
    ...(options.onMetrics ? { onMetrics: options.onMetrics } : {}),
    ...(options.onChange ? { onChange: options.onChange } : {}),
  };
};
