import { type AccountScope, parameterArn } from '../names.js';
import type { ParameterVersion } from '../parameter-store.js';
import type { ParameterResponse } from './context.js';

/** Render a stored version; a SecureString read without decryption shows its ciphertext, never the plaintext. */
export function toParameterResponse(
  version: ParameterVersion,
  scope: AccountScope,
  withDecryption: boolean,
  selector?: string,
): ParameterResponse {
  const hidden = version.type === 'SecureString' && !withDecryption;
  return {
    Name: version.name,
    Type: version.type,
    Value: hidden ? (version.ciphertext ?? '') : version.value,
    Version: version.version,
    ...(selector === undefined ? {} : { Selector: selector }),
    LastModifiedDate: version.lastModified / 1000,
    ARN: parameterArn(scope, version.name),
    DataType: version.dataType,
  };
}
