/**
 * The one retry layer around every SSM call (each page, each batch): p-retry with exponential backoff and full
 * jitter, only for retryable errors, a timeout per attempt, and a deadline for the whole fetch. The SDK client's own
 * retries are switched off (`maxAttempts: 1`) where the client is created, so attempts never multiply.
 */
import { describeError, isRetryableError, isThrottlingError, quotaCodeOf } from './classifyError.js';
import type { Clock } from './clock.js';
import type { Deadline } from './deadline.js';
import type { Pacer } from './pacer.js';

/** Retry tuning. Every field has a default chosen in the stampede benchmark (see the README's Resilience section). */
export interface RetryOptions {
  /**
   * Retries after the first attempt, so one call makes at most `retries + 1` HTTP requests. The fetch deadline
   * usually ends retrying first.
   * @default 24
   */
  readonly retries?: number;
  /**
   * Base delay in ms of the exponential backoff: attempt n waits a random time in [0, min(maxDelay, base · 2ⁿ)).
   * @default 100
   */
  readonly baseDelay?: number;
  /**
   * Base delay in ms after a throttle (AWS's SDKs use a larger base for throttling than for transient errors).
   * @default 500
   */
  readonly throttleBaseDelay?: number;
  /**
   * Cap in ms on a single backoff delay (the pacer already spaces a throttled process's requests; a long cap only
   * left the last cold starts sleeping while the quota sat idle).
   * @default 2000
   */
  readonly maxDelay?: number;
  /**
   * Timeout in ms of one HTTP attempt; a hung connection is abandoned and retried.
   * @default 3000
   */
  readonly attemptTimeout?: number;
  /**
   * `true` for full jitter (random in [0, delay)), `false` for none, or a function mapping the computed delay.
   * @default true
   */
  readonly jitter?: boolean | ((delay: number) => number);
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export const defaultRetryOptions: ResolvedRetryOptions = {
  retries: 24,
  baseDelay: 100,
  throttleBaseDelay: 500,
  maxDelay: 2000,
  attemptTimeout: 3000,
  jitter: true,
};

/** Counters of one fetch; read by the metrics hook and the throttle summary. */
export interface CallStats {
  /** HTTP attempts sent. */
  calls: number;
  /** Attempts that failed and were retried. */
  retries: number;
  /** Attempts answered with throttling. */
  throttles: number;
  /** Quota codes seen on throttling. */
  readonly quotaCodes: Set<string>;
}

export const newCallStats = (): CallStats => ({ calls: 0, retries: 0, throttles: 0, quotaCodes: new Set() });

/** Everything one retried call needs besides the operation itself. */
export interface RetryContext {
  readonly options: ResolvedRetryOptions;
  readonly clock: Clock;
  readonly deadline: Deadline;
  readonly pacer: Pacer;
  readonly stats: CallStats;
}

/** The fetch ran out of time before an attempt succeeded. `cause` is the last attempt's error, if any. */
export class DeadlineExceededError extends Error {
  override name = 'DeadlineExceededError';
}

/** One attempt took longer than `attemptTimeout`. Retryable. */
export class AttemptTimeoutError extends Error {
  override name = 'AttemptTimeoutError';
}

/** The delay before retry number `retry` (1-based), with jitter applied. */
export const backoffDelay = (
  retry: number,
  error: unknown,
  options: ResolvedRetryOptions,
  clock: Clock,
): number => {
  const base = isThrottlingError(error) ? options.throttleBaseDelay : options.baseDelay;
  const ceiling = Math.min(options.maxDelay, base * 2 ** (retry - 1));
  if (options.jitter === true) return clock.random() * ceiling;
  if (options.jitter === false) return ceiling;
  const custom = options.jitter(ceiling);
  return Number.isFinite(custom) && custom >= 0 ? Math.min(custom, options.maxDelay) : ceiling;
};

/**
 * Runs `operation` until it succeeds, fails for good, runs out of retries, or the deadline passes.
 * `operation` receives an AbortSignal that fires on the attempt timeout; pass it to `client.send`.
 *
 * The first attempt runs without p-retry, which is imported only when a retry is needed: most cold starts never
 * fail, and loading a module they do not use would cost each of them.
 */
export const withRetry = async <T>(
  operation: (signal: AbortSignal) => Promise<T>,
  context: RetryContext,
): Promise<T> => {
  const { options, clock, deadline, pacer, stats } = context;
  let lastError: unknown;
  let stoppedByDeadline = false;

  const attempt = async (): Promise<T> => {
    if (deadline.remaining(clock.now()) <= 0) throw deadlineError(lastError, stats);
    await pacer.acquire();
    stats.calls += 1;
    const controller = new AbortController();
    const budget = Math.min(options.attemptTimeout, Math.max(1, deadline.remaining(clock.now())));
    const timer = setTimeout(
      () => controller.abort(new AttemptTimeoutError(`SSM did not answer within ${budget} ms`)),
      budget,
    );
    timer.unref?.();
    try {
      const result = await operation(controller.signal);
      pacer.onSuccess();
      return result;
    } catch (caught) {
      // The SDK reports our abort as a generic "Request aborted"; name the timeout instead.
      const error = controller.signal.aborted ? controller.signal.reason : caught;
      lastError = error;
      if (isThrottlingError(error)) {
        stats.throttles += 1;
        const quotaCode = quotaCodeOf(error);
        if (quotaCode) stats.quotaCodes.add(quotaCode);
        pacer.onThrottle();
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };

  /** Decides on retry number `retry` (1-based) and waits its backoff. p-retry's own `randomize` multiplies the
   * delay by 1–2, which keeps a fleet's retries bunched, so the wait happens here, with full jitter. */
  const retryAfter = async (error: unknown, retry: number): Promise<boolean> => {
    if (retry > options.retries || !isRetryableError(error)) return false;
    const delay = backoffDelay(retry, error, options, clock);
    if (clock.now() + delay >= deadline.at) {
      stoppedByDeadline = true;
      return false;
    }
    stats.retries += 1;
    await clock.sleep(delay);
    return true;
  };
  const finalError = (error: unknown): unknown => (stoppedByDeadline ? deadlineError(error, stats) : error);

  try {
    return await attempt();
  } catch (error) {
    if (!(await retryAfter(error, 1))) throw finalError(error);
  }
  const { default: pRetry } = await import('p-retry');
  return pRetry(attempt, {
    retries: options.retries - 1,
    minTimeout: 0,
    shouldRetry: ({ error, attemptNumber }) => retryAfter(error, attemptNumber + 1),
  }).catch((error: unknown) => {
    throw finalError(error);
  });
};

const deadlineError = (lastError: unknown, stats: CallStats): DeadlineExceededError =>
  new DeadlineExceededError(
    `the fetch deadline passed after ${stats.calls} attempts${lastError === undefined ? '' : `; last error: ${describeError(lastError)}`}`,
    { cause: lastError },
  );
