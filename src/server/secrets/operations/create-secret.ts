import { checkLength, optionalString, requiredString } from '../../input.js';
import { resourceArn, type SecretsOperationHandler } from './context.js';
import { clientRequestToken, optionalSecretValue } from './value-input.js';

/** CreateSecret. Tags, replica Regions and the secret `Type` are accepted and ignored. */
export const createSecret: SecretsOperationHandler = (body, context) => {
  const name = requiredString(body, 'Name');
  const denied = context.access.checkSecret(
    'secretsmanager:CreateSecret',
    name,
    context.caller,
    resourceArn(context.scope, name),
  );
  if (denied) throw denied;
  const description = optionalString(body, 'Description');
  const { secret, version } = context.secrets.create({
    name,
    value: optionalSecretValue(body),
    versionId: clientRequestToken(body),
    description: description === undefined ? undefined : checkLength(description, 'Description', 0, 2048),
    kmsKeyId: optionalString(body, 'KmsKeyId'),
  });
  return { ARN: secret.arn, Name: secret.name, ...(version ? { VersionId: version.versionId } : {}) };
};
