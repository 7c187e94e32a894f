import { checkLength, requiredString } from '../../input.js';
import { describeSecretBody } from '../render.js';
import { authorizedSecret, type SecretsOperationHandler } from './context.js';

export const describeSecret: SecretsOperationHandler = (body, context) => {
  const secretId = checkLength(requiredString(body, 'SecretId'), 'SecretId', 1, 2048);
  return describeSecretBody(authorizedSecret(context, secretId, 'secretsmanager:DescribeSecret'));
};
