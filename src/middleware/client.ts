/**
 * The SSM client of one middleware, created when the first fetch needs it — not when the module loads — so the
 * endpoint and credentials are the ones in force when the fetch starts: a test that imports the handler first and sets
 * `AWS_ENDPOINT_URL_SSM` in `beforeAll` reaches its local server. The SDK reads the endpoint environment once per
 * client, at its first request; when that environment changes later (a local server restarted on another port), the
 * next fetch gets a new client rather than one still bound to the old endpoint, or to AWS.
 *
 * The SDK's own retries are switched off: ours are the one retry layer (3 SDK attempts × 13 of ours would be 39
 * requests a call).
 */
import type { SSMClient, SSMClientConfig } from '@aws-sdk/client-ssm';
import type { SsmEnvRequest } from '../types.js';
import type { Config } from './config.js';

export type SsmSender = Pick<SSMClient, 'send'>;

/** The environment variables the SDK takes an SSM endpoint from (besides the shared config file). */
const ENDPOINT_VARIABLES = [
  'AWS_ENDPOINT_URL_SSM',
  'AWS_ENDPOINT_URL',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
];

/** What the SDK would read as the configured endpoint now; constant unless the environment changes. */
const configuredEndpoint = (env: NodeJS.ProcessEnv): string =>
  ENDPOINT_VARIABLES.map((name) => env[name] ?? '').join('\u0000');

/**
 * Returns the client, creating it on first use (with the first request's assumed-role credentials, if any), and anew
 * when the endpoint environment changed since. `sdkEnv` is the environment the SDK reads: `process.env`.
 */
export const clientProvider = (
  config: Config,
  sdkEnv: NodeJS.ProcessEnv = process.env,
): ((request?: SsmEnvRequest) => Promise<SsmSender>) => {
  const explicitEndpoint = config.awsClientOptions.endpoint !== undefined;
  let pending: Promise<SsmSender> | undefined;
  let createdFor = '';
  const create = async (request?: SsmEnvRequest): Promise<SsmSender> => {
    const credentials = config.awsClientAssumeRole
      ? ((await request?.internal[config.awsClientAssumeRole]) as SSMClientConfig['credentials'])
      : undefined;
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
    const endpoint = explicitEndpoint ? '' : configuredEndpoint(sdkEnv);
    if (pending && endpoint !== createdFor) pending = undefined;
    createdFor = endpoint;
    // A failed creation (no credentials for an assumed role yet) is tried again by the next invocation.
    pending ??= create(request).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
};
