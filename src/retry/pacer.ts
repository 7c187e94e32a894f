/**
 * Spacing between the requests one process sends, learned from throttling. Functions that cold-start together share
 * one account quota but cannot talk to each other; each one slowing down when it is throttled and speeding up again
 * on success (additive increase, multiplicative decrease on the gap) lets the fleet settle near the quota instead of
 * retrying in waves.
 */
import type { Clock } from './clock.js';

export interface PacerOptions {
  /** Gap added after the first throttle, in ms. */
  readonly initialGap: number;
  /** The widest gap between two request starts, in ms. */
  readonly maxGap: number;
  /** Gap multiplier on a throttle (> 1). */
  readonly increase: number;
  /** Gap multiplier on a success (< 1). */
  readonly decrease: number;
  /**
   * Until the first answer, let one request out and hold the others (at most this long, in ms; 0 = off): a cold
   * process with parallel batches then costs the quota one call, not all of them, before it knows about contention.
   */
  readonly probeTimeout?: number;
  /**
   * On a throttle, pause every start of this process until a random time within this window (ms), doubled per
   * throttle in a row: a throttled process steps aside while others use the quota, instead of keeping its other
   * batches in the crowd. 0 = off.
   */
  readonly throttlePause?: number;
  /**
   * The gap also halves every this many ms without a throttle (0 = off). Recovery per success alone starves the
   * processes that were slowed most — they succeed least often — and they end up finishing last, alone, with the
   * quota idle.
   */
  readonly recoveryHalfLife?: number;
}

/**
 * Chosen in the stampede benchmark (bench/results/TUNING.md): a first throttle jumps straight to a 400 ms gap (a
 * 50 ms start needed ~4 throttles per process to reach the fleet's fair share), and the gap halves every second
 * without a throttle so the most-slowed processes catch up instead of finishing last with the quota idle.
 */
export const defaultPacerOptions: PacerOptions = {
  initialGap: 400,
  maxGap: 800,
  increase: 2,
  decrease: 0.95,
  probeTimeout: 0,
  throttlePause: 0,
  recoveryHalfLife: 1000,
};

/** Spaces request starts; shared by every call a client makes. */
export class Pacer {
  readonly #options: PacerOptions;
  readonly #clock: Clock;
  #gap = 0;
  #nextStart = 0;
  #throttlesInARow = 0;
  #gapSetAt = 0;
  #probe: { readonly answered: Promise<void>; readonly answer: () => void } | undefined;
  #probeSent = false;

  constructor(clock: Clock, options: PacerOptions = defaultPacerOptions) {
    this.#clock = clock;
    this.#options = { ...defaultPacerOptions, ...options };
    if ((this.#options.probeTimeout ?? 0) > 0) {
      let answer = () => {};
      const answered = new Promise<void>((resolve) => {
        answer = resolve;
      });
      this.#probe = { answered, answer };
    }
  }

  /** The current gap in ms (0 until the first throttle). */
  get gap(): number {
    return this.#currentGap(this.#clock.now());
  }

  /** The gap after time-based recovery since it was last set. */
  #currentGap(now: number): number {
    const halfLife = this.#options.recoveryHalfLife ?? 0;
    if (halfLife <= 0 || this.#gap === 0) return this.#gap;
    const gap = this.#gap * 0.5 ** (Math.max(0, now - this.#gapSetAt) / halfLife);
    return gap < this.#options.initialGap / 4 ? 0 : gap;
  }

  #setGap(gap: number): void {
    this.#gap = gap;
    this.#gapSetAt = this.#clock.now();
  }

  /** Waits for this request's turn. With no throttling seen, it never waits (except behind the first probe). */
  async acquire(signal?: AbortSignal): Promise<void> {
    await this.#waitForProbe(signal);
    const now = this.#clock.now();
    const gap = this.#currentGap(now);
    if (gap === 0 && this.#nextStart <= now) return;
    // Jitter each gap so processes that learned the same gap do not fire in lockstep.
    const spacing = gap * (0.5 + this.#clock.random());
    const start = Math.max(now, this.#nextStart);
    this.#nextStart = start + spacing;
    if (start > now) await this.#clock.sleep(start - now, signal);
  }

  onSuccess(): void {
    this.#answerProbe();
    this.#throttlesInARow = 0;
    const next = this.#currentGap(this.#clock.now()) * this.#options.decrease;
    this.#setGap(next < this.#options.initialGap / 4 ? 0 : next);
  }

  onThrottle(): void {
    this.#answerProbe();
    this.#throttlesInARow += 1;
    const current = this.#currentGap(this.#clock.now());
    this.#setGap(
      Math.min(this.#options.maxGap, Math.max(this.#options.initialGap, current * this.#options.increase)),
    );
    const pause = this.#options.throttlePause ?? 0;
    if (pause > 0) {
      const window = pause * 2 ** (this.#throttlesInARow - 1);
      this.#nextStart = Math.max(this.#nextStart, this.#clock.now() + this.#clock.random() * window);
    }
  }

  async #waitForProbe(signal?: AbortSignal): Promise<void> {
    const probe = this.#probe;
    if (!probe) return;
    if (!this.#probeSent) {
      this.#probeSent = true;
      return;
    }
    // A probe that fails otherwise (not throttled, not answered) must not hold the rest forever.
    const timeout = new AbortController();
    const onAbort = () => timeout.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const expiry = this.#clock.sleep(this.#options.probeTimeout ?? 0, timeout.signal).catch(() => {});
    try {
      await Promise.race([probe.answered, expiry]);
    } finally {
      timeout.abort();
      signal?.removeEventListener('abort', onAbort);
    }
    signal?.throwIfAborted();
    this.#answerProbe();
  }

  #answerProbe(): void {
    if (!this.#probe) return;
    this.#probe.answer();
    this.#probe = undefined;
  }
}
