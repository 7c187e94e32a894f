/**
 * Reads Secrets Manager secrets natively: `BatchGetSecretValue` for current versions (up to 20 a call, calls in
 * parallel under the concurrency cap), `GetSecretValue` for a stage or a version id (and for a lone secret, which
 * needs no `BatchGetSecretValue` grant and draws on the larger `GetSecretValue` quota). Every call goes through the
 * one retry layer. A batch's per-secret `Errors` map to their references; one that another attempt may cure is read
 * again on its own, as is a secret the answer does not mention. When the role may not call `BatchGetSecretValue`,
 * secrets are read one by one from then on, with one warning.
 */
import type { SecretReference } from '../core/parameters.js';
import type { FailureCause } from '../errors.js';
import { readsCurrentVersion } from '../references/parseValueFrom.js';
import { withRetry } from '../retry/withRetry.js';
import { describeFailure } from './describeFailure.js';
import { runWithConcurrency } from './runWithConcurrency.js';
import type {
  BatchSecretError,
  FetchedParameter,
  FetchFailure,
  NameOutcome,
  SecretsFetchContext,
  SecretsManagerApi,
  SecretsManagerApis,
  SecretValueOutput,
} from './types.js';

/** Secrets Manager's cap on `SecretIdList`. */
export const MAX_SECRETS_PER_BATCH = 20;
const GET = 'secretsmanager:GetSecretValue';
const BATCH = 'secretsmanager:BatchGetSecretValue';
const SERVICE = 'Secrets Manager';
export const SECRETS_MANAGER_PACKAGE = '@aws-sdk/client-secrets-manager';

/** What the package must export to be used: the client and the three commands read. */
export const SECRETS_MANAGER_MEMBERS = [
  'SecretsManagerClient',
  'BatchGetSecretValueCommand',
  'GetSecretValueCommand',
  'DescribeSecretCommand',
] as const;

/** True when `value` exports every one of {@link SECRETS_MANAGER_MEMBERS} (checked by shape, as it loads). */
export const isSecretsManagerModule = (value: unknown): boolean => {
  const module = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return SECRETS_MANAGER_MEMBERS.every((member) => typeof module[member] === 'function');
};

/** The optional `@aws-sdk/client-secrets-manager` peer is not installed. */
export class SecretsManagerClientMissingError extends Error {
  override name = 'SecretsManagerClientMissingError';

  constructor(options?: ErrorOptions) {
    super(
      `reading Secrets Manager secrets needs the optional peer dependency ${SECRETS_MANAGER_PACKAGE}, which is not installed: npm install ${SECRETS_MANAGER_PACKAGE} (a bundle that includes it passes it as the secretsManagerSdk option)`,
      options,
    );
  }
}

/** APIs that refused `BatchGetSecretValue`: read one by one from then on, without asking again. */
const batchRefused = new WeakSet<SecretsManagerApi>();

const fetched = (output: SecretValueOutput, reference: SecretReference): FetchedParameter =>
  output.SecretString !== undefined || output.SecretBinary === undefined
    ? { name: output.Name ?? reference.name, type: 'SecretString', value: output.SecretString ?? '' }
    : {
        name: output.Name ?? reference.name,
        type: 'SecretBinary',
        value: Buffer.from(output.SecretBinary).toString('base64'),
      };

/**
 * True when a batch entry answers `secretId`: by name, by full ARN, or by partial ARN (the full ARN less its
 * `-` and six random characters).
 */
const answers = (output: SecretValueOutput, secretId: string): boolean => {
  const { ARN: arn, Name: name } = output;
  if (name === secretId || arn === secretId) return true;
  return arn !== undefined && arn.length === secretId.length + 7 && arn.startsWith(`${secretId}-`);
};

/** A per-secret error of a batch, or undefined when another attempt (by `GetSecretValue`) may cure it. */
const batchErrorFailure = (error: BatchSecretError): FetchFailure | undefined => {
  const code = error.ErrorCode ?? 'UnknownError';
  const cause: FailureCause = { name: code, ...(error.Message ? { message: error.Message } : {}) };
  const said = error.Message ? `${code}: ${error.Message}` : code;
  switch (code) {
    case 'ResourceNotFoundException':
      return { reason: 'not-found', detail: `not found (${code}, in BatchGetSecretValue's Errors)`, cause };
    case 'AccessDeniedException':
      return {
        reason: 'access-denied',
        detail: `access denied: grant ${GET} on the secret (${BATCH} needs it on each secret) — ${said}`,
        cause,
      };
    case 'DecryptionFailure':
      return {
        reason: 'invalid-key',
        detail: `cannot decrypt: grant kms:Decrypt on the secret's KMS key — ${said}`,
        cause,
      };
    default:
      return undefined;
  }
};

const isAccessDenied = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  (error as { name?: unknown }).name === 'AccessDeniedException';

const chunk = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );

/** Outcomes keyed by `SecretReference.request`. Each distinct read is made once. */
export const fetchSecrets = async (
  references: readonly SecretReference[],
  context: SecretsFetchContext | undefined,
): Promise<Map<string, NameOutcome>> => {
  const outcomes = new Map<string, NameOutcome>();
  const reads = [...new Map(references.map((reference) => [reference.request, reference])).values()];
  if (reads.length === 0) return outcomes;
  const failAll = (failure: FetchFailure) => {
    for (const reference of reads) outcomes.set(reference.request, { ok: false, failure });
  };
  if (!context) {
    failAll({ reason: 'unavailable', detail: 'Secrets Manager is not configured for this fetch' });
    return outcomes;
  }
  let apis: SecretsManagerApis;
  try {
    apis = await context.api();
  } catch (error) {
    failAll(
      error instanceof SecretsManagerClientMissingError
        ? { reason: 'unavailable', detail: error.message }
        : describeFailure(error, GET, false, SERVICE),
    );
    return outcomes;
  }

  /** Secrets Manager is regional: a secret named by ARN is read in the ARN's Region. */
  const apiOf = (reference: SecretReference): SecretsManagerApi => apis(reference.arn?.region);

  const readOne = async (reference: SecretReference): Promise<void> => {
    const api = apiOf(reference);
    try {
      const output = await withRetry(
        (signal) =>
          api.getSecretValue(
            {
              secretId: reference.secretId,
              ...(reference.versionStage === undefined ? {} : { versionStage: reference.versionStage }),
              ...(reference.versionId === undefined ? {} : { versionId: reference.versionId }),
            },
            signal,
          ),
        context.retry,
      );
      outcomes.set(reference.request, { ok: true, parameter: fetched(output, reference) });
    } catch (error) {
      outcomes.set(reference.request, { ok: false, failure: describeFailure(error, GET, false, SERVICE) });
    }
  };

  /** One batch, all in one Region. */
  const readBatch = async (batch: readonly SecretReference[], api: SecretsManagerApi): Promise<void> => {
    let secretValues: readonly SecretValueOutput[];
    let errors: readonly BatchSecretError[];
    try {
      const output = await withRetry(
        (signal) =>
          api.batchGetSecretValue(
            batch.map((reference) => reference.secretId),
            signal,
          ),
        context.retry,
      );
      secretValues = output.SecretValues ?? [];
      errors = output.Errors ?? [];
    } catch (error) {
      if (isAccessDenied(error)) {
        if (!batchRefused.has(api)) {
          batchRefused.add(api);
          context.warn?.(
            `middy-ssm-env: ${BATCH} was denied; reading secrets one by one with GetSecretValue (grant ${BATCH} to read up to ${MAX_SECRETS_PER_BATCH} a call).`,
          );
        }
        await runWithConcurrency(batch, context.concurrency, readOne);
        return;
      }
      const failure = describeFailure(error, BATCH, false, SERVICE);
      for (const reference of batch) outcomes.set(reference.request, { ok: false, failure });
      return;
    }
    const again: SecretReference[] = [];
    for (const reference of batch) {
      const output = secretValues.find((candidate) => answers(candidate, reference.secretId));
      if (output) {
        outcomes.set(reference.request, { ok: true, parameter: fetched(output, reference) });
        continue;
      }
      const error = errors.find((candidate) => candidate.SecretId === reference.secretId);
      const failure = error ? batchErrorFailure(error) : undefined;
      if (failure) outcomes.set(reference.request, { ok: false, failure });
      else again.push(reference);
    }
    await runWithConcurrency(again, context.concurrency, readOne);
  };

  const describe = async (reference: SecretReference): Promise<void> => {
    const outcome = outcomes.get(reference.request);
    if (!outcome?.ok) return;
    try {
      const { NextRotationDate: next } = await withRetry(
        (signal) => apiOf(reference).describeSecret(reference.secretId, signal),
        context.retry,
      );
      if (next instanceof Date && Number.isFinite(next.getTime())) {
        outcomes.set(reference.request, {
          ok: true,
          parameter: { ...outcome.parameter, rotatesAt: next.getTime() },
        });
      }
    } catch (error) {
      // The value itself is fine: without the date it expires as configured.
      context.warn?.(
        `middy-ssm-env: could not read the rotation date of ${reference.source} (grant secretsmanager:DescribeSecret): ${describeFailure(error, 'secretsmanager:DescribeSecret', false, SERVICE).detail}`,
      );
    }
  };

  // Current versions are batched per Region (two or more: a lone secret needs no BatchGetSecretValue grant).
  const byApi = new Map<SecretsManagerApi, SecretReference[]>();
  for (const reference of reads.filter(readsCurrentVersion)) {
    const api = apiOf(reference);
    byApi.set(api, [...(byApi.get(api) ?? []), reference]);
  }
  const batches = [...byApi].flatMap(([api, group]) =>
    group.length >= 2 && !batchRefused.has(api)
      ? chunk(group, MAX_SECRETS_PER_BATCH).map((batch) => ({ api, batch }))
      : [],
  );
  const batched = new Set(batches.flatMap(({ batch }) => batch));
  const tasks: (() => Promise<void>)[] = [
    ...batches.map(
      ({ api, batch }) =>
        () =>
          readBatch(batch, api),
    ),
    ...reads.filter((reference) => !batched.has(reference)).map((reference) => () => readOne(reference)),
  ];
  await runWithConcurrency(tasks, context.concurrency, (task) => task());
  // A version id never changes; a stage (AWSCURRENT, AWSPREVIOUS) moves when the secret rotates.
  if (context.rotationDates) {
    const moving = reads.filter((reference) => reference.versionId === undefined);
    await runWithConcurrency(moving, context.concurrency, describe);
  }
  return outcomes;
};
