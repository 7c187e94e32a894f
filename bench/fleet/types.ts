/**
 * Shapes shared by the fleet harness (parent) and its workers (one process per simulated Lambda function).
 */
import type { PacerOptions } from '../../src/retry/pacer.js';
import type { RetryOptions } from '../../src/types.js';

/** What each function fetches: every parameter under a path, or a list of names (here: Secrets Manager refs). */
export type Workload =
  | { readonly kind: 'path'; readonly path: string; readonly names: readonly string[] }
  | { readonly kind: 'names'; readonly names: readonly string[] };

/** How Parameter Store names a Secrets Manager secret: `/aws/reference/secretsmanager/<id>`. */
export const SECRET_REFERENCE = '/aws/reference/secretsmanager/';

/** The loaders compared side by side. */
export type CandidateId =
  | 'middy-ssm-env'
  | 'middy-ssm-env (fleet hint)'
  | 'middy-ssm-env (hint ×0.5)'
  | 'middy-ssm-env (hint ×2)'
  | 'middy-ssm-env (manifest)'
  /** Secrets read from Secrets Manager natively (ECS's `secrets` array with their ARNs), not through Parameter Store. */
  | 'middy-ssm-env (native secrets)'
  | '@middy/ssm'
  | '@middy/ssm (adaptive)'
  | 'powertools'
  | 'naive loop'
  | 'naive loop (adaptive)';

/** This package's candidates given a fleet hint: the size they are told, as a multiple of the real one. */
export const HINTED: Readonly<Partial<Record<CandidateId, number>>> = {
  'middy-ssm-env (fleet hint)': 1,
  'middy-ssm-env (hint ×0.5)': 0.5,
  'middy-ssm-env (hint ×2)': 2,
};

/** A retry tuning under trial: passed to this package's middleware as dependencies, never by mutating defaults. */
export interface RetryVariant {
  readonly name: string;
  readonly pacer?: Partial<PacerOptions>;
  readonly retry?: RetryOptions;
}

/** Everything a worker needs, passed as JSON in an environment variable. */
export interface WorkerConfig {
  readonly candidate: CandidateId;
  readonly workload: Workload;
  readonly clientConfig: {
    readonly endpoint: string;
    readonly region: string;
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  };
  /** The Lambda function timeout the fake context counts down from. */
  readonly functionTimeoutMs: number;
  readonly variant?: RetryVariant;
  /** The `fleet` option this package's hinted candidates get. */
  readonly fleet?: { readonly size: number; readonly rate: number };
}

/** Parent → worker. */
export interface GoMessage {
  readonly type: 'go';
  /** Wall-clock ms at which every worker starts its cold start (a shared instant, not "on receipt"). */
  readonly releaseAt: number;
}

/** Worker → parent. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | {
      readonly type: 'done';
      readonly ok: boolean;
      /** Wall-clock ms when the handler ran (or the cold start failed). */
      readonly finishedAt: number;
      /** Short reason of a failure: the underlying error's name. */
      readonly reason?: string;
      /** How many values the handler saw (a sanity check that everything arrived). */
      readonly values?: number;
    };

/** The outcome of one simulated cold start, as the parent saw it. */
export interface ColdStartResult {
  readonly accessKeyId: string;
  readonly ok: boolean;
  /** Release → handler running (or failure), ms. Undefined when the worker was killed at the cap. */
  readonly timeToHandlerMs?: number;
  readonly reason?: string;
  readonly values?: number;
}
