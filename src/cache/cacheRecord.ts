/**
 * The shared cache of one `cacheKey`: the last good value of each entry, when each becomes due, and the one refresh
 * under way. It is the only writer of its state; middlewares ask it which entries are due, start or join a refresh,
 * invalidate and clear.
 */
import type { Clock } from '../core/clock.js';
import { Deadline } from '../core/deadline.js';
import type { Entry, EntryValue } from '../core/entries.js';
import { MiddyCacheLink } from './middyCacheLink.js';

/** What a refresh produced: the new value of each entry it fetched. */
export type RefreshRun = (deadline: Deadline) => Promise<ReadonlyMap<string, EntryValue>>;

/** How the record times values and failures. */
export interface RefreshTiming {
  readonly clock: Clock;
  /** When `value`, fetched at `now` for `entry`, becomes due. */
  readonly dueAt: (entry: Entry, now: number, value?: EntryValue) => number;
  /** How long to wait before the next attempt after `failures` consecutive failed refreshes. */
  readonly backoff: (failures: number, due: readonly Entry[]) => number;
}

interface Flight {
  readonly promise: Promise<void>;
  /** Extended by every caller that waits: the fetch runs to the latest deadline among them. */
  readonly deadline: Deadline;
}

export class CacheRecord {
  #values: ReadonlyMap<string, EntryValue> = new Map();
  /** Entry id → epoch ms when it becomes due (`Infinity` for never); an invalidation sets it to 0. */
  readonly #dueAt = new Map<string, number>();
  /** Entry id → epoch ms when its value expired naturally: staleness (`maxStale`) counts from here. */
  readonly #goodUntil = new Map<string, number>();
  #version = 0;
  #generation = 0;
  #invalidations = 0;
  #failures = 0;
  #retryAt = 0;
  #flight: Flight | undefined;
  /** The record's marker in `@middy/util`'s cache, for the process's store: Middy's `clearCache()` clears it too. */
  readonly #link: MiddyCacheLink | undefined;

  constructor(link?: MiddyCacheLink) {
    this.#link = link;
  }

  /** Bumped on each successful refresh, so middlewares know to re-apply. */
  get version(): number {
    return this.#version;
  }

  /** Bumped whenever values or due times change, so a middleware's cached "next due" check renews. */
  get generation(): number {
    return this.#generation;
  }

  get values(): ReadonlyMap<string, EntryValue> {
    return this.#values;
  }

  get refreshing(): boolean {
    return this.#flight !== undefined;
  }

  /** The deadline of the refresh under way (the latest of those waiting for it), if any. */
  get refreshDeadline(): number | undefined {
    return this.#flight?.deadline.at;
  }

  has(entry: Entry): boolean {
    return this.#values.has(entry.id);
  }

  /** The entries without a value, or whose value is due at `now`. */
  due(entries: readonly Entry[], now: number): Entry[] {
    return entries.filter((entry) => !this.#values.has(entry.id) || (this.#dueAt.get(entry.id) ?? 0) <= now);
  }

  /** The earliest time one of `entries` is due (0 when one has no value). */
  nextDueAt(entries: readonly Entry[]): number {
    let earliest = Number.POSITIVE_INFINITY;
    for (const entry of entries) {
      const at = this.#values.has(entry.id) ? (this.#dueAt.get(entry.id) ?? 0) : 0;
      if (at < earliest) earliest = at;
    }
    return earliest;
  }

  /** True while a failed refresh's backoff lasts: the last good values are served without a new attempt. */
  backingOff(now: number): boolean {
    return now < this.#retryAt;
  }

  /** True when every entry has a value that is at most `maxStale` ms past its natural expiry. */
  servable(entries: readonly Entry[], now: number, maxStale: number): boolean {
    return entries.every(
      (entry) => this.#values.has(entry.id) && now - (this.#goodUntil.get(entry.id) ?? now) <= maxStale,
    );
  }

  /**
   * Starts a refresh of `due`, or joins the one under way (single-flight). The fetch runs to the latest deadline of
   * those who asked; each caller bounds its own wait. A failure is recorded once, by the refresh itself, for the
   * backoff between failed refreshes. `onCommit` is told the version the refresh's values were committed as.
   */
  refresh(
    due: readonly Entry[],
    run: RefreshRun,
    deadlineAt: number,
    timing: RefreshTiming,
    onCommit?: (version: number) => void,
  ): Promise<void> {
    if (this.#flight) {
      this.#flight.deadline.extendTo(deadlineAt);
      return this.#flight.promise;
    }
    const deadline = new Deadline(deadlineAt);
    const invalidationsAtStart = this.#invalidations;
    const promise = run(deadline)
      .then(
        (fetched) => {
          this.#commit(due, fetched, invalidationsAtStart, timing);
          this.#link?.mark();
          onCommit?.(this.#version);
        },
        (error: unknown) => {
          this.#failures += 1;
          this.#retryAt = timing.clock.now() + timing.backoff(this.#failures, due);
          throw error;
        },
      )
      .finally(() => {
        this.#flight = undefined;
      });
    this.#flight = { promise, deadline };
    return promise;
  }

  /** Waits for the refresh under way, if any, ignoring its outcome. */
  async settled(): Promise<void> {
    await this.#flight?.promise.catch(() => undefined);
  }

  #commit(
    due: readonly Entry[],
    fetched: ReadonlyMap<string, EntryValue>,
    invalidationsAtStart: number,
    { clock, dueAt }: RefreshTiming,
  ): void {
    const now = clock.now();
    // An invalidation that arrived while this fetch ran asked for values newer than the ones it may have read.
    const invalidatedMeanwhile = this.#invalidations !== invalidationsAtStart;
    this.#values = new Map([...this.#values, ...fetched]);
    this.#version += 1;
    this.#generation += 1;
    this.#failures = 0;
    this.#retryAt = 0;
    for (const entry of due) {
      const goodUntil = dueAt(entry, now, fetched.get(entry.id));
      this.#goodUntil.set(entry.id, goodUntil);
      this.#dueAt.set(entry.id, invalidatedMeanwhile ? now : goodUntil);
    }
  }

  /** Makes the entries with `ids` (all when omitted) due at once, and lifts any backoff. */
  invalidate(ids?: Iterable<string>): void {
    for (const id of ids ?? [...this.#dueAt.keys()]) this.#dueAt.set(id, 0);
    this.#retryAt = 0;
    this.#invalidations += 1;
    this.#generation += 1;
  }

  /**
   * Drops the values when Middy's `clearCache()` ran since they were fetched (see `MiddyCacheLink`). Synchronous but
   * for the first call, while `@middy/util` loads.
   */
  syncWithMiddy(): void | Promise<void> {
    const dropped = this.#link?.dropped();
    if (dropped === true) this.clear();
    else if (dropped instanceof Promise)
      return dropped.then((wasDropped) => {
        if (wasDropped) this.clear();
      });
  }

  /** Drops every value: the next invocation fetches as on a cold start. */
  clear(): void {
    this.#link?.unmark();
    this.#values = new Map();
    this.#dueAt.clear();
    this.#goodUntil.clear();
    this.#failures = 0;
    this.#retryAt = 0;
    this.#generation += 1;
  }
}

/**
 * The records by `cacheKey`. One store lives at module level so values survive across invocations of a warm Lambda
 * environment (and are shared, on purpose, by middlewares given the same key); tests pass their own.
 */
export class CacheStore {
  readonly #records = new Map<string, CacheRecord>();
  readonly #linkToMiddy: boolean;

  /** @param options.linkToMiddy - let `clearCache()` from `@middy/util` clear this store's records too. */
  constructor({ linkToMiddy = false }: { linkToMiddy?: boolean } = {}) {
    this.#linkToMiddy = linkToMiddy;
  }

  record(cacheKey: string): CacheRecord {
    let record = this.#records.get(cacheKey);
    if (!record) {
      record = new CacheRecord(this.#linkToMiddy ? new MiddyCacheLink(cacheKey) : undefined);
      this.#records.set(cacheKey, record);
    }
    return record;
  }

  #targets(cacheKey: string | undefined): CacheRecord[] {
    if (cacheKey === undefined) return [...this.#records.values()];
    const record = this.#records.get(cacheKey);
    return record ? [record] : [];
  }

  /** Drops cached values (all, or one `cacheKey`). Records are emptied in place: middlewares hold on to theirs. */
  clear(cacheKey?: string): void {
    for (const record of this.#targets(cacheKey)) record.clear();
  }

  /** Marks cached values (all, or one `cacheKey`) as due, keeping the last good ones should the refresh fail. */
  invalidate(cacheKey?: string): void {
    for (const record of this.#targets(cacheKey)) record.invalidate();
  }
}

/** The process's store; `clearCache()` from `@middy/util` clears it too, as Middy's documentation has tests do. */
export const processCache = new CacheStore({ linkToMiddy: true });

/**
 * Drops cached values (all, or one `cacheKey`); the next invocation fetches again as on a cold start. Mostly for
 * tests, as `clearCache` in `@middy/util`.
 */
export const clearCache = (cacheKey?: string): void => processCache.clear(cacheKey);

/**
 * Marks cached values (all, or one `cacheKey`) as due: the next invocation refreshes them, while the last good values
 * stay available should the refresh fail. Use it when a rotated secret was rejected (a database login failed).
 */
export const invalidateCache = (cacheKey?: string): void => processCache.invalidate(cacheKey);
