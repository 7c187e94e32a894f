import type { Clock } from '../../src/core/clock.js';

/** A virtual clock: `sleep` advances time at once and records the delay, so retry tests never wait. */
export class FakeClock implements Clock {
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

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.time += ms;
  }

  random(): number {
    const value = this.#randoms.length > 1 ? (this.#randoms.shift() as number) : (this.#randoms[0] ?? 0.5);
    return value;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}
