import type {
  LocalOperation,
  SecretsManagerOperation,
  SecretsThroughput,
  SsmOperation,
  ThrottleConfig,
  Throughput,
} from './types.js';

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

/**
 * AWS's published Secrets Manager quotas, per account and Region ("AWS Secrets Manager quotas", user guide): the
 * combined rate of DescribeSecret and GetSecretValue is 10,000/s; BatchGetSecretValue 100/s. Neither is adjustable.
 * AWS publishes no burst, so a bucket holds one second's worth.
 */
export const SECRETS_THROUGHPUT_PROFILES: Readonly<
  Record<'standard', ThrottleConfig<SecretsManagerOperation>>
> = {
  standard: {
    buckets: [
      {
        operations: ['GetSecretValue', 'DescribeSecret'],
        rate: 10_000,
        burst: 10_000,
        quotaCode: 'local-GetSecretValue',
      },
      { operations: ['BatchGetSecretValue'], rate: 100, burst: 100, quotaCode: 'local-BatchGetSecretValue' },
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

/** The bucket config a Parameter Store throughput stands for. */
export function ssmThrottleConfig(throughput: Throughput): ThrottleConfig {
  return typeof throughput === 'string' ? THROUGHPUT_PROFILES[throughput] : throughput;
}

/** The bucket config a Secrets Manager throughput stands for. */
export function secretsThrottleConfig(
  throughput: SecretsThroughput,
): ThrottleConfig<SecretsManagerOperation> {
  return typeof throughput === 'string' ? SECRETS_THROUGHPUT_PROFILES[throughput] : throughput;
}

/**
 * Token buckets shared by every caller, as an account's quota is. Time comes only from `now`, so tests can drive
 * refills by moving an injected clock instead of waiting. One instance per service: the quotas never mix.
 */
export class Throttle {
  #bucketsByOperation = new Map<string, Bucket>();

  constructor(
    config: ThrottleConfig<LocalOperation>,
    private readonly now: () => number,
  ) {
    this.configure(config);
  }

  /** Replace the profile; new buckets start full. */
  configure(config: ThrottleConfig<LocalOperation>): void {
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
