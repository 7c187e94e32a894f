import type { CallCounts, CallOutcome, CallRecord, LocalSsmStats } from './types.js';

/** Counts calls per operation and per caller, split by outcome, and keeps a timestamped call log. */
export class Accounting {
  #byOperation = new Map<string, CallCounts>();
  #byCaller = new Map<string, CallCounts>();
  #total = emptyCounts();
  #calls: CallRecord[] = [];

  record(call: CallRecord): void {
    this.#calls.push(call);
    count(this.#total, call.outcome);
    count(counterFor(this.#byOperation, call.operation), call.outcome);
    count(counterFor(this.#byCaller, call.caller), call.outcome);
  }

  /** A copy, so callers can keep it while the server goes on counting. */
  snapshot(): LocalSsmStats {
    return {
      byOperation: copyCounters(this.#byOperation),
      byCaller: copyCounters(this.#byCaller),
      total: { ...this.#total },
      calls: this.#calls.map((call) => ({ ...call })),
    };
  }

  reset(): void {
    this.#byOperation = new Map();
    this.#byCaller = new Map();
    this.#total = emptyCounts();
    this.#calls = [];
  }
}

function emptyCounts(): CallCounts {
  return { ok: 0, throttled: 0, failed: 0, total: 0 };
}

function counterFor(counters: Map<string, CallCounts>, key: string): CallCounts {
  let counts = counters.get(key);
  if (!counts) {
    counts = emptyCounts();
    counters.set(key, counts);
  }
  return counts;
}

function count(counts: CallCounts, outcome: CallOutcome): void {
  counts[outcome] += 1;
  counts.total += 1;
}

function copyCounters(counters: Map<string, CallCounts>): Record<string, CallCounts> {
  return Object.fromEntries([...counters].map(([key, counts]) => [key, { ...counts }]));
}
