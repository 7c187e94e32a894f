import type { SSMClient } from '@aws-sdk/client-ssm';
import type { FetchedParameter } from '../core/parameters.js';
import type { FailureCause, FailureReason } from '../errors.js';
import type { RetryContext } from '../retry/withRetry.js';

export type { FetchedParameter } from '../core/parameters.js';

/** Why a reference or a path could not be fetched, without any value. */
export interface FetchFailure {
  readonly reason: FailureReason;
  readonly detail: string;
  readonly cause?: FailureCause;
}

export type NameOutcome =
  | { readonly ok: true; readonly parameter: FetchedParameter }
  | { readonly ok: false; readonly failure: FetchFailure };

export type PathOutcome =
  | { readonly ok: true; readonly parameters: readonly FetchedParameter[] }
  | { readonly ok: false; readonly failure: FetchFailure };

/** What the fetch functions need: the client and the retry machinery, plus the batching limits. */
export interface FetchContext {
  readonly client: Pick<SSMClient, 'send'>;
  readonly retry: RetryContext;
  /** Names per `GetParameters` call, 1–10. */
  readonly batchSize: number;
  /** `GetParameters` calls in flight at once. */
  readonly concurrency: number;
  /** Pages per path before giving up on a NextToken that never ends. */
  readonly maxPages: number;
  /** Counts pages fetched, for the metrics hook. */
  readonly onPage?: () => void;
  /** Reading Secrets Manager secrets natively; absent when the configuration names none. */
  readonly secrets?: SecretsFetchContext;
}

/** One secret version as Secrets Manager returns it (`GetSecretValue`, or an entry of `BatchGetSecretValue`). */
export interface SecretValueOutput {
  readonly ARN?: string | undefined;
  readonly Name?: string | undefined;
  readonly VersionId?: string | undefined;
  readonly SecretString?: string | undefined;
  readonly SecretBinary?: Uint8Array | undefined;
}

/** A per-secret failure of `BatchGetSecretValue`, reported in `Errors` rather than thrown. */
export interface BatchSecretError {
  readonly SecretId?: string | undefined;
  readonly ErrorCode?: string | undefined;
  readonly Message?: string | undefined;
}

export interface BatchSecretsOutput {
  readonly SecretValues?: readonly SecretValueOutput[] | undefined;
  readonly Errors?: readonly BatchSecretError[] | undefined;
}

/** Which version `GetSecretValue` reads. */
export interface SecretVersionQuery {
  readonly secretId: string;
  readonly versionStage?: string;
  readonly versionId?: string;
}

/**
 * The two Secrets Manager reads, over a client with the SDK's retries off. The middleware creates it from the optional
 * `@aws-sdk/client-secrets-manager` peer, loaded only when a secret is used.
 */
export interface SecretsManagerApi {
  batchGetSecretValue(secretIds: readonly string[], signal: AbortSignal): Promise<BatchSecretsOutput>;
  getSecretValue(query: SecretVersionQuery, signal: AbortSignal): Promise<SecretValueOutput>;
  /** `DescribeSecret`, for `NextRotationDate` (`fetchRotationDate`). */
  describeSecret(
    secretId: string,
    signal: AbortSignal,
  ): Promise<{ readonly NextRotationDate?: Date | undefined }>;
}

/**
 * The API by Region: a secret named by an ARN is read in the ARN's Region (Secrets Manager is regional), one named
 * without an ARN (`undefined`) in the client's configured Region.
 */
export type SecretsManagerApis = (region: string | undefined) => SecretsManagerApi;

/** What reading secrets needs: the API (created on first use), its own retry context and pacer, the concurrency cap. */
export interface SecretsFetchContext {
  readonly api: () => Promise<SecretsManagerApis>;
  /** Secrets Manager has its own quota, so its retry context carries its own pacer. */
  readonly retry: RetryContext;
  /** Calls in flight at once. */
  readonly concurrency: number;
  /** Told once per API when `BatchGetSecretValue` is denied and secrets are read one by one instead. */
  readonly warn?: (message: string) => void;
  /** Also read each secret's `NextRotationDate` (`DescribeSecret`), so its value is due when it rotates. */
  readonly rotationDates?: boolean;
}
