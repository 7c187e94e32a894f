/**
 * The SSM client of one middleware, and its Secrets Manager client when it reads secrets natively — each created once
 * even when concurrent invocations ask for it together. The SDK's own retries are switched off: ours are the one
 * retry layer (3 SDK attempts × 13 of ours would be 39 requests a call).
 */
import type { SSMClient, SSMClientConfig } from '@aws-sdk/client-ssm';
import { SECRETS_MANAGER_PACKAGE, SecretsManagerClientMissingError } from '../fetch/fetchSecrets.js';
import type {
  BatchSecretsOutput,
  SecretsManagerApi,
  SecretsManagerApis,
  SecretValueOutput,
} from '../fetch/types.js';
import type { SsmEnvRequest } from '../types.js';
import type { Config } from './config.js';

export type SsmSender = Pick<SSMClient, 'send'>;

/** The credentials `awsClientAssumeRole` names in `request.internal`, if it is set. */
const assumedCredentials = async (
  config: Config,
  request: SsmEnvRequest | undefined,
): Promise<SSMClientConfig['credentials'] | undefined> =>
  config.awsClientAssumeRole
    ? ((await request?.internal[config.awsClientAssumeRole]) as SSMClientConfig['credentials'])
    : undefined;

/** Returns the client, creating it on first use (with the first request's assumed-role credentials, if any). */
export const clientProvider = (config: Config): ((request?: SsmEnvRequest) => Promise<SsmSender>) => {
  let pending: Promise<SsmSender> | undefined;
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
  return (request) => {
    // A failed creation (no credentials for an assumed role yet) is tried again by the next invocation.
    pending ??= create(request).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
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
  const candidate = (typeof loaded === 'object' && loaded !== null ? loaded : {}) as Record<string, unknown>;
  const members = [
    'SecretsManagerClient',
    'BatchGetSecretValueCommand',
    'GetSecretValueCommand',
    'DescribeSecretCommand',
  ];
  if (!members.every((member) => typeof candidate[member] === 'function')) {
    throw new TypeError(
      `middy-ssm-env: ${SECRETS_MANAGER_PACKAGE} loaded without ${members.join(', ')}; install a version with BatchGetSecretValue (3.454 or later).`,
    );
  }
  return candidate as unknown as SecretsManagerModule;
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
  load: SecretsManagerLoader = loadSecretsManagerPackage,
): ((request?: SsmEnvRequest) => Promise<SecretsManagerApis>) => {
  let pending: Promise<SecretsManagerApis> | undefined;
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
  return (request) => {
    pending ??= create(request).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
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
