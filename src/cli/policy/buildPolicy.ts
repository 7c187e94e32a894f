/**
 * The least-privilege IAM policy for what the middleware calls, and nothing else:
 * - `ssm:GetParametersByPath` on each path. Parameter Store authorizes that call on the requested path, not on the
 *   parameters it returns (SSM user guide, "How Parameter Store authorizes parameter retrieval"), so the resource is
 *   the path itself — `parameter/myapp/prod/` as the middleware sends it (with its trailing `/`; an
 *   AccessDeniedException quotes the path that way), plus `parameter/myapp/prod` so a path configured without the
 *   slash works too. No `/*`: ByPath does not need it.
 * - `ssm:GetParameters` on each named parameter (its ARN without selector or `#key`), and on `parameter/<path>*` for
 *   a path fetched with a manifest, which the middleware reads with GetParameters instead of paging.
 * - `secretsmanager:GetSecretValue` on `secret:<id>-??????` for each `/aws/reference/secretsmanager/<id>` (Secrets
 *   Manager appends six random characters to a secret's ARN).
 * - For secrets read natively (a Secrets Manager ARN, ECS's `valueFrom`, or a `secretsmanager:` reference in ECS's
 *   field syntax): `secretsmanager:GetSecretValue` on each secret — `secret:<name>-??????` for a partial ARN, and the
 *   ARN as given too when it may be a full one — and, when two or more current versions are read (the middleware
 *   batches them), `secretsmanager:BatchGetSecretValue`, which IAM authorizes on `*` (each secret still needs
 *   GetSecretValue).
 * - `kms:Decrypt` on the customer managed keys given, only through SSM (`kms:ViaService`), and through Secrets Manager
 *   when secrets are referenced. The AWS managed key `aws/ssm` needs no statement: its key policy already lets every
 *   principal of the account decrypt through SSM, and IAM cannot name a key by alias anyway.
 * The middleware never calls GetParameter, so it is not granted.
 */
import type { SecretReference } from '../../core/parameters.js';
import { parseEnvReference, unwrapEnvReference } from '../../references/envReferences.js';
import {
  type ParameterReference,
  parsePath,
  parseReference,
  SECRETS_MANAGER_PREFIX,
} from '../../references/parseReference.js';
import { isSecretArn, parseSecretArn, readsCurrentVersion } from '../../references/parseValueFrom.js';

/** Where the resources live. `*` stands for any Region or account. */
export interface PolicyScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

export interface PolicyInput {
  /** Paths (ending in `/`), names, ARNs, `name:selector`, `/aws/reference/secretsmanager/<id>`, or `ssm:` references. */
  readonly targets: readonly string[];
  readonly scope: PolicyScope;
  /** Key ARNs of customer managed KMS keys that encrypt the SecureStrings (or referenced secrets); none by default. */
  readonly kmsKeys?: readonly string[];
  /** Paths are fetched with a manifest (GetParameters on the names below the path) instead of by path; false by default. */
  readonly manifest?: boolean;
}

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/** The partition of a Region (`cn-north-1` → `aws-cn`); `aws` for `*`. */
export const partitionOfRegion = (region: string): string => {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
};

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** True for a KMS key ARN (`arn:aws:kms:us-east-1:123456789012:key/…`); aliases are not keys to IAM. */
export const isKmsKeyArn = (text: string): boolean => KMS_KEY_ARN.test(text);

type Target =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'name'; readonly reference: ParameterReference }
  | { readonly kind: 'secret'; readonly reference: SecretReference };

/** Parses one target; throws a `TypeError` naming it when it is not a path, name, secret ARN or reference. */
export const parseTarget = (text: string): Target => {
  const fromEnv = text.startsWith('secretsmanager:') ? parseEnvReference(text) : undefined;
  if (fromEnv?.service === 'secretsmanager') return { kind: 'secret', reference: fromEnv.reference };
  const inner = unwrapEnvReference(text) ?? text;
  if (inner.endsWith('/')) return { kind: 'path', path: parsePath(inner) };
  if (isSecretArn(inner)) return { kind: 'secret', reference: parseSecretArn(inner) };
  return { kind: 'name', reference: parseReference(inner) };
};

/** A name that may already end in the six-character suffix Secrets Manager appends (`prod/db-AbCdEf`). */
const MAYBE_FULL = /-[A-Za-z0-9]{6}$/;

/**
 * The ARNs IAM checks for a secret read natively: `<name>-??????` (the secret's full ARN, whatever its suffix), and
 * the name as given when it may itself be a full ARN's.
 */
const nativeSecretArns = (reference: SecretReference, scope: PolicyScope): string[] => {
  const owner = reference.arn ?? { partition: scope.partition, region: scope.region, account: scope.account };
  const prefix = `arn:${owner.partition}:secretsmanager:${owner.region}:${owner.account}:secret:`;
  return [
    ...(MAYBE_FULL.test(reference.name) ? [`${prefix}${reference.name}`] : []),
    `${prefix}${reference.name}-??????`,
  ];
};

const parameterArn = (scope: PolicyScope, name: string): string =>
  `arn:${scope.partition}:ssm:${scope.region}:${scope.account}:parameter/${name.replace(/^\/+/, '')}`;

/** The ARN IAM checks for a named parameter: its own ARN when given as one, without selector either way. */
const referenceArn = (reference: ParameterReference, scope: PolicyScope): string =>
  reference.arn
    ? parameterArn(
        { partition: reference.arn.partition, region: reference.arn.region, account: reference.arn.account },
        reference.name,
      )
    : parameterArn(scope, reference.name);

const secretArn = (reference: ParameterReference, scope: PolicyScope): string => {
  const id = reference.name.slice(SECRETS_MANAGER_PREFIX.length);
  const owner = reference.arn ?? { partition: scope.partition, region: scope.region, account: scope.account };
  return `arn:${owner.partition}:secretsmanager:${owner.region}:${owner.account}:secret:${id}-??????`;
};

/** `ssm.us-east-1.amazonaws.com` (`.com.cn` in China). */
const serviceEndpoint = (service: string, scope: PolicyScope): string =>
  `${service}.${scope.region}.amazonaws.com${scope.partition === 'aws-cn' ? '.cn' : ''}`;

const unique = (items: readonly string[]): string[] => [...new Set(items)].sort();

/**
 * Builds the policy document. Throws a `TypeError` for a malformed target or KMS key.
 *
 * @example
 * buildPolicy({ targets: ['/myapp/prod/'], scope: { partition: 'aws', region: 'us-east-1', account: '123456789012' } })
 */
export function buildPolicy(input: PolicyInput): PolicyDocument {
  const kmsKeys = input.kmsKeys ?? [];
  for (const key of kmsKeys) {
    if (!isKmsKeyArn(key)) {
      throw new TypeError(
        `--kms-key must be a key ARN (arn:aws:kms:<region>:<account>:key/<id>), got '${key}': IAM cannot grant kms:Decrypt by alias (find the ARN with 'aws kms describe-key --key-id alias/…')`,
      );
    }
  }
  const targets = input.targets.map(parseTarget);
  const paths = targets.flatMap((target) => (target.kind === 'path' ? [target.path] : []));
  const references = targets.flatMap((target) => (target.kind === 'name' ? [target.reference] : []));
  const secrets = references.filter((reference) => reference.isSecret);
  const native = targets.flatMap((target) => (target.kind === 'secret' ? [target.reference] : []));
  const { scope } = input;

  const statements: PolicyStatement[] = [];
  if (paths.length > 0 && !input.manifest) {
    const resources = paths.flatMap((path) => {
      const trimmed = path.replace(/\/+$/, '');
      return trimmed === ''
        ? [parameterArn(scope, '/')]
        : [parameterArn(scope, trimmed), parameterArn(scope, `${trimmed}/`)];
    });
    statements.push({
      Sid: 'ReadPathsByPath',
      Effect: 'Allow',
      Action: ['ssm:GetParametersByPath'],
      Resource: unique(resources),
    });
  }
  const byName = [
    ...references.map((reference) => referenceArn(reference, scope)),
    ...(input.manifest ? paths.map((path) => `${parameterArn(scope, path)}*`) : []),
  ];
  if (byName.length > 0) {
    statements.push({
      Sid: 'ReadParametersByName',
      Effect: 'Allow',
      Action: ['ssm:GetParameters'],
      Resource: unique(byName),
    });
  }
  if (secrets.length > 0) {
    statements.push({
      Sid: 'ReadSecretsManagerReferences',
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: unique(secrets.map((reference) => secretArn(reference, scope))),
    });
  }
  if (native.length > 0) {
    statements.push({
      Sid: 'ReadSecrets',
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: unique(native.flatMap((reference) => nativeSecretArns(reference, scope))),
    });
    const current = new Set(native.filter(readsCurrentVersion).map((reference) => reference.request));
    if (current.size >= 2) {
      statements.push({
        Sid: 'ReadSecretsInBatches',
        Effect: 'Allow',
        Action: ['secretsmanager:BatchGetSecretValue'],
        Resource: ['*'],
      });
    }
  }
  if (kmsKeys.length > 0) {
    const ssmRead = paths.length > 0 || references.length > 0;
    const services = [
      ...(ssmRead ? [serviceEndpoint('ssm', scope)] : []),
      ...(secrets.length > 0 || native.length > 0 ? [serviceEndpoint('secretsmanager', scope)] : []),
    ];
    statements.push({
      Sid: 'DecryptSecureStrings',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: unique(kmsKeys),
      Condition: {
        [scope.region.includes('*') ? 'StringLike' : 'StringEquals']: { 'kms:ViaService': services },
      },
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}
