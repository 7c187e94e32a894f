import { LocalSsmError } from '../errors.js';

/**
 * Secrets Manager's errors over AWS JSON 1.1. The types and HTTP statuses are AWS's (API reference, "Common
 * Errors" and each action's "Errors"). The messages are not all documented: those AWS documents or that its
 * services are commonly seen to send are used as they are; the rest are plain sentences of ours, marked so below.
 */

export const SECRET_NOT_FOUND = "Secrets Manager can't find the specified secret.";

export function secretNotFound(): LocalSsmError {
  return new LocalSsmError('ResourceNotFoundException', SECRET_NOT_FOUND);
}

/** A secret without the version asked for (by staging label or version id). */
export function secretValueNotFound(by: 'staging label' | 'VersionId', value: string): LocalSsmError {
  return new LocalSsmError(
    'ResourceNotFoundException',
    `Secrets Manager can't find the specified secret value for ${by}: ${value}`,
  );
}

export function invalidParameter(message: string): LocalSsmError {
  return new LocalSsmError('InvalidParameterException', message);
}

export function invalidRequest(message: string): LocalSsmError {
  return new LocalSsmError('InvalidRequestException', message);
}

/** The message is not documented; this wording is ours. */
export function secretExists(name: string): LocalSsmError {
  return new LocalSsmError(
    'ResourceExistsException',
    `The operation failed because the secret ${name} already exists.`,
  );
}

/** The message is not documented; this wording is ours. */
export function versionExists(versionId: string): LocalSsmError {
  return new LocalSsmError(
    'ResourceExistsException',
    `A resource with the ID you requested already exists: version ${versionId} holds a different value.`,
  );
}

/** Secrets Manager's name for a server fault; the SDK models it as `InternalServiceError`. */
export function internalServiceError(): LocalSsmError {
  return new LocalSsmError('InternalServiceError', 'An error occurred on the server side.', 500);
}

/** A KMS problem decrypting a secret; the SDK models it as `DecryptionFailure`. */
export function decryptionFailure(): LocalSsmError {
  return new LocalSsmError(
    'DecryptionFailure',
    "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
  );
}

/**
 * Secrets Manager does not model ThrottlingException; the SDK builds a `SecretsManagerServiceException` named
 * `ThrottlingException` from `__type` and its retry strategy treats it as throttling by that name. The body AWS sends
 * (whether it carries QuotaCode/ServiceCode as SSM's does) is not documented; this one mirrors SSM's.
 */
export function secretsThrottlingError(quotaCode: string): LocalSsmError {
  return new LocalSsmError('ThrottlingException', 'Rate exceeded', 400, {
    QuotaCode: quotaCode,
    ServiceCode: 'secretsmanager',
  });
}
