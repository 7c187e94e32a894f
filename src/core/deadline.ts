/**
 * A point in time after which a fetch starts no more requests. A fetch shared by several callers (single-flight) runs
 * to the latest deadline among them: a caller with more time left extends it, and a caller with less never cuts it
 * (that caller stops waiting at its own deadline instead).
 */
export class Deadline {
  #at: number;

  constructor(at: number) {
    this.#at = at;
  }

  /** The deadline as epoch milliseconds. */
  get at(): number {
    return this.#at;
  }

  /** Moves the deadline later; an earlier time is ignored. */
  extendTo(at: number): void {
    if (at > this.#at) this.#at = at;
  }

  /** Milliseconds left at `now`. */
  remaining(now: number): number {
    return this.#at - now;
  }
}
