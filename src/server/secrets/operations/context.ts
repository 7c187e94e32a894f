import type { AccessPolicy } from '../../access.js';
import type { LocalSsmError } from '../../errors.js';
import type { RequestBody } from '../../input.js';
import type { AccountScope } from '../../names.js';
import type { NextTokenCodec } from '../../next-token.js';
import { parseSecretId, secretArnPrefix } from '../arn.js';
import { secretNotFound } from '../errors.js';
import type { Secret, SecretStore } from '../store.js';

/** What a Secrets Manager operation may use: the secret store, the access policy, paging tokens, the caller. */
export interface SecretsContext {
  readonly scope: AccountScope;
  readonly secrets: SecretStore;
  readonly access: AccessPolicy;
  readonly tokens: NextTokenCodec;
  readonly caller: string;
}

/** Handles one Secrets Manager operation: returns the response body, or throws a LocalSsmError. */
export type SecretsOperationHandler = (body: RequestBody, context: SecretsContext) => object;

/**
 * The secret a `SecretId` names, after the access check for `action`: AccessDeniedException if a denied prefix
 * covers it (checked first, as IAM is, so a denied missing secret is denied rather than not found), else
 * ResourceNotFoundException if there is none.
 */
export function authorizedSecret(context: SecretsContext, secretId: string, action: string): Secret {
  const { secret, denied } = lookUp(context, secretId, action);
  if (denied) throw denied;
  if (!secret) throw secretNotFound();
  return secret;
}

/** The secret (if any) and the access verdict for one `SecretId`, without throwing. */
export function lookUp(
  context: SecretsContext,
  secretId: string,
  action: string,
): { secret: Secret | undefined; denied: LocalSsmError | undefined } {
  const secret = context.secrets.find(secretId);
  const name = secret?.name ?? requestedName(context, secretId);
  const resource = secret?.arn ?? resourceArn(context.scope, secretId);
  const denied =
    name === undefined ? undefined : context.access.checkSecret(action, name, context.caller, resource);
  return { secret, denied };
}

/** The ARN an access message names for a `SecretId`: the secret's own, or the partial ARN of a requested name. */
export function resourceArn(scope: AccountScope, secretId: string): string {
  return secretId.startsWith('arn:') ? secretId : `${secretArnPrefix(scope)}${secretId}`;
}

function requestedName(context: SecretsContext, secretId: string): string | undefined {
  const request = parseSecretId(secretId, context.scope);
  if (request.kind === 'name') return request.name;
  if (request.kind === 'arn') return request.resource;
  return undefined;
}
