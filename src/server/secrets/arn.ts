import { createHash } from 'node:crypto';
import type { AccountScope } from '../names.js';

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A secret's ARN: `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>`. AWS draws the six
 * characters at random when the secret is created; here they are derived from the name (same alphabet), so a seeded
 * secret keeps its ARN from run to run.
 */
export function secretArn(scope: AccountScope, name: string, arnSuffix?: string): string {
  if (arnSuffix !== undefined) {
    if (!/^[A-Za-z0-9]{6}$/.test(arnSuffix)) {
      throw new TypeError(`Expected \`arnSuffix\` to be 6 ASCII letters or digits, got '${arnSuffix}'`);
    }
    return `${secretArnPrefix(scope)}${name}-${arnSuffix}`;
  }
  const digest = createHash('sha256').update(name).digest();
  const suffix = Array.from(
    digest.subarray(0, 6),
    (byte) => SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length],
  ).join('');
  return `${secretArnPrefix(scope)}${name}-${suffix}`;
}

/** `arn:<partition>:secretsmanager:<region>:<account>:secret:`, what every secret ARN of the server starts with. */
export function secretArnPrefix(scope: AccountScope): string {
  return `arn:${scope.partition}:secretsmanager:${scope.region}:${scope.accountId}:secret:`;
}

/** A `SecretId` as sent: a name, or an ARN (full, or partial without the suffix) of this account and Region. */
export type SecretIdRequest =
  | { kind: 'name'; name: string }
  /** `resource` is everything after `secret:`: a full ARN's `name-AbCdEf`, or a partial ARN's bare name. */
  | { kind: 'arn'; arn: string; resource: string }
  /** A well-formed secret ARN of another account, Region or partition, or an ARN of another service. */
  | { kind: 'foreign' };

export function parseSecretId(secretId: string, scope: AccountScope): SecretIdRequest {
  if (!secretId.startsWith('arn:')) return { kind: 'name', name: secretId };
  const prefix = secretArnPrefix(scope);
  if (!secretId.startsWith(prefix) || secretId.length === prefix.length) return { kind: 'foreign' };
  return { kind: 'arn', arn: secretId, resource: secretId.slice(prefix.length) };
}

/** A Lambda function ARN in the server's account and Region (the default `RotationLambdaARN`). */
export function lambdaArn(scope: AccountScope, functionName: string): string {
  return `arn:${scope.partition}:lambda:${scope.region}:${scope.accountId}:function:${functionName}`;
}
