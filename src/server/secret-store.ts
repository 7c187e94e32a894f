import { createHash, randomUUID } from 'node:crypto';
import { LocalSsmError } from './errors.js';
import type { AccountScope } from './names.js';

const CURRENT = 'AWSCURRENT';
const PREVIOUS = 'AWSPREVIOUS';

export interface SecretVersion {
  readonly versionId: string;
  readonly value: string;
  readonly stages: Set<string>;
  /** Epoch milliseconds. */
  readonly created: number;
}

export interface Secret {
  readonly name: string;
  readonly arn: string;
  readonly versions: SecretVersion[];
}

export interface PutSecretVersion {
  name: string;
  value: string;
  versionId?: string | undefined;
  stages?: readonly string[] | undefined;
}

/**
 * The Secrets Manager secrets behind `/aws/reference/secretsmanager/<id>`, with staging labels that move as
 * PutSecretValue moves them: the new version is AWSCURRENT, the old current one becomes AWSPREVIOUS.
 */
export class SecretStore {
  readonly #secrets = new Map<string, Secret>();

  constructor(
    private readonly scope: AccountScope,
    private readonly wallClock: () => number = Date.now,
  ) {}

  /** Add a version to a secret (creating the secret if needed); returns the version id. */
  put(input: PutSecretVersion): string {
    if (input.name === '') throw new LocalSsmError('ValidationException', 'A secret name is required.');
    const secret = this.#secrets.get(input.name) ?? this.#create(input.name);
    const versionId = input.versionId ?? randomUUID();
    if (secret.versions.some((existing) => existing.versionId === versionId)) {
      throw new LocalSsmError(
        'ResourceExistsException',
        `A resource with the ID you requested already exists: version ${versionId} of ${input.name}.`,
      );
    }
    const stages = new Set([CURRENT, ...(input.stages ?? [])]);
    for (const version of secret.versions) {
      if (version.stages.has(CURRENT)) {
        // The outgoing current version takes AWSPREVIOUS from whoever held it.
        for (const other of secret.versions) other.stages.delete(PREVIOUS);
        version.stages.add(PREVIOUS);
      }
      for (const stage of stages) version.stages.delete(stage);
    }
    secret.versions.push({ versionId, value: input.value, stages, created: this.wallClock() });
    return versionId;
  }

  /** The version a selector picks: a version id, else a staging label; AWSCURRENT without a selector. */
  resolve(
    secretId: string,
    selector: string | undefined,
  ): { secret: Secret; version: SecretVersion } | undefined {
    const secret = this.#secrets.get(secretId);
    if (!secret) return undefined;
    const wanted = selector ?? CURRENT;
    const version =
      secret.versions.find((candidate) => candidate.versionId === wanted) ??
      secret.versions.find((candidate) => candidate.stages.has(wanted));
    return version ? { secret, version } : undefined;
  }

  #create(name: string): Secret {
    // Real secret ARNs end in a dash and six random characters; derive them from the name to stay reproducible.
    const suffix = createHash('sha256').update(name).digest('hex').slice(0, 6);
    const { partition, region, accountId } = this.scope;
    const secret = {
      name,
      arn: `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${name}-${suffix}`,
      versions: [],
    };
    this.#secrets.set(name, secret);
    return secret;
  }
}

/** The `SourceResult` Parameter Store returns for a reference: a GetSecretValue-like JSON document. */
export function sourceResultOf(secret: Secret, version: SecretVersion): string {
  return JSON.stringify({
    ARN: secret.arn,
    name: secret.name,
    versionId: version.versionId,
    secretString: version.value,
    versionStages: [...version.stages],
    createdDate: new Date(version.created).toISOString(),
  });
}
