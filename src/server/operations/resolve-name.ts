import {
  LocalSsmError,
  parameterNotFound,
  SECRET_REFERENCE_SELECTOR_SYNTAX,
  validationError,
} from '../errors.js';
import { parameterArn, parseRequestedName } from '../names.js';
import { secretArnPrefix } from '../secrets/arn.js';
import { describeSecretBody, sourceResultOf } from '../secrets/render.js';
import type { Secret, SecretVersion } from '../secrets/store.js';
import type { OperationContext, ParameterResponse } from './context.js';
import { toParameterResponse } from './parameter-response.js';

export const NEEDS_DECRYPTION = 'WithDecryption flag must be True for retrieving a Secret Manager secret.';

/** The AccessDeniedException for reading this requested name, if a denied path covers it. */
export function accessDeniedFor(
  requested: string,
  action: string,
  context: OperationContext,
): LocalSsmError | undefined {
  const request = parseRequestedName(requested, context.scope);
  let name: string | undefined;
  if (request.kind === 'parameter') name = request.candidates[0];
  if (request.kind === 'secret') name = request.referenceName;
  if (name === undefined) return undefined;
  const denied = context.access.check(action, name, context.caller, parameterArn(context.scope, name));
  if (denied || request.kind !== 'secret') return denied;
  // A reference also needs secretsmanager:GetSecretValue on the secret. How AWS words that denial through SSM is not
  // documented; this sends IAM's message for the Secrets Manager action.
  const secret = context.secrets.find(request.secretId);
  return context.access.checkSecret(
    'secretsmanager:GetSecretValue',
    secret?.name ?? request.secretId,
    context.caller,
    secret?.arn ?? `${secretArnPrefix(context.scope)}${request.secretId}`,
  );
}

/**
 * Resolve a requested name (plain, `:version`, `:label`, ARN, or Secrets Manager reference) to the Parameter SSM
 * returns. Throws ParameterNotFound, ParameterVersionNotFound or ValidationException as GetParameter would.
 */
export function resolveRequestedName(
  requested: string,
  withDecryption: boolean,
  context: OperationContext,
): ParameterResponse {
  const request = parseRequestedName(requested, context.scope);
  if (request.kind === 'malformed') throw validationError(SECRET_REFERENCE_SELECTOR_SYNTAX);
  if (request.kind === 'foreign') throw parameterNotFound(requested);
  if (request.kind === 'secret') {
    // AWS checks the flag before looking the secret up, so a missing secret read without decryption fails the same way.
    if (!withDecryption) throw validationError(NEEDS_DECRYPTION);
    const found = context.secrets.resolve(request.secretId, request.selector);
    if (!found) {
      // AWS's text, including the literal "null" it prints when there is no selector; moto names the whole path.
      const suffix = request.selector === undefined ? 'null' : `:${request.selector}`;
      const shown =
        context.dialect === 'moto' ? request.referenceName : `${request.referenceName.slice(1)}${suffix}`;
      throw new LocalSsmError(
        'ParameterNotFound',
        `An error occurred (ParameterNotFound) when referencing Secrets Manager: Secret ${shown} not found.`,
      );
    }
    return context.dialect === 'moto'
      ? motoReference(found.secret, found.version, context)
      : {
          Name: request.referenceName,
          Type: 'SecureString',
          Value: referenceValue(found.version),
          Version: 0,
          ...(request.selector === undefined ? {} : { Selector: `:${request.selector}` }),
          SourceResult: sourceResultOf(found.secret, found.version),
          LastModifiedDate: found.version.created / 1000,
          ARN: found.secret.arn,
        };
  }
  const name =
    request.candidates.find((candidate) => context.parameters.has(candidate)) ?? request.candidates[0];
  if (name === undefined) throw parameterNotFound(requested);
  const version = context.parameters.select(name, request.selector);
  return toParameterResponse(version, context.scope, withDecryption, request.selector?.text);
}

/**
 * A reference as moto answers it (`moto/ssm/models.py`): named by the secret's bare name, with an SSM parameter ARN of
 * that name, no Selector, the DescribeSecret document as SourceResult and the secret's LastChangedDate.
 */
function motoReference(secret: Secret, version: SecretVersion, context: OperationContext): ParameterResponse {
  return {
    Name: secret.name,
    Type: 'SecureString',
    Value: referenceValue(version),
    Version: 0,
    SourceResult: JSON.stringify(describeSecretBody(secret)),
    LastModifiedDate: secret.lastChanged / 1000,
    ARN: parameterArn(context.scope, secret.name),
    DataType: 'text',
  };
}

/** A SecretString as is; a SecretBinary as base64 (what AWS returns for a binary secret here is not documented). */
function referenceValue(version: SecretVersion): string {
  return version.value.kind === 'string' ? version.value.text : version.value.bytes.toString('base64');
}
