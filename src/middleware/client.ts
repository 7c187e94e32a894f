/**
 * The SSM client of one middleware, and its Secrets Manager client when it reads secrets natively, each created when
 * the first fetch needs it — not when the module loads — so the endpoint and credentials are the ones in force when
 * the fetch starts: a test that imports the handler first and sets `AWS_ENDPOINT_URL_SSM` in `beforeAll` reaches its
 * local server. The SDK reads the endpoint environment once per client, at its first request; when that environment
 * changes later (a local server restarted on another port), the next fetch gets a new client rather than one still
 * bound to the old endpoint, or to AWS. Concurrent invocations share one creation.
 *
 * The SDK's own retries are switched off: ours are the one retry layer (3 SDK attempts × 13 of ours would be 39
 * requests a call).
 */
import type { SSMClient, SSMClientConfig } from '@aws-sdk/client-ssm';
import {
  isSecretsManagerModule,
  SECRETS_MANAGER_MEMBERS,
  SECRETS_MANAGER_PACKAGE,
  SecretsManagerClientMissingError,
} from '../fetch/fetchSecrets.js';
import type {
  BatchSecretsOutput,
  SecretsManagerApi,
  SecretsManagerApis,
  SecretValueOutput,
} from '../fetch/types.js';
import type { SsmEnvRequest } from '../types.js';
import type { Config } from './config.js';

export type SsmSender = Pick<SSMClient, 'send'>;

/** The environment variables the SDK takes a service's endpoint from (besides the shared config file). */
const endpointVariables = (service: 'SSM' | 'SECRETS_MANAGER') => [
  `AWS_ENDPOINT_URL_${service}`,
  'AWS_ENDPOINT_URL',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
];

/** What the SDK would read as the configured endpoint now; constant unless the environment changes. */
const configuredEndpoint = (env: NodeJS.ProcessEnv, service: 'SSM' | 'SECRETS_MANAGER'): string =>
  endpointVariables(service)
    .map((name) => env[name] ?? '')
    .join('\u0000');

/**
 * One creation shared by concurrent callers, made anew when `key()` changes (the endpoint environment) or when it
 * failed (no credentials for an assumed role yet: the next invocation tries again).
 */
const memoized = <T>(
  key: () => string,
  create: (request?: SsmEnvRequest) => Promise<T>,
): ((request?: SsmEnvRequest) => Promise<T>) => {
  let pending: Promise<T> | undefined;
  let createdFor = '';
  return (request) => {
    const current = key();
    if (pending && current !== createdFor) pending = undefined;
    createdFor = current;
    pending ??= create(request).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
};

/** The credentials `awsClientAssumeRole` names in `request.internal`, if it is set. */
const assumedCredentials = async (
  config: Config,
  request: SsmEnvRequest | undefined,
): Promise<SSMClientConfig['credentials'] | undefined> =>
  config.awsClientAssumeRole
    ? ((await request?.internal[config.awsClientAssumeRole]) as SSMClientConfig['credentials'])
    : undefined;

/**
 * Returns the client, creating it on first use (with the first request's assumed-role credentials, if any), and anew
 * when the endpoint environment changed since. `sdkEnv` is the environment the SDK reads: `process.env`.
 */
export const clientProvider = (
  config: Config,
  sdkEnv: NodeJS.ProcessEnv = process.env,
): ((request?: SsmEnvRequest) => Promise<SsmSender>) => {
  const explicitEndpoint = config.awsClientOptions.endpoint !== undefined;
  const create = async (request?: SsmEnvRequest): Promise<SsmSender> => {
    const credentials = await assumedCredentials(config, request);
    const created = new config.AwsClient({
      ...config.awsClientOptions,
      ...(credentials ? { credentials } : {}),
      maxAttempts: 1,
    });
    if (!config.awsClientCapture) return created;
    if (config.disablePrefetch) return config.awsClientCapture(created);
    config.logger.warn(
      'middy-ssm-env: awsClientCapture applies only with disablePrefetch (X-Ray needs an invocation).',
    );
    return created;
  };
  return memoized(() => (explicitEndpoint ? '' : configuredEndpoint(sdkEnv, 'SSM')), create);
};

/**
 * Loads the optional `@aws-sdk/client-secrets-manager` peer. The specifier is held in a variable so bundlers leave
 * the import alone: a function that reads no secret never needs the package, and Lambda's Node.js runtimes provide
 * it when the bundle does not.
 */
export type SecretsManagerLoader = () => Promise<unknown>;

const secretsManagerSpecifier: string = SECRETS_MANAGER_PACKAGE;
export const loadSecretsManagerPackage: SecretsManagerLoader = () => import(secretsManagerSpecifier);

/** The part of `@aws-sdk/client-secrets-manager` used, checked by shape when it loads. */
interface SecretsManagerModule {
  readonly SecretsManagerClient: new (
    config: Record<string, unknown>,
  ) => { send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown> };
  readonly BatchGetSecretValueCommand: new (input: { SecretIdList: string[] }) => unknown;
  readonly GetSecretValueCommand: new (input: {
    SecretId: string;
    VersionStage?: string;
    VersionId?: string;
  }) => unknown;
  readonly DescribeSecretCommand: new (input: { SecretId: string }) => unknown;
}

const isModuleNotFound = (error: unknown): boolean => {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    message?: unknown;
  };
  return (
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    (typeof message === 'string' && /Cannot find (module|package)/.test(message))
  );
};

const asSecretsManagerModule = (loaded: unknown): SecretsManagerModule => {
  if (!isSecretsManagerModule(loaded)) {
    throw new TypeError(
      `middy-ssm-env: ${SECRETS_MANAGER_PACKAGE} loaded without ${SECRETS_MANAGER_MEMBERS.join(', ')}; install a version with BatchGetSecretValue (3.454 or later).`,
    );
  }
  return loaded as SecretsManagerModule;
};

/**
 * Returns the Secrets Manager API by Region, loading the package on first use and creating a client per Region as
 * secrets need one (a secret named by ARN is read in the ARN's Region, as ECS does). Each client takes
 * `awsClientOptions` but its `endpoint` (that is SSM's; point Secrets Manager elsewhere with
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER`), the assumed-role credentials, and makes one attempt per call (ours are the
 * retries).
 */
export const secretsManagerProvider = (
  config: Config,
  loadByName: SecretsManagerLoader = loadSecretsManagerPackage,
  sdkEnv: NodeJS.ProcessEnv = process.env,
): ((request?: SsmEnvRequest) => Promise<SecretsManagerApis>) => {
  const given = config.secretsManagerSdk;
  const load = given ? () => Promise.resolve(given) : loadByName;
  const create = async (request?: SsmEnvRequest): Promise<SecretsManagerApis> => {
    let loaded: unknown;
    try {
      loaded = await load();
    } catch (error) {
      if (isModuleNotFound(error)) throw new SecretsManagerClientMissingError({ cause: error });
      throw error;
    }
    const sdk = asSecretsManagerModule(loaded);
    const { endpoint: _ssmEndpoint, ...shared } = config.awsClientOptions;
    const credentials = (await assumedCredentials(config, request)) ?? shared.credentials;
    const apis = new Map<string, SecretsManagerApi>();
    // The client's own Region, when it is known up front: an ARN in it shares the default client (and its batches).
    const ownRegion = typeof shared.region === 'string' ? shared.region : process.env.AWS_REGION;
    const apiFor = (region: string | undefined): SecretsManagerApi => {
      const key = region === undefined || region === ownRegion ? '' : region;
      let api = apis.get(key);
      if (!api) {
        api = secretsApi(
          sdk,
          new sdk.SecretsManagerClient({
            ...shared,
            ...(credentials ? { credentials } : {}),
            ...(key === '' ? {} : { region: key }),
            maxAttempts: 1,
          }),
        );
        apis.set(key, api);
      }
      return api;
    };
    return apiFor;
  };
  return memoized(() => configuredEndpoint(sdkEnv, 'SECRETS_MANAGER'), create);
};

/** The reads, over one client. */
const secretsApi = (
  sdk: SecretsManagerModule,
  client: InstanceType<SecretsManagerModule['SecretsManagerClient']>,
): SecretsManagerApi => ({
  batchGetSecretValue: (secretIds, abortSignal) =>
    client.send(new sdk.BatchGetSecretValueCommand({ SecretIdList: [...secretIds] }), {
      abortSignal,
    }) as Promise<BatchSecretsOutput>,
  getSecretValue: (query, abortSignal) =>
    client.send(
      new sdk.GetSecretValueCommand({
        SecretId: query.secretId,
        ...(query.versionStage === undefined ? {} : { VersionStage: query.versionStage }),
        ...(query.versionId === undefined ? {} : { VersionId: query.versionId }),
      }),
      { abortSignal },
    ) as Promise<SecretValueOutput>,
  describeSecret: (secretId, abortSignal) =>
    client.send(new sdk.DescribeSecretCommand({ SecretId: secretId }), { abortSignal }) as Promise<{
      NextRotationDate?: Date;
    }>,
});
