/**
 * Turns an SSM error into a value-free failure that says what to do: the IAM action to grant, the quota that
 * throttled, the deadline that passed, or the endpoint that could not be reached — with the underlying error's name,
 * message, HTTP status and request id as its cause.
 */
import { type FailureCause, formatCause } from '../errors.js';
import { classifyFailure, describeCause, quotaCodeOf } from '../retry/classifyError.js';
import { DeadlineExceededError } from '../retry/withRetry.js';
import { PageLimitError } from './fetchByPath.js';
import type { FetchFailure } from './types.js';

/** The resource ARN an AccessDeniedException names (`… on resource: arn:…`), if any. */
export const deniedResource = (error: unknown): string | undefined => {
  const message = error instanceof Error ? error.message : '';
  return /on resource: (arn:\S+?)(?:[\s,]|$)/.exec(message)?.[1];
};

const NOT_FOUND = new Set(['ParameterNotFound', 'ParameterVersionNotFound', 'ResourceNotFoundException']);
const KMS = new Set(['InvalidKeyId', 'KMSAccessDeniedException', 'KMSException', 'DecryptionFailure']);

/**
 * Hints for failures that happen before any request reaches AWS, or that never reach it: the SDK's message alone
 * does not say the fix.
 */
const setupHint = ({ message, code }: FailureCause): string => {
  if (message && /Region is missing/i.test(message))
    return ' (Lambda sets AWS_REGION; elsewhere set AWS_REGION, or pass awsClientOptions.region)';
  if (message && /Could not load credentials/i.test(message))
    return " (Lambda provides credentials through the function's role; elsewhere set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY — any values do for a local server)";
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return ' (the SSM host does not resolve: no network here? For a local server, set AWS_ENDPOINT_URL_SSM to its endpoint)';
  if (code === 'ECONNREFUSED')
    return ' (nothing listens there: is the endpoint right and the server running?)';
  return '';
};

/**
 * @param action - the IAM action the failed call needs (`ssm:GetParameters`, `ssm:GetParametersByPath`,
 *   `secretsmanager:GetSecretValue`).
 * @param isSecret - true for a `/aws/reference/secretsmanager/` reference, which also needs
 *   `secretsmanager:GetSecretValue`.
 * @param service - the service called, as messages name it.
 */
export const describeFailure = (
  error: unknown,
  action: string,
  isSecret = false,
  service: 'SSM' | 'Secrets Manager' = 'SSM',
): FetchFailure => {
  if (error instanceof DeadlineExceededError) {
    const last = error.cause;
    const cause = last === undefined ? undefined : describeCause(last);
    const quota = quotaCodeOf(last);
    const throttled =
      last !== undefined && classifyFailure(last) === 'throttled'
        ? `${service} throttled${quota ? ` (quota ${quota})` : ''} and `
        : '';
    const lastError = cause ? `; last error: ${formatCause(cause)}` : '';
    return {
      reason: 'unavailable',
      detail: `${throttled}${error.message}${lastError}`,
      ...(cause ? { cause } : {}),
    };
  }
  if (error instanceof PageLimitError) return { reason: 'unavailable', detail: error.message };
  const cause = describeCause(error);
  const { name } = cause;
  if (name === 'AccessDeniedException') {
    const grant = isSecret ? `${action} and secretsmanager:GetSecretValue` : action;
    return {
      reason: 'access-denied',
      detail: `access denied: grant ${grant} — ${formatCause(cause)}`,
      cause,
    };
  }
  if (KMS.has(name)) {
    return {
      reason: 'invalid-key',
      detail: `cannot decrypt: grant kms:Decrypt on the ${service === 'SSM' ? 'parameter' : 'secret'}'s KMS key — ${formatCause(cause)}`,
      cause,
    };
  }
  if (NOT_FOUND.has(name)) return { reason: 'not-found', detail: `not found (${name})`, cause };
  const kind = classifyFailure(error);
  const retried = kind === 'permanent' ? '' : ' (after retries)';
  return {
    reason: 'unavailable',
    detail: `${formatCause(cause)}${setupHint(cause)}${retried}`,
    cause,
  };
};
