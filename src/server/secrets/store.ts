import { randomUUID } from 'node:crypto';
import { constraintError, type LocalSsmError } from '../errors.js';
import type { AccountScope } from '../names.js';
import type { SecretRotation } from '../types.js';
import { lambdaArn, parseSecretId, secretArn } from './arn.js';
import {
  invalidParameter,
  invalidRequest,
  secretExists,
  secretNotFound,
  secretValueNotFound,
  versionExists,
} from './errors.js';

export const CURRENT = 'AWSCURRENT';
export const PREVIOUS = 'AWSPREVIOUS';

/** AWS's limits: a secret value (string or binary) of at most 65,536 bytes; names of 1–512 characters. */
export const MAX_SECRET_VALUE = 65_536;
const MAX_NAME_LENGTH = 512;
const NAME_CHARACTERS = /^[A-Za-z0-9/_+=.@-]+$/;
const DAY_MS = 86_400_000;

/** What a version holds: a SecretString or the bytes of a SecretBinary, never both. */
export type SecretPayload = { kind: 'string'; text: string } | { kind: 'binary'; bytes: Buffer };

export interface SecretVersion {
  readonly versionId: string;
  readonly value: SecretPayload;
  readonly stages: Set<string>;
  /** Epoch milliseconds. */
  readonly created: number;
}

export interface RotationState {
  automaticallyAfterDays: number | undefined;
  /** Epoch milliseconds. */
  nextRotation: number | undefined;
  lastRotated: number | undefined;
  lambdaArn: string;
}

export interface Secret {
  readonly name: string;
  readonly arn: string;
  /** Epoch milliseconds. */
  readonly created: number;
  lastChanged: number;
  description: string | undefined;
  kmsKeyId: string | undefined;
  rotation: RotationState | undefined;
  /** Oldest first. Versions without staging labels stay readable by id, as AWS keeps them until it prunes them. */
  readonly versions: SecretVersion[];
}

export interface CreateSecretInput {
  name: string;
  /** The ARN's six-character suffix (default: derived from the name). */
  arnSuffix?: string | undefined;
  value?: SecretPayload | undefined;
  versionId?: string | undefined;
  description?: string | undefined;
  kmsKeyId?: string | undefined;
}

export interface AddVersionInput {
  value: SecretPayload;
  versionId?: string | undefined;
  /** The exact staging labels of the new version. */
  stages: readonly string[];
}

/** Harness input: create the secret if needed and add an AWSCURRENT version with `stages` as extra labels. */
export interface PutSecretVersion {
  name: string;
  /** Used when this call creates the secret. */
  arnSuffix?: string | undefined;
  value: SecretPayload;
  versionId?: string | undefined;
  stages?: readonly string[] | undefined;
  description?: string | undefined;
  rotation?: SecretRotation | undefined;
}

/**
 * The secrets behind both the Secrets Manager API and `/aws/reference/secretsmanager/<id>`, with staging labels that
 * move as AWS moves them: a version that takes AWSCURRENT pushes the old current one to AWSPREVIOUS.
 */
export class SecretStore {
  readonly #secrets = new Map<string, Secret>();

  constructor(
    private readonly scope: AccountScope,
    private readonly wallClock: () => number = Date.now,
  ) {}

  /** The secret a `SecretId` names: by name, by full ARN, or by partial ARN (without the random suffix). */
  find(secretId: string): Secret | undefined {
    const request = parseSecretId(secretId, this.scope);
    if (request.kind === 'foreign') return undefined;
    if (request.kind === 'name') return this.#secrets.get(request.name);
    for (const secret of this.#secrets.values()) if (secret.arn === request.arn) return secret;
    // Not a full ARN of ours: a partial ARN, whose resource is the bare name.
    return this.#secrets.get(request.resource);
  }

  /** Like {@link find}, but throws ResourceNotFoundException. */
  get(secretId: string): Secret {
    const secret = this.find(secretId);
    if (!secret) throw secretNotFound();
    return secret;
  }

  /** Every secret, sorted by name. */
  list(): Secret[] {
    return [...this.#secrets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Create a secret, with a first AWSCURRENT version if it has a value. Throws ResourceExistsException. */
  create(input: CreateSecretInput): { secret: Secret; version: SecretVersion | undefined } {
    assertSecretName(input.name);
    if (this.#secrets.has(input.name)) throw secretExists(input.name);
    const now = this.wallClock();
    const secret: Secret = {
      name: input.name,
      arn: secretArn(this.scope, input.name, input.arnSuffix),
      created: now,
      lastChanged: now,
      description: input.description,
      kmsKeyId: input.kmsKeyId,
      rotation: undefined,
      versions: [],
    };
    const version =
      input.value === undefined
        ? undefined
        : newVersion(input.value, input.versionId, new Set([CURRENT]), now);
    if (version) secret.versions.push(version);
    this.#secrets.set(secret.name, secret);
    return { secret, version };
  }

  /**
   * Add a version with exactly `stages`. A version id already present is idempotent for the same value (the version
   * is returned unchanged, as a retried ClientRequestToken is) and a ResourceExistsException otherwise.
   */
  addVersion(secret: Secret, input: AddVersionInput): SecretVersion {
    const versionId = input.versionId ?? randomUUID();
    const existing = secret.versions.find((version) => version.versionId === versionId);
    if (existing) {
      if (samePayload(existing.value, input.value)) return existing;
      throw versionExists(versionId);
    }
    const version = newVersion(input.value, versionId, new Set<string>(), this.wallClock());
    secret.versions.push(version);
    for (const stage of input.stages) this.#attach(secret, stage, version);
    secret.lastChanged = version.created;
    return version;
  }

  /** Harness write: create the secret if needed; the new version is AWSCURRENT plus `stages`. */
  put(input: PutSecretVersion): string {
    const stages = [CURRENT, ...(input.stages ?? []).filter((stage) => stage !== CURRENT)];
    const secret =
      this.find(input.name) ??
      this.create({ name: input.name, arnSuffix: input.arnSuffix, description: input.description }).secret;
    const version = this.addVersion(secret, { value: input.value, versionId: input.versionId, stages });
    if (input.rotation !== undefined) this.setRotation(secret, input.rotation);
    return version.versionId;
  }

  /** Set (replace) a secret's rotation metadata. */
  setRotation(secret: Secret, rotation: SecretRotation): void {
    const lastRotated = toEpochMs(rotation.lastRotatedDate, 'lastRotatedDate');
    const days = rotation.automaticallyAfterDays;
    if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 1000)) {
      throw new TypeError(`Expected \`automaticallyAfterDays\` to be an integer from 1 to 1000, got ${days}`);
    }
    const next =
      toEpochMs(rotation.nextRotationDate, 'nextRotationDate') ??
      (lastRotated !== undefined && days !== undefined ? lastRotated + days * DAY_MS : undefined);
    secret.rotation = {
      automaticallyAfterDays: days,
      nextRotation: next,
      lastRotated,
      lambdaArn: rotation.lambdaArn ?? lambdaArn(this.scope, 'local-rotation'),
    };
  }

  /**
   * Finish a rotation: a new AWSCURRENT version, LastRotatedDate now, NextRotationDate moved by the rotation rule.
   * A secret without rotation metadata gets it enabled, with no schedule.
   */
  rotate(secret: Secret, value: SecretPayload, versionId?: string): SecretVersion {
    const version = this.addVersion(secret, { value, versionId, stages: [CURRENT] });
    const rotation = secret.rotation ?? {
      automaticallyAfterDays: undefined,
      nextRotation: undefined,
      lastRotated: undefined,
      lambdaArn: lambdaArn(this.scope, 'local-rotation'),
    };
    rotation.lastRotated = version.created;
    if (rotation.automaticallyAfterDays !== undefined) {
      rotation.nextRotation = version.created + rotation.automaticallyAfterDays * DAY_MS;
    }
    secret.rotation = rotation;
    return version;
  }

  /**
   * The version GetSecretValue returns: by id, by staging label, or AWSCURRENT; with both, the id must carry the
   * label.
   */
  select(
    secret: Secret,
    selector: { versionId?: string | undefined; versionStage?: string | undefined },
  ): SecretVersion {
    const { versionId, versionStage } = selector;
    if (versionId !== undefined) {
      const version = secret.versions.find((candidate) => candidate.versionId === versionId);
      if (!version) throw secretValueNotFound('VersionId', versionId);
      if (versionStage !== undefined && !version.stages.has(versionStage)) {
        // moto's wording; AWS documents the case only as InvalidRequestException / InvalidParameterException.
        throw invalidRequest('You provided a VersionStage that is not associated to the provided VersionId.');
      }
      return version;
    }
    const stage = versionStage ?? CURRENT;
    const version = secret.versions.find((candidate) => candidate.stages.has(stage));
    if (!version) throw secretValueNotFound('staging label', stage);
    return version;
  }

  /** For `/aws/reference/secretsmanager/<id>[:selector]`: the selector is a version id or a staging label. */
  resolve(
    secretId: string,
    selector: string | undefined,
  ): { secret: Secret; version: SecretVersion } | undefined {
    const secret = this.find(secretId);
    if (!secret) return undefined;
    const wanted = selector ?? CURRENT;
    const version =
      secret.versions.find((candidate) => candidate.versionId === wanted) ??
      secret.versions.find((candidate) => candidate.stages.has(wanted));
    return version ? { secret, version } : undefined;
  }

  /**
   * UpdateSecretVersionStage. Moving a label needs `removeFrom` to name its current holder; removing needs only
   * `removeFrom`. AWSCURRENT can be moved but not removed, and moving it hands AWSPREVIOUS to its former holder, as
   * AWS documents.
   */
  moveStage(secret: Secret, stage: string, moveTo: string | undefined, removeFrom: string | undefined): void {
    const holder = secret.versions.find((version) => version.stages.has(stage));
    const versionById = (id: string): SecretVersion => {
      const version = secret.versions.find((candidate) => candidate.versionId === id);
      if (!version) throw secretValueNotFound('VersionId', id);
      return version;
    };
    if (moveTo === undefined && removeFrom === undefined) {
      throw invalidParameter('You must specify MoveToVersionId, RemoveFromVersionId, or both.');
    }
    const target = moveTo === undefined ? undefined : versionById(moveTo);
    if (removeFrom !== undefined) versionById(removeFrom);
    if (holder && holder !== target && holder.versionId !== removeFrom) {
      // The wording is ours; AWS documents that RemoveFromVersionId must name the version holding the label.
      throw invalidParameter(
        `The staging label ${stage} is attached to version ${holder.versionId}; name it in RemoveFromVersionId to move the label.`,
      );
    }
    if (target === undefined) {
      if (stage === CURRENT) {
        throw invalidParameter(
          'You can move the AWSCURRENT staging label to another version, but not remove it.',
        );
      }
      holder?.stages.delete(stage);
    } else {
      this.#attach(secret, stage, target);
    }
    secret.lastChanged = this.wallClock();
  }

  /** Attach `stage` to `version`, taking it from any other; AWSCURRENT's former holder gets AWSPREVIOUS. */
  #attach(secret: Secret, stage: string, version: SecretVersion): void {
    const holder = secret.versions.find((candidate) => candidate !== version && candidate.stages.has(stage));
    holder?.stages.delete(stage);
    version.stages.add(stage);
    if (stage === CURRENT && holder) {
      for (const other of secret.versions) other.stages.delete(PREVIOUS);
      holder.stages.add(PREVIOUS);
    }
  }
}

/** The bytes a payload holds, for size checks and comparisons. */
export function payloadBytes(payload: SecretPayload): Buffer {
  return payload.kind === 'string' ? Buffer.from(payload.text, 'utf8') : payload.bytes;
}

function samePayload(a: SecretPayload, b: SecretPayload): boolean {
  return a.kind === b.kind && payloadBytes(a).equals(payloadBytes(b));
}

function newVersion(
  value: SecretPayload,
  versionId: string | undefined,
  stages: Set<string>,
  created: number,
): SecretVersion {
  const member = value.kind === 'string' ? 'secretString' : 'secretBinary';
  if (payloadBytes(value).length > MAX_SECRET_VALUE) {
    throw constraintError(
      member,
      "'***'",
      `Member must have length less than or equal to ${MAX_SECRET_VALUE}`,
    );
  }
  return { versionId: versionId ?? randomUUID(), value, stages, created };
}

/** AWS's name rules: 1–512 characters, ASCII letters, digits and `/_+=.@-`. The message wording is ours. */
export function assertSecretName(name: string): void {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || !NAME_CHARACTERS.test(name)) {
    throw nameError();
  }
}

function nameError(): LocalSsmError {
  return invalidParameter(
    'Invalid name. A secret name is 1 to 512 characters: ASCII letters, digits and any of /_+=.@-',
  );
}

function toEpochMs(value: Date | number | string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new TypeError(`Expected \`${field}\` to be a date, epoch milliseconds or ISO 8601`);
  return ms;
}
