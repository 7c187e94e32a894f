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
}

export const defaultPacerOptions: PacerOptions = {
  initialGap: 50,
  maxGap: 2000,
  increase: 2,
  decrease: 0.85,
};

/** Spaces request starts; shared by every call a client makes. */
export class Pacer {
  readonly #options: PacerOptions;
  readonly #clock: Clock;
  #gap = 0;
  #nextStart = 0;

  constructor(clock: Clock, options: PacerOptions = defaultPacerOptions) {
    this.#clock = clock;
    this.#options = options;
  }

  /** The current gap in ms (0 until the first throttle). */
  get gap(): number {
    return this.#gap;
  }

  /** Waits for this request's turn. With no throttling seen, it never waits. */
  async acquire(signal?: AbortSignal): Promise<void> {
    if (this.#gap === 0) return;
    const now = this.#clock.now();
    // Jitter each gap so processes that learned the same gap do not fire in lockstep.
    const spacing = this.#gap * (0.5 + this.#clock.random());
    const start = Math.max(now, this.#nextStart);
    this.#nextStart = start + spacing;
    if (start > now) await this.#clock.sleep(start - now, signal);
  }

  onSuccess(): void {
    const next = this.#gap * this.#options.decrease;
    this.#gap = next < this.#options.initialGap / 4 ? 0 : next;
  }

  onThrottle(): void {
    this.#gap = Math.min(this.#options.maxGap, Math.max(this.#options.initialGap, this.#gap * this.#options.increase));
  }
}
