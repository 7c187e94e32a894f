/**
 * A point in time after which a fetch gives up. It can only move earlier: a prefetch started in the init phase with
 * the init cap is tightened by the first invocation's remaining time once the handler awaits it.
 */
export class Deadline {
  #at: number;

  constructor(at: number) {
    this.#at = at;
  }

  /** The deadline as epoch milliseconds (`Infinity` for none). */
  get at(): number {
    return this.#at;
  }

  /** Moves the deadline earlier; a later time is ignored. */
  tighten(at: number): void {
    if (at < this.#at) this.#at = at;
  }

  /** Milliseconds left at `now`. */
  remaining(now: number): number {
    return this.#at - now;
  }
}
