/**
 * The cache: one record per `cacheKey`, held at module level so it survives across invocations of a warm Lambda
 * environment (and is shared, on purpose, by middlewares given the same key). Explicit and clearable: tests and
 * applications can drop or expire it.
 */

import type { EntryValue } from '../inject/snapshot.js';
import type { FetchMetrics } from '../observability/metrics.js';
import type { Deadline } from '../retry/deadline.js';

export interface InflightRefresh {
  readonly promise: Promise<void>;
  /** The running fetch's deadline; a caller that joins with less time left tightens it. */
  readonly deadline: Deadline;
  /** What started it: an invocation joining the init-phase `prefetch` takes over its deadline. */
  readonly source: FetchMetrics['source'];
}

export interface CacheRecord {
  /** Last good value per entry id. */
  values: ReadonlyMap<string, EntryValue>;
  /** Entry id → epoch ms when it becomes due (`Infinity` for never); an invalidation sets it to 0. */
  readonly expiresAt: Map<string, number>;
  /** Entry id → epoch ms when its value expired naturally: staleness (`maxStale`) counts from here. */
  readonly goodUntil: Map<string, number>;
  /** Bumped by every invalidation, so a refresh running meanwhile leaves its entries due. */
  invalidations: number;
  /** Bumped on each successful refresh, so middlewares know to re-apply. */
  version: number;
  /** Bumped whenever values or expiry times change (refresh, invalidate, clear), so cached expiry checks renew. */
  generation: number;
  /** The refresh under way, shared by every caller (single-flight). */
  inflight?: InflightRefresh;
  /** Consecutive failed refreshes, for the backoff between them. */
  failures: number;
  /** No refresh is attempted before this epoch ms while the last good values are served. */
  retryAt: number;
}

const records = new Map<string, CacheRecord>();

export const getCacheRecord = (cacheKey: string): CacheRecord => {
  let record = records.get(cacheKey);
  if (!record) {
    record = {
      values: new Map(),
      expiresAt: new Map(),
      goodUntil: new Map(),
      invalidations: 0,
      version: 0,
      generation: 0,
      failures: 0,
      retryAt: 0,
    };
    records.set(cacheKey, record);
  }
  return record;
};

/**
 * Drops cached values (all, or one `cacheKey`); the next invocation fetches again as on a cold start.
 * Records are emptied in place, because middlewares hold on to theirs. Mostly for tests, as `clearCache` in
 * `@middy/util`.
 */
export const clearCache = (cacheKey?: string): void => {
  const targets =
    cacheKey === undefined ? [...records.values()] : [records.get(cacheKey)].filter((r) => r !== undefined);
  for (const record of targets) {
    record.values = new Map();
    record.expiresAt.clear();
    record.goodUntil.clear();
    record.failures = 0;
    record.retryAt = 0;
    record.generation += 1;
  }
};

/**
 * Marks cached values (all, or one `cacheKey`) as due: the next invocation refreshes them, while the last good values
 * stay available should the refresh fail. Use it when a rotated secret was rejected (a database login failed).
 */
export const invalidateCache = (cacheKey?: string): void => {
  const targets =
    cacheKey === undefined ? [...records.values()] : [records.get(cacheKey)].filter((r) => r !== undefined);
  for (const record of targets) {
    expireAll(record, [...record.expiresAt.keys()]);
  }
};

/** Makes the entries `ids` due at once, and lifts any backoff. */
export const expireAll = (record: CacheRecord, ids: readonly string[]): void => {
  for (const id of ids) record.expiresAt.set(id, 0);
  record.retryAt = 0;
  record.invalidations += 1;
  record.generation += 1;
};
