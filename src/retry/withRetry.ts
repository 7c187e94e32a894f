/**
 * The one retry layer around every SSM call (each page, each batch). p-retry runs the whole loop — every attempt,
 * the abort signal, the decision (`shouldRetry`, a pure function of the error and the attempt number) and the
 * jittered wait (`onFailedAttempt`). Our own wait replaces p-retry's `randomize`, which multiplies the delay by 1–2
 * and keeps a fleet's retries bunched; full jitter spreads them. The SDK client's own retries are switched off
 * (`maxAttempts: 1`) where the client is created, so attempts never multiply.
 */
import pRetry, { AbortError } from 'p-retry';
import type { Clock } from '../core/clock.js';
import type { Deadline } from '../core/deadline.js';
import type { RetryOptions } from '../types.js';
import { classifyFailure, type FailureKind, quotaCodeOf, RETRIES_BY_KIND } from './classifyError.js';
import type { Pacer } from './pacer.js';

export type ResolvedRetryOptions = Required<RetryOptions>;

export const defaultRetryOptions: ResolvedRetryOptions = {
  retries: 24,
  baseDelay: 100,
  throttleBaseDelay: 500,
  maxDelay: 2000,
  attemptTimeout: 3000,
  jitter: true,
};

/** No request starts with less than this left before the deadline: it could not finish. */
export const MIN_ATTEMPT_BUDGET_MS = 50;

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

/** What a retry about to happen looks like, for progress output. */
export interface RetryNotice {
  readonly kind: FailureKind;
  readonly error: unknown;
  /** The attempt that failed, 1-based, counted per call. */
  readonly attempt: number;
  readonly delayMs: number;
}

/** Everything one retried call needs besides the operation itself. */
export interface RetryContext {
  readonly options: ResolvedRetryOptions;
  readonly clock: Clock;
  readonly deadline: Deadline;
  readonly pacer: Pacer;
  readonly stats: CallStats;
  /** Ends retrying at once (the CLI's Ctrl-C). */
  readonly signal?: AbortSignal;
  /** Told before each retry's wait. */
  readonly onRetry?: (notice: RetryNotice) => void;
}

/** The call ran out of time before an attempt succeeded. `cause` is the last attempt's error, if any. */
export class DeadlineExceededError extends Error {
  override name = 'DeadlineExceededError';
}

/** One attempt took longer than `attemptTimeout`. Retryable. */
export class AttemptTimeoutError extends Error {
  override name = 'AttemptTimeoutError';
}

/** The delay before retry number `retry` (1-based), with jitter applied: a random time below min(cap, base·2^(retry−1)). */
export const backoffDelay = (
  retry: number,
  kind: FailureKind,
  options: ResolvedRetryOptions,
  clock: Clock,
): number => {
  if (kind === 'clock-skew') return 0;
  const base = kind === 'throttled' ? options.throttleBaseDelay : options.baseDelay;
  const ceiling = Math.min(options.maxDelay, base * 2 ** (retry - 1));
  if (options.jitter === true) return clock.random() * ceiling;
  if (options.jitter === false) return ceiling;
  const custom = options.jitter(ceiling);
  return Number.isFinite(custom) && custom >= 0 ? Math.min(custom, options.maxDelay) : ceiling;
};

/** Whether the failed attempt number `attempt` (1-based) of this kind is worth another. */
const worthRetrying = (kind: FailureKind, attempt: number, options: ResolvedRetryOptions): boolean =>
  attempt <= Math.min(options.retries, RETRIES_BY_KIND[kind]);

/**
 * Runs `operation` until it succeeds, fails for good, runs out of retries, or the deadline passes.
 * `operation` receives an AbortSignal that fires on the attempt timeout; pass it to `client.send`.
 */
export const withRetry = async <T>(
  operation: (signal: AbortSignal) => Promise<T>,
  context: RetryContext,
): Promise<T> => {
  const { options, clock, deadline, pacer, stats } = context;
  let lastError: unknown;

  const outOfTime = (attempts: number): DeadlineExceededError =>
    new DeadlineExceededError(`the deadline passed after ${attempts} attempt(s) of this call`, {
      cause: lastError,
    });

  const attempt = async (attemptNumber: number): Promise<T> => {
    // Thrown inside the operation, so wrapped: p-retry unwraps an AbortError and stops.
    if (deadline.remaining(clock.now()) < MIN_ATTEMPT_BUDGET_MS)
      throw new AbortError(outOfTime(attemptNumber - 1));
    // A turn that would come after the deadline is not waited for.
    const turn = await pacer.acquire({
      deadline: deadline.at - MIN_ATTEMPT_BUDGET_MS,
      ...(context.signal ? { signal: context.signal } : {}),
    });
    if (turn === 'past-deadline') throw new AbortError(outOfTime(attemptNumber - 1));
    const remaining = deadline.remaining(clock.now());
    if (remaining < MIN_ATTEMPT_BUDGET_MS) throw new AbortError(outOfTime(attemptNumber - 1));
    const budget = Math.min(options.attemptTimeout, remaining);
    stats.calls += 1;
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new AttemptTimeoutError(`SSM did not answer within ${Math.round(budget)} ms`)),
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
      if (classifyFailure(error) === 'throttled') {
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

  return pRetry(attempt, {
    retries: options.retries,
    // The wait is ours (full jitter, on the injectable clock), taken in onFailedAttempt.
    minTimeout: 0,
    ...(context.signal ? { signal: context.signal } : {}),
    shouldRetry: ({ error, attemptNumber }) => worthRetrying(classifyFailure(error), attemptNumber, options),
    onFailedAttempt: async ({ error, attemptNumber }) => {
      const kind = classifyFailure(error);
      if (!worthRetrying(kind, attemptNumber, options)) return;
      const delay = backoffDelay(attemptNumber, kind, options, clock);
      // Thrown from a callback, p-retry passes it on as it is.
      if (deadline.remaining(clock.now() + delay) < MIN_ATTEMPT_BUDGET_MS) throw outOfTime(attemptNumber);
      stats.retries += 1;
      context.onRetry?.({ kind, error, attempt: attemptNumber, delayMs: delay });
      await clock.sleep(delay, context.signal);
    },
  });
};
