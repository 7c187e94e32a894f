/**
 * Turns an SSM error into a value-free failure that says what to do: the IAM action to grant, the quota that
 * throttled, or the deadline that passed.
 */
import { describeError, isRetryableError, isThrottlingError, quotaCodeOf } from '../retry/classifyError.js';
import { DeadlineExceededError } from '../retry/withRetry.js';
import { PageLimitError } from './fetchByPath.js';
import type { FetchFailure } from './types.js';

const errorName = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string'
    ? (error as { name: string }).name
    : undefined;

/** The resource ARN an AccessDeniedException names (`… on resource: arn:…`), if any. */
export const deniedResource = (error: unknown): string | undefined => {
  const message = error instanceof Error ? error.message : '';
  return /on resource: (arn:\S+?)(?:[\s,]|$)/.exec(message)?.[1];
};

/**
 * @param action - the IAM action the failed call needs (`ssm:GetParameters`, `ssm:GetParametersByPath`).
 * @param isSecret - true for a Secrets Manager reference, which also needs `secretsmanager:GetSecretValue`.
 */
export const describeFailure = (error: unknown, action: string, isSecret = false): FetchFailure => {
  const name = errorName(error);
  if (name === 'AccessDeniedException') {
    const grant = isSecret ? `${action} and secretsmanager:GetSecretValue` : action;
    return { reason: 'access-denied', detail: `access denied: grant ${grant}`, cause: error };
  }
  if (name === 'InvalidKeyId' || name === 'KMSAccessDeniedException' || name === 'KMSException') {
    return {
      reason: 'invalid-key',
      detail: `cannot decrypt (${name}): grant kms:Decrypt on the parameter's KMS key`,
      cause: error,
    };
  }
  if (
    name === 'ParameterNotFound' ||
    name === 'ParameterVersionNotFound' ||
    name === 'ResourceNotFoundException'
  ) {
    return { reason: 'not-found', detail: `not found (${name})`, cause: error };
  }
  if (error instanceof DeadlineExceededError) {
    const last = error.cause;
    const quota = quotaCodeOf(last);
    const throttled = isThrottlingError(last) ? `SSM throttled${quota ? ` (quota ${quota})` : ''} and ` : '';
    return { reason: 'unavailable', detail: `${throttled}${error.message}`, cause: error };
  }
  if (error instanceof PageLimitError) return { reason: 'unavailable', detail: error.message, cause: error };
  const retried = isRetryableError(error) ? ' after retries' : '';
  return { reason: 'unavailable', detail: `${describeError(error)}${retried}`, cause: error };
};
