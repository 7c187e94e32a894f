import {
  LocalSsmError,
  parameterNotFound,
  SECRET_REFERENCE_SELECTOR_SYNTAX,
  validationError,
} from '../errors.js';
import { parameterArn, parseRequestedName } from '../names.js';
import { sourceResultOf } from '../secret-store.js';
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
  return context.access.check(action, name, context.caller, parameterArn(context.scope, name));
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
      // AWS's text, including the literal "null" it prints when there is no selector.
      const suffix = request.selector === undefined ? 'null' : `:${request.selector}`;
      throw new LocalSsmError(
        'ParameterNotFound',
        `An error occurred (ParameterNotFound) when referencing Secrets Manager: Secret ${request.referenceName.slice(1)}${suffix} not found.`,
      );
    }
    return {
      Name: request.referenceName,
      Type: 'SecureString',
      Value: found.version.value,
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
