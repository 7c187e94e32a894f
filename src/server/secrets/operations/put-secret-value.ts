import { checkLength, optionalStringList, requiredString } from '../../input.js';
import { CURRENT } from '../store.js';
import { authorizedSecret, type SecretsOperationHandler } from './context.js';
import { clientRequestToken, requiredSecretValue } from './value-input.js';

/**
 * PutSecretValue. The new version gets exactly `VersionStages` (default AWSCURRENT); taking AWSCURRENT moves the old
 * current version to AWSPREVIOUS. A version staged only as, say, AWSPENDING leaves AWSCURRENT where it was.
 */
export const putSecretValue: SecretsOperationHandler = (body, context) => {
  const secretId = checkLength(requiredString(body, 'SecretId'), 'SecretId', 1, 2048);
  const value = requiredSecretValue(body);
  const versionId = clientRequestToken(body);
  const stages = optionalStringList(body, 'VersionStages', 1, 20) ?? [CURRENT];
  const secret = authorizedSecret(context, secretId, 'secretsmanager:PutSecretValue');
  const version = context.secrets.addVersion(secret, { value, versionId, stages });
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.versionId,
    VersionStages: [...version.stages],
  };
};
