import type { SsmOperation, ThrottleConfig, Throughput } from './types.js';

const GET_OPERATIONS: readonly SsmOperation[] = ['GetParameter', 'GetParameters', 'GetParametersByPath'];

/** AWS's published Parameter Store throughput quotas, per account and Region. */
export const THROUGHPUT_PROFILES: Readonly<Record<'standard' | 'high', ThrottleConfig>> = {
  standard: { buckets: [{ operations: GET_OPERATIONS, rate: 40, burst: 40 }] },
  high: {
    buckets: [
      { operations: ['GetParametersByPath'], rate: 100, burst: 100 },
      { operations: ['GetParameter', 'GetParameters'], rate: 3000, burst: 3000 },
    ],
  },
};

/** The verdict for one call: allowed, or throttled with the quota code to report. */
export type ThrottleVerdict = { allowed: true } | { allowed: false; quotaCode: string };

interface Bucket {
  readonly rate: number;
  readonly burst: number;
  readonly quotaCode: string;
  tokens: number;
  refilledAt: number;
}

/**
 * Token buckets shared by every caller, as an account's quota is. Time comes only from `now`, so tests can drive
 * refills by moving an injected clock instead of waiting.
 */
export class Throttle {
  #bucketsByOperation = new Map<string, Bucket>();

  constructor(
    throughput: Throughput,
    private readonly now: () => number,
  ) {
    this.configure(throughput);
  }

  /** Replace the profile; new buckets start full. */
  configure(throughput: Throughput): void {
    const config = typeof throughput === 'string' ? THROUGHPUT_PROFILES[throughput] : throughput;
    const byOperation = new Map<string, Bucket>();
    for (const spec of config.buckets) {
      assertRate(spec.rate, 'rate');
      const burst = spec.burst ?? spec.rate;
      assertRate(burst, 'burst');
      const bucket: Bucket = {
        rate: spec.rate,
        burst,
        quotaCode: spec.quotaCode ?? `local-${spec.operations[0] ?? 'bucket'}`,
        tokens: burst,
        refilledAt: this.now(),
      };
      for (const operation of spec.operations) byOperation.set(operation, bucket);
    }
    this.#bucketsByOperation = byOperation;
  }

  /** Take a token for the call if one is there; a throttled call takes nothing. */
  take(operation: string): ThrottleVerdict {
    const bucket = this.#bucketsByOperation.get(operation);
    if (!bucket) return { allowed: true };
    refill(bucket, this.now());
    if (bucket.tokens < 1) return { allowed: false, quotaCode: bucket.quotaCode };
    bucket.tokens -= 1;
    return { allowed: true };
  }
}

function refill(bucket: Bucket, now: number): void {
  // A clock that steps back refills nothing rather than draining the bucket.
  const elapsed = Math.max(0, now - bucket.refilledAt);
  bucket.tokens = Math.min(bucket.burst, bucket.tokens + (elapsed * bucket.rate) / 1000);
  bucket.refilledAt = Math.max(bucket.refilledAt, now);
}

function assertRate(value: number, name: string): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(`Expected \`${name}\` to be a positive number, got ${value}`);
  }
}
