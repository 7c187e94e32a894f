import type { Secret, SecretPayload, SecretVersion } from './store.js';

/** Epoch seconds, the AWS JSON 1.1 timestamp format. */
const seconds = (ms: number): number => ms / 1000;

/** The value members of a response: SecretString, or SecretBinary as base64 (JSON 1.1 blobs are base64). */
export function valueMembers(value: SecretPayload): { SecretString: string } | { SecretBinary: string } {
  return value.kind === 'string'
    ? { SecretString: value.text }
    : { SecretBinary: value.bytes.toString('base64') };
}

/** A GetSecretValue response, which is also a BatchGetSecretValue `SecretValueEntry`. */
export function secretValueEntry(secret: Secret, version: SecretVersion): object {
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.versionId,
    ...valueMembers(version.value),
    VersionStages: [...version.stages],
    CreatedDate: seconds(version.created),
  };
}

/**
 * A DescribeSecret response. Rotation members appear only for a secret with rotation metadata, and
 * `VersionIdsToStages` lists only versions that still have a staging label, as AWS documents. Whether AWS omits
 * `RotationEnabled` (rather than sending `false`) for a secret never rotated is not documented.
 */
export function describeSecretBody(secret: Secret): object {
  const versionIdsToStages = Object.fromEntries(
    secret.versions
      .filter((version) => version.stages.size > 0)
      .map((version) => [version.versionId, [...version.stages]]),
  );
  const { rotation } = secret;
  return {
    ARN: secret.arn,
    Name: secret.name,
    ...(secret.description === undefined ? {} : { Description: secret.description }),
    ...(secret.kmsKeyId === undefined ? {} : { KmsKeyId: secret.kmsKeyId }),
    ...(rotation === undefined
      ? {}
      : {
          RotationEnabled: true,
          RotationLambdaARN: rotation.lambdaArn,
          ...(rotation.automaticallyAfterDays === undefined
            ? {}
            : { RotationRules: { AutomaticallyAfterDays: rotation.automaticallyAfterDays } }),
          ...(rotation.lastRotated === undefined ? {} : { LastRotatedDate: seconds(rotation.lastRotated) }),
          ...(rotation.nextRotation === undefined
            ? {}
            : { NextRotationDate: seconds(rotation.nextRotation) }),
        }),
    LastChangedDate: seconds(secret.lastChanged),
    ...(Object.keys(versionIdsToStages).length === 0 ? {} : { VersionIdsToStages: versionIdsToStages }),
    CreatedDate: seconds(secret.created),
  };
}

/** The `SourceResult` Parameter Store returns for a reference on AWS: a GetSecretValue-like JSON document. */
export function sourceResultOf(secret: Secret, version: SecretVersion): string {
  const value =
    version.value.kind === 'string'
      ? { secretString: version.value.text }
      : { secretBinary: version.value.bytes.toString('base64') };
  return JSON.stringify({
    ARN: secret.arn,
    name: secret.name,
    versionId: version.versionId,
    ...value,
    versionStages: [...version.stages],
    createdDate: new Date(version.created).toISOString(),
  });
}
