import type { AccessPolicy } from './access.js';
import {
  accessDeniedError,
  internalServerError,
  invalidKeyIdError,
  type LocalSsmError,
  serviceUnavailableError,
  throttlingError,
} from './errors.js';
import { parseRequestBody } from './input.js';
import { type AccountScope, parameterArn } from './names.js';
import { isSsmOperation, OPERATIONS, type OperationContext } from './operations/index.js';
import type { ServiceApi } from './service.js';
import type { Throttle } from './throttle.js';

/** Parameter Store, `X-Amz-Target: AmazonSSM.<operation>`. */
export function createSsmService(options: {
  scope: AccountScope;
  throttle: Throttle;
  access: AccessPolicy;
  contextFor: (caller: string) => OperationContext;
}): ServiceApi {
  const { scope, throttle, access, contextFor } = options;
  return {
    name: 'ssm',
    targetPrefix: 'AmazonSSM.',
    throttle,
    malformedBody: '{"Parameters":[{"Name":"/truncated","Value":',
    operation: (name) => {
      if (!isSsmOperation(name)) return undefined;
      const handler = OPERATIONS[name];
      return (body, caller) => handler(body, contextFor(caller));
    },
    throttlingError,
    faultError: (fault, operation, caller, raw): LocalSsmError => {
      switch (fault) {
        case 'internalError':
          return internalServerError();
        case 'serviceUnavailable':
          return serviceUnavailableError();
        case 'throttle':
          return throttlingError('local-injected-fault');
        case 'invalidKeyId':
          return invalidKeyIdError();
        case 'accessDenied':
          return accessDeniedError(
            access.principalArn(caller),
            `ssm:${operation}`,
            resourceArnOf(scope, raw),
          );
      }
    },
  };
}

/** The ARN of the parameter or path a request names, for the resource in an AccessDeniedException message. */
function resourceArnOf(scope: AccountScope, raw: string): string {
  let first: unknown;
  try {
    const body = parseRequestBody(raw);
    first = Array.isArray(body.Names) ? body.Names[0] : (body.Name ?? body.Path);
  } catch {
    first = undefined;
  }
  if (typeof first !== 'string') return parameterArn(scope, '*');
  return first.startsWith('arn:') ? first : parameterArn(scope, first);
}
