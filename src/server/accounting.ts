import type { CallCounts, CallOutcome, CallRecord, LocalOperation, LocalSsmStats } from './types.js';

/**
 * Counts calls per operation and per caller, split by outcome, and keeps a timestamped call log. Every operation the
 * server answers is counted from zero, so `stats().byOperation.GetParameters.ok` reads 0 before the first call.
 */
export class Accounting {
  readonly #operations: readonly LocalOperation[];
  #byOperation: Map<string, CallCounts>;
  #byCaller = new Map<string, CallCounts>();
  #total = emptyCounts();
  #calls: CallRecord[] = [];

  constructor(operations: readonly LocalOperation[]) {
    this.#operations = operations;
    this.#byOperation = this.#zeroedOperations();
  }

  #zeroedOperations(): Map<string, CallCounts> {
    return new Map(this.#operations.map((operation) => [operation, emptyCounts()]));
  }

  record(call: CallRecord): void {
    this.#calls.push(call);
    count(this.#total, call.outcome);
    count(counterFor(this.#byOperation, call.operation), call.outcome);
    count(counterFor(this.#byCaller, call.caller), call.outcome);
  }

  /** A copy, so callers can keep it while the server goes on counting. */
  snapshot(): LocalSsmStats {
    return {
      // Every operation the server answers has had a counter since construction (and since each reset).
      byOperation: copyCounters(this.#byOperation) as LocalSsmStats['byOperation'],
      byCaller: copyCounters(this.#byCaller),
      total: { ...this.#total },
      calls: this.#calls.map((call) => ({ ...call })),
    };
  }

  reset(): void {
    this.#byOperation = this.#zeroedOperations();
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
