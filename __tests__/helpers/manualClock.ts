import { VirtualClock } from './fakeClock.js';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/**
 * A virtual clock whose sleeps wait until the test moves time with `advance` (unlike FakeClock, whose sleeps return
 * at once): for code where several callers sleep at the same time and the order of wake-ups matters.
 */
export class ManualClock extends VirtualClock {
  #timers: Timer[] = [];
  #seq = 0;

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    return new Promise((resolve, reject) => {
      const timer: Timer = {
        at: this.time + ms,
        seq: this.#seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#timers = this.#timers.filter((candidate) => candidate !== timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#timers.push(timer);
    });
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.#timers.length;
  }

  /** Moves time forward by `ms`, firing due timers in order and letting their continuations run. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    await flush();
    for (;;) {
      const due = this.#timers
        .filter((timer) => timer.at <= until)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((timer) => timer !== due);
      this.time = due.at;
      due.resolve();
      await flush();
    }
    this.time = until;
    await flush();
  }
}

/** Lets pending promise continuations run. */
export const flush = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};
