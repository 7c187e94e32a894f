/**
 * Turns one fleet run into the figures the report compares: failures and why, time to handler, calls the server
 * counted per caller, makespan, and the physical bound (the time the quota needs for the minimum number of calls).
 */
import { type CallRecord, type LocalSsmStats, THROUGHPUT_PROFILES } from '../../src/testing.js';
import type { ThroughputProfile } from './scenarios.js';
import type { ColdStartResult } from './types.js';

export const INIT_LIMIT_MS = 10_000;

export interface RunSummary {
  readonly functions: number;
  readonly failed: number;
  /** Failure reason → count. */
  readonly reasons: Readonly<Record<string, number>>;
  readonly p50Ms: number | undefined;
  readonly p95Ms: number | undefined;
  readonly maxMs: number | undefined;
  /** Cold starts whose handler ran later than Lambda's 10 s init limit. */
  readonly pastInitLimit: number;
  readonly okCalls: number;
  readonly throttledCalls: number;
  readonly otherFailedCalls: number;
  readonly minimumCalls: number;
  /** Release → the last cold start finished (handler ran, failed, or was killed). */
  readonly makespanMs: number;
  readonly boundMs: number;
  /** makespan ÷ bound; undefined when the bound is 0 (everything fits in the burst). */
  readonly makespanOverBound: number | undefined;
  readonly throttledPerSuccess: number;
  /** Cold starts that succeeded with fewer values than expected (should be 0). */
  readonly incomplete: number;
  /** Calls of this run, times relative to release, for the chart. */
  readonly timeline: readonly { readonly atMs: number; readonly outcome: CallRecord['outcome'] }[];
}

export const percentile = (sorted: readonly number[], p: number): number | undefined => {
  if (sorted.length === 0) return undefined;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
};

/** The bucket serving `operation` under `profile`: its rate per second and burst. */
export const quotaFor = (profile: ThroughputProfile, operation: string): { rate: number; burst: number } => {
  const bucket = THROUGHPUT_PROFILES[profile].buckets.find((candidate) =>
    (candidate.operations as readonly string[]).includes(operation),
  );
  if (!bucket) throw new Error(`no ${profile} quota for ${operation}`);
  return { rate: bucket.rate, burst: bucket.burst ?? bucket.rate };
};

/** Calls beyond the burst ÷ rate: no loader can finish sooner. */
export const physicalBoundMs = (minimumCalls: number, quota: { rate: number; burst: number }): number =>
  (Math.max(0, minimumCalls - quota.burst) / quota.rate) * 1000;

export interface SummaryInput {
  readonly results: readonly ColdStartResult[];
  readonly stats: LocalSsmStats;
  readonly accessKeyIds: readonly string[];
  readonly releaseAt: number;
  readonly capMs: number;
  readonly minimumCalls: number;
  readonly boundMs: number;
  readonly expectedValues: number;
}

export const summarize = (input: SummaryInput): RunSummary => {
  const callers = new Set(input.accessKeyIds);
  const calls = input.stats.calls.filter((call) => callers.has(call.caller));
  const count = (outcome: CallRecord['outcome']) => calls.filter((call) => call.outcome === outcome).length;
  const succeeded = input.results.filter((result) => result.ok);
  const times = succeeded.map((result) => result.timeToHandlerMs ?? input.capMs).sort((a, b) => a - b);
  const reasons: Record<string, number> = {};
  for (const result of input.results) {
    if (!result.ok) reasons[result.reason ?? 'unknown'] = (reasons[result.reason ?? 'unknown'] ?? 0) + 1;
  }
  const makespanMs = Math.max(0, ...input.results.map((result) => result.timeToHandlerMs ?? input.capMs));
  const okCalls = count('ok');
  const throttledCalls = count('throttled');
  return {
    functions: input.results.length,
    failed: input.results.length - succeeded.length,
    reasons,
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    maxMs: times.at(-1),
    pastInitLimit: times.filter((time) => time > INIT_LIMIT_MS).length,
    okCalls,
    throttledCalls,
    otherFailedCalls: count('failed'),
    minimumCalls: input.minimumCalls,
    makespanMs,
    boundMs: input.boundMs,
    makespanOverBound: input.boundMs > 0 ? makespanMs / input.boundMs : undefined,
    throttledPerSuccess: okCalls === 0 ? Number.POSITIVE_INFINITY : throttledCalls / okCalls,
    incomplete: succeeded.filter(
      (result) => result.values !== undefined && result.values < input.expectedValues,
    ).length,
    timeline: calls.map((call) => ({ atMs: call.at - input.releaseAt, outcome: call.outcome })),
  };
};
