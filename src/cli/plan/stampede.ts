/**
 * The deploy-stampede arithmetic: how many SSM calls a cold start makes, how many a fleet makes when every function
 * cold-starts at once, and how many seconds of the account's quota that takes.
 *
 * Model: the quota is a token bucket refilled at `rate` calls per second and holding up to `burst` calls; a deploy
 * starts with a full bucket (burst = rate, the documented default of the throughput settings), so the first `burst`
 * calls go through at once and the rest drain at `rate`. Seconds of quota = max(0, calls − burst) / rate. That is a
 * lower bound: other callers of the account, retries and backoff only add to it.
 */
import { DEFAULT_QUOTA_TPS } from '../../core/fleetVariables.js';

/** Parameter Store's throughput setting. */
export type Throughput = 'standard' | 'high';

/** The two read APIs the middleware uses. */
export type ReadApi = 'GetParametersByPath' | 'GetParameters';

export interface Quota {
  /** Calls per second. */
  readonly rate: number;
  /** Calls that pass at once from a full bucket. */
  readonly burst: number;
  /** True when GetParametersByPath and GetParameters draw from one bucket. */
  readonly shared: boolean;
}

/**
 * Per account and Region: standard throughput is 40 calls/s shared by GetParameter, GetParameters and
 * GetParametersByPath; higher throughput gives GetParametersByPath 100/s and GetParameter(s) 3,000/s.
 */
export const QUOTAS: Readonly<Record<Throughput, Readonly<Record<ReadApi, Quota>>>> = {
  standard: {
    GetParametersByPath: { rate: DEFAULT_QUOTA_TPS, burst: DEFAULT_QUOTA_TPS, shared: true },
    GetParameters: { rate: DEFAULT_QUOTA_TPS, burst: DEFAULT_QUOTA_TPS, shared: true },
  },
  high: {
    GetParametersByPath: { rate: 100, burst: 100, shared: false },
    GetParameters: { rate: 3000, burst: 3000, shared: false },
  },
};

/** Lambda stops the init phase after 10 seconds. */
export const LAMBDA_INIT_LIMIT_SECONDS = 10;

/** Items per GetParametersByPath page and names per GetParameters call. */
export const ITEMS_PER_CALL = 10;

/** GetParametersByPath pages to read `parameters` parameters (an empty path still costs one call). */
export const byPathCalls = (parameters: number): number =>
  Math.max(1, Math.ceil(parameters / ITEMS_PER_CALL));

/** GetParameters calls to fetch `names` names, 10 a call (none for none). */
export const byNameCalls = (names: number): number => Math.ceil(names / ITEMS_PER_CALL);

export interface StampedeEstimate {
  readonly api: ReadApi;
  readonly callsPerColdStart: number;
  readonly functions: number;
  /** Calls when every function cold-starts at once. */
  readonly callsPerDeploy: number;
  readonly quota: Quota;
  /** max(0, callsPerDeploy − burst) / rate, rounded to 0.01 s. */
  readonly quotaSeconds: number;
  /** True when the quota time is under Lambda's 10 s init limit. */
  readonly fitsInit: boolean;
}

/**
 * Estimates one deploy's demand on the quota.
 *
 * @example
 * estimateStampede('GetParametersByPath', 13, 25, 'standard').quotaSeconds // → 7.13 ((325 − 40) / 40)
 */
export function estimateStampede(
  api: ReadApi,
  callsPerColdStart: number,
  functions: number,
  throughput: Throughput,
): StampedeEstimate {
  const quota = QUOTAS[throughput][api];
  const callsPerDeploy = callsPerColdStart * functions;
  const quotaSeconds = Math.round((Math.max(0, callsPerDeploy - quota.burst) / quota.rate) * 100) / 100;
  return {
    api,
    callsPerColdStart,
    functions,
    callsPerDeploy,
    quota,
    quotaSeconds,
    fitsInit: quotaSeconds < LAMBDA_INIT_LIMIT_SECONDS,
  };
}
