import { checkLength, optionalString, requiredString } from '../../input.js';
import { authorizedSecret, type SecretsOperationHandler } from './context.js';

export const updateSecretVersionStage: SecretsOperationHandler = (body, context) => {
  const secretId = checkLength(requiredString(body, 'SecretId'), 'SecretId', 1, 2048);
  const stage = checkLength(requiredString(body, 'VersionStage'), 'VersionStage', 1, 256);
  const moveTo = optionalString(body, 'MoveToVersionId');
  const removeFrom = optionalString(body, 'RemoveFromVersionId');
  const secret = authorizedSecret(context, secretId, 'secretsmanager:UpdateSecretVersionStage');
  context.secrets.moveStage(secret, stage, moveTo, removeFrom);
  return { ARN: secret.arn, Name: secret.name };
};
