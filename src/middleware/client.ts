/**
 * The SSM client of one middleware, created once even when concurrent invocations ask for it together. The SDK's own
 * retries are switched off: ours are the one retry layer (3 SDK attempts × 13 of ours would be 39 requests a call).
 */
import type { SSMClient, SSMClientConfig } from '@aws-sdk/client-ssm';
import type { SsmEnvRequest } from '../types.js';
import type { Config } from './config.js';

export type SsmSender = Pick<SSMClient, 'send'>;

/** Returns the client, creating it on first use (with the first request's assumed-role credentials, if any). */
export const clientProvider = (config: Config): ((request?: SsmEnvRequest) => Promise<SsmSender>) => {
  let pending: Promise<SsmSender> | undefined;
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
    // A failed creation (no credentials for an assumed role yet) is tried again by the next invocation.
    pending ??= create(request).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
};
