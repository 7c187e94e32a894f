import type { Clock } from '../../src/core/clock.js';

/**
 * What the test clocks share: time that moves only when told, the delays asked of `sleep` in order, and `random`
 * answering from `randoms` (the last one repeats). How `sleep` and `advance` behave is each clock's own.
 */
export abstract class VirtualClock implements Clock {
  time: number;
  readonly sleeps: number[] = [];
  #randoms: number[];

  constructor(start = 1_700_000_000_000, randoms: number[] = [0.5]) {
    this.time = start;
    this.#randoms = randoms;
  }

  now(): number {
    return this.time;
  }

  random(): number {
    return this.#randoms.length > 1 ? (this.#randoms.shift() as number) : (this.#randoms[0] ?? 0.5);
  }

  abstract sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** A virtual clock: `sleep` advances time at once and records the delay, so retry tests never wait. */
export class FakeClock extends VirtualClock {
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.time += ms;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}
