import {
  AccessDeniedException,
  InternalServerError,
  ParameterNotFound,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-ssm';
import { jest } from '@jest/globals';
import { Deadline } from '../../src/core/deadline.js';
import { isRetryableError, isThrottlingError, quotaCodeOf } from '../../src/retry/classifyError.js';
import { Pacer } from '../../src/retry/pacer.js';
import {
  backoffDelay,
  DeadlineExceededError,
  defaultRetryOptions,
  newCallStats,
  type ResolvedRetryOptions,
  withRetry,
} from '../../src/retry/withRetry.js';
import { FakeClock } from '../helpers/fakeClock.js';
import { rejectionOf } from '../helpers/harness.js';

const metadata = (status: number) => ({ $metadata: { httpStatusCode: status } });
const throttle = () =>
  Object.assign(
    new ThrottlingException({ message: 'Rate exceeded', Message: 'Rate exceeded', ...metadata(400) }),
    { QuotaCode: 'L-QUOTA' },
  );
const serverError = () => new InternalServerError({ message: 'boom', Message: 'boom', ...metadata(500) });

const setup = (options: Partial<ResolvedRetryOptions> = {}, deadlineIn = Number.POSITIVE_INFINITY) => {
  const clock = new FakeClock();
  const stats = newCallStats();
  const context = {
    options: { ...defaultRetryOptions, ...options },
    clock,
    deadline: new Deadline(clock.now() + deadlineIn),
    pacer: new Pacer(clock, { initialGap: 0, maxGap: 0, increase: 1, decrease: 1 }),
    stats,
  };
  return { clock, stats, context };
};

/** An operation that fails with the given errors in turn, then succeeds. */
const failing = (...errors: unknown[]) => {
  let calls = 0;
  const operation = jest.fn(async () => {
    const error = errors[calls++];
    if (error) throw error;
    return 'ok';
  });
  return operation;
};

describe('classifyError', () => {
  it('retries throttling, 5xx and connection errors', () => {
    expect(isRetryableError(throttle())).toBe(true);
    expect(isRetryableError(serverError())).toBe(true);
    expect(isRetryableError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryableError({ name: 'TimeoutError' })).toBe(true);
  });

  it('never retries access denied, not found, validation or KMS errors', () => {
    expect(
      isRetryableError(new AccessDeniedException({ message: 'no', Message: 'no', ...metadata(400) })),
    ).toBe(false);
    expect(isRetryableError(new ParameterNotFound({ message: 'no', ...metadata(400) }))).toBe(false);
    expect(
      isRetryableError(new ValidationException({ message: 'no', Message: 'no', ...metadata(400) })),
    ).toBe(false);
    expect(isRetryableError({ name: 'InvalidKeyId', $metadata: { httpStatusCode: 400 } })).toBe(false);
  });

  it('recognises throttling by name or HTTP 429 and reads the quota code', () => {
    expect(isThrottlingError(throttle())).toBe(true);
    expect(isThrottlingError({ name: 'Whatever', $metadata: { httpStatusCode: 429 } })).toBe(true);
    expect(quotaCodeOf(throttle())).toBe('L-QUOTA');
  });
});

describe('backoffDelay', () => {
  it('draws full jitter below an exponential ceiling, capped', () => {
    const clock = new FakeClock(0, [0.999]);
    const options = { ...defaultRetryOptions, baseDelay: 100, maxDelay: 1000 };
    expect(backoffDelay(1, 'transient', options, clock)).toBeCloseTo(99.9);
    expect(backoffDelay(3, 'transient', options, clock)).toBeCloseTo(399.6);
    expect(backoffDelay(10, 'transient', options, clock)).toBeCloseTo(999);
  });

  it('uses the throttle base after a throttle', () => {
    const clock = new FakeClock(0, [1 - 1e-9]);
    const options = { ...defaultRetryOptions, baseDelay: 10, throttleBaseDelay: 500, maxDelay: 10_000 };
    expect(backoffDelay(1, 'throttled', options, clock)).toBeCloseTo(500);
  });

  it('can go without jitter, or take a custom jitter function', () => {
    const clock = new FakeClock(0, [0]);
    const options = { ...defaultRetryOptions, baseDelay: 100, maxDelay: 1000 };
    expect(backoffDelay(2, 'transient', { ...options, jitter: false }, clock)).toBe(200);
    expect(backoffDelay(2, 'transient', { ...options, jitter: (d) => d / 4 }, clock)).toBe(50);
    expect(backoffDelay(2, 'transient', { ...options, jitter: () => Number.NaN }, clock)).toBe(200);
  });
});

describe('withRetry', () => {
  it('retries throttling and transient errors, then returns the result', async () => {
    const { context, stats, clock } = setup();
    const operation = failing(throttle(), serverError());

    await expect(withRetry(operation, context)).resolves.toBe('ok');

    expect(operation).toHaveBeenCalledTimes(3);
    expect(stats).toMatchObject({ calls: 3, retries: 2, throttles: 1 });
    expect([...stats.quotaCodes]).toEqual(['L-QUOTA']);
    expect(clock.sleeps).toHaveLength(2);
  });

  it('does not retry a non-retryable error', async () => {
    const { context } = setup();
    const denied = new AccessDeniedException({ message: 'denied', Message: 'denied', ...metadata(400) });
    const operation = failing(denied);

    await expect(withRetry(operation, context)).rejects.toBe(denied);
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('makes at most retries + 1 attempts', async () => {
    const { context } = setup({ retries: 3 });
    const operation = failing(...Array.from({ length: 10 }, serverError));

    await expect(withRetry(operation, context)).rejects.toBeInstanceOf(InternalServerError);
    expect(operation).toHaveBeenCalledTimes(4);
  });

  it('stops when the next delay would pass the deadline, naming the last error', async () => {
    const { context } = setup({ baseDelay: 1000, throttleBaseDelay: 1000, jitter: false }, 2500);
    const operation = failing(...Array.from({ length: 10 }, throttle));

    const error = await rejectionOf(withRetry(operation, context));

    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect((error as Error).cause).toBeInstanceOf(ThrottlingException);
    // 0 ms: attempt 1; +1000: attempt 2; the next delay (2000) would end past 2500.
    expect(operation).toHaveBeenCalledTimes(2);
  });

  it('does not start when the deadline has passed', async () => {
    const { context } = setup({}, 0);
    const operation = failing();

    await expect(withRetry(operation, context)).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(operation).not.toHaveBeenCalled();
  });

  it('abandons an attempt that outlives attemptTimeout and retries it', async () => {
    const { context } = setup({ attemptTimeout: 20 });
    let calls = 0;
    const operation = (signal: AbortSignal) =>
      new Promise<string>((resolve, reject) => {
        calls += 1;
        if (calls > 1) {
          resolve('second');
          return;
        }
        signal.addEventListener('abort', () => reject(signal.reason));
      });

    await expect(withRetry(operation, context)).resolves.toBe('second');
    expect(calls).toBe(2);
  });
});
