import { checkLength, optionalString, type RequestBody, serializationError } from '../../input.js';
import { invalidParameter } from '../errors.js';
import { isBase64 } from '../payload.js';
import type { SecretPayload } from '../store.js';

const BOTH_OR_NEITHER = 'You must include SecretBinary or SecretString, but not both.';

/** `ClientRequestToken`, which becomes the version id: 32 to 64 characters. */
export function clientRequestToken(body: RequestBody): string | undefined {
  const token = optionalString(body, 'ClientRequestToken');
  return token === undefined ? undefined : checkLength(token, 'ClientRequestToken', 32, 64);
}

/**
 * The value of a CreateSecret or PutSecretValue: SecretString, or SecretBinary (base64 on the wire, as JSON 1.1
 * sends blobs). Both at once is refused, in the words of AWS's parameter documentation.
 */
export function optionalSecretValue(body: RequestBody): SecretPayload | undefined {
  const text = optionalString(body, 'SecretString');
  const binary = optionalString(body, 'SecretBinary');
  if (text !== undefined && binary !== undefined) throw invalidParameter(BOTH_OR_NEITHER);
  if (text !== undefined) return { kind: 'string', text };
  if (binary === undefined) return undefined;
  if (!isBase64(binary)) throw serializationError();
  return { kind: 'binary', bytes: Buffer.from(binary, 'base64') };
}

/** Like {@link optionalSecretValue}, for PutSecretValue, which needs one of the two. */
export function requiredSecretValue(body: RequestBody): SecretPayload {
  const value = optionalSecretValue(body);
  if (value === undefined) throw invalidParameter(BOTH_OR_NEITHER);
  return value;
}
