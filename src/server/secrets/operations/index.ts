import type { SecretsManagerOperation } from '../../types.js';
import { batchGetSecretValue } from './batch-get-secret-value.js';
import type { SecretsOperationHandler } from './context.js';
import { createSecret } from './create-secret.js';
import { describeSecret } from './describe-secret.js';
import { getSecretValue } from './get-secret-value.js';
import { putSecretValue } from './put-secret-value.js';
import { updateSecretVersionStage } from './update-secret-version-stage.js';

export type { SecretsContext, SecretsOperationHandler } from './context.js';

/** The operations the server answers, keyed by the name in `X-Amz-Target: secretsmanager.<name>`. */
export const SECRETS_OPERATIONS: Readonly<Record<SecretsManagerOperation, SecretsOperationHandler>> = {
  GetSecretValue: getSecretValue,
  BatchGetSecretValue: batchGetSecretValue,
  DescribeSecret: describeSecret,
  CreateSecret: createSecret,
  PutSecretValue: putSecretValue,
  UpdateSecretVersionStage: updateSecretVersionStage,
};

export function isSecretsManagerOperation(name: string): name is SecretsManagerOperation {
  return Object.hasOwn(SECRETS_OPERATIONS, name);
}
