/** A setTimeout-based sleep whose pending waits can all be released at once, so close() never leaves timers behind. */
export function createCancellableSleep(): { sleep: (ms: number) => Promise<void>; releaseAll: () => void } {
  const pending = new Map<NodeJS.Timeout, () => void>();
  return {
    sleep: (ms) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(timer);
          resolve();
        }, ms);
        pending.set(timer, resolve);
      }),
    releaseAll: () => {
      for (const [timer, resolve] of pending) {
        clearTimeout(timer);
        resolve();
      }
      pending.clear();
    },
  };
}
