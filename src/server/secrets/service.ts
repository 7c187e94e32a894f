import type { AccessPolicy } from '../access.js';
import { accessDeniedError, LocalSsmError, serviceUnavailableError } from '../errors.js';
import { parseRequestBody } from '../input.js';
import type { AccountScope } from '../names.js';
import type { ServiceApi } from '../service.js';
import type { Throttle } from '../throttle.js';
import type { Dialect } from '../types.js';
import { secretArnPrefix } from './arn.js';
import { decryptionFailure, internalServiceError, secretsThrottlingError } from './errors.js';
import { resourceArn } from './operations/context.js';
import { isSecretsManagerOperation, SECRETS_OPERATIONS, type SecretsContext } from './operations/index.js';

/** Secrets Manager, `X-Amz-Target: secretsmanager.<operation>`, on the same port as Parameter Store. */
export function createSecretsService(options: {
  scope: AccountScope;
  throttle: Throttle;
  access: AccessPolicy;
  dialect: Dialect;
  contextFor: (caller: string) => SecretsContext;
}): ServiceApi {
  const { scope, throttle, access, dialect, contextFor } = options;
  return {
    name: 'secretsmanager',
    targetPrefix: 'secretsmanager.',
    throttle,
    malformedBody: `{"ARN":"${secretArnPrefix(scope)}truncated","SecretString":`,
    operation: (name) => {
      if (!isSecretsManagerOperation(name)) return undefined;
      const handler = SECRETS_OPERATIONS[name];
      return (body, caller) => {
        try {
          return handler(body, contextFor(caller));
        } catch (error) {
          throw dialect === 'moto' ? asMoto(error) : error;
        }
      };
    },
    throttlingError: secretsThrottlingError,
    faultError: (fault, operation, caller, raw): LocalSsmError => {
      switch (fault) {
        case 'internalError':
          return internalServiceError();
        case 'serviceUnavailable':
          return serviceUnavailableError();
        case 'throttle':
          return secretsThrottlingError('local-injected-fault');
        case 'invalidKeyId':
          return decryptionFailure();
        case 'accessDenied':
          return accessDeniedError(
            access.principalArn(caller),
            `secretsmanager:${operation}`,
            resourceOf(scope, raw),
          );
      }
    },
  };
}

/** moto answers ResourceNotFoundException with HTTP 404 (`moto/secretsmanager/exceptions.py`); AWS with 400. */
function asMoto(error: unknown): unknown {
  if (error instanceof LocalSsmError && error.type === 'ResourceNotFoundException') {
    return new LocalSsmError(error.type, error.message, 404, error.extra);
  }
  return error;
}

/** The secret a request names, for the resource in an AccessDeniedException message. */
function resourceOf(scope: AccountScope, raw: string): string {
  let first: unknown;
  try {
    const body = parseRequestBody(raw);
    first = Array.isArray(body.SecretIdList) ? body.SecretIdList[0] : (body.SecretId ?? body.Name);
  } catch {
    first = undefined;
  }
  return typeof first === 'string' ? resourceArn(scope, first) : `${secretArnPrefix(scope)}*`;
}
