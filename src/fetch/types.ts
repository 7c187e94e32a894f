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
}
