/**
 * Spacing between the requests one process sends, learned from throttling. Functions that cold-start together share
 * one account quota but cannot talk to each other; each one widening its gap between requests when it is throttled,
 * and narrowing it again with successes and with time, lets the fleet settle near the quota instead of retrying in
 * waves.
 */
import type { Clock } from '../core/clock.js';

export interface PacerOptions {
  /** Gap between request starts after the first throttle, in ms. */
  readonly initialGap: number;
  /** The widest gap between two request starts, in ms. */
  readonly maxGap: number;
  /** Gap multiplier on a throttle (> 1). */
  readonly increase: number;
  /** Gap multiplier on a success (< 1). */
  readonly decrease: number;
  /**
   * The gap also halves every this many ms (0 = off). Recovery per success alone starves the processes that were
   * slowed most — they succeed least often — and they finish last, alone, with the quota idle.
   */
  readonly recoveryHalfLife: number;
}

/**
 * Chosen in the stampede benchmark (bench/results/TUNING.md): a first throttle jumps straight to a 400 ms gap (near a
 * 25-function fleet's fair share at 40/s; a 50 ms start needed ~4 throttles per process to get there), the gap is
 * capped at 800 ms and halves every second, so the most-slowed processes catch up instead of finishing last.
 */
export const defaultPacerOptions: PacerOptions = {
  initialGap: 400,
  maxGap: 800,
  increase: 2,
  decrease: 0.95,
  recoveryHalfLife: 1000,
};

/** Spaces request starts; shared by every call a client makes. */
export class Pacer {
  readonly #options: PacerOptions;
  readonly #clock: Clock;
  #gap = 0;
  #gapSetAt = 0;
  #nextStart = 0;

  constructor(clock: Clock, options: Partial<PacerOptions> = {}) {
    this.#clock = clock;
    this.#options = { ...defaultPacerOptions, ...options };
  }

  /** The current gap in ms (0 until the first throttle), after recovery with time. */
  get gap(): number {
    return this.#gapAt(this.#clock.now());
  }

  #gapAt(now: number): number {
    const { recoveryHalfLife, initialGap } = this.#options;
    if (recoveryHalfLife <= 0 || this.#gap === 0) return this.#gap;
    const gap = this.#gap * 0.5 ** (Math.max(0, now - this.#gapSetAt) / recoveryHalfLife);
    return gap < initialGap / 4 ? 0 : gap;
  }

  #setGap(gap: number): void {
    this.#gap = gap < this.#options.initialGap / 4 ? 0 : gap;
    this.#gapSetAt = this.#clock.now();
  }

  /** Waits for this request's turn. With no throttling seen, it never waits. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const now = this.#clock.now();
    const gap = this.#gapAt(now);
    if (gap === 0 && this.#nextStart <= now) return;
    // Jitter each gap so processes that learned the same gap do not fire in lockstep.
    const spacing = gap * (0.5 + this.#clock.random());
    const start = Math.max(now, this.#nextStart);
    this.#nextStart = start + spacing;
    if (start > now) await this.#clock.sleep(start - now, signal);
  }

  onSuccess(): void {
    this.#setGap(this.#gapAt(this.#clock.now()) * this.#options.decrease);
  }

  onThrottle(): void {
    const now = this.#clock.now();
    const current = this.#gapAt(now);
    // Parallel batches throttled together are one signal, not several: widen at most once per gap (as TCP reacts
    // once per window), or one crowded instant would push the gap to its cap.
    if (current > 0 && now - this.#gapSetAt < current) return;
    const { initialGap, increase, maxGap } = this.#options;
    this.#setGap(Math.min(maxGap, Math.max(initialGap, current * increase)));
  }
}
