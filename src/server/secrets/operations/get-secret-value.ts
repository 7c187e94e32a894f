import { checkLength, optionalString, requiredString } from '../../input.js';
import { secretValueEntry } from '../render.js';
import { authorizedSecret, type SecretsOperationHandler } from './context.js';

export const getSecretValue: SecretsOperationHandler = (body, context) => {
  const secretId = checkLength(requiredString(body, 'SecretId'), 'SecretId', 1, 2048);
  const versionId = optionalString(body, 'VersionId');
  const versionStage = optionalString(body, 'VersionStage');
  const secret = authorizedSecret(context, secretId, 'secretsmanager:GetSecretValue');
  return secretValueEntry(secret, context.secrets.select(secret, { versionId, versionStage }));
};
