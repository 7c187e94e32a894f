/**
 * A point in time after which a fetch gives up. Callers that join a running fetch can only move it earlier, except
 * the first invocation joining the init-phase prefetch: from then on that invocation's own budget is what counts.
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

  /** Replaces the deadline (the first invocation taking over the init-phase prefetch). */
  moveTo(at: number): void {
    this.#at = at;
  }

  /** Milliseconds left at `now`. */
  remaining(now: number): number {
    return this.#at - now;
  }
}
