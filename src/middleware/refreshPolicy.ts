/**
 * The rules around a refresh: when a value becomes due (expiry with jitter), how long to back off after failed
 * refreshes, how long one caller waits for a shared fetch, and what a failed refresh tells the logger.
 */
import type { CacheRecord, RefreshTiming } from '../cache/cacheRecord.js';
import type { Clock } from '../core/clock.js';
import type { Entry, EntryValue } from '../core/entries.js';
import { ParameterResolutionError, SsmEnvError } from '../errors.js';
import type { Config } from './config.js';
import { failureBackoff } from './defaults.js';

/** When a value fetched at `now` becomes due: never for -1, at once for 0, else shortened by up to `jitter`. */
export const dueAfter = (expiry: number, now: number, jitter: number, clock: Clock): number => {
  if (expiry < 0) return Number.POSITIVE_INFINITY;
  if (expiry === 0) return now;
  return now + expiry * (1 - jitter * clock.random());
};

/**
 * Backoff after the n-th consecutive failed refresh: full jitter from 1 s, doubling, capped by the shortest expiry
 * among the due entries (expiry 0 caps at 1 s, forever at 5 min).
 */
const backoffAfterFailures = (failures: number, due: readonly Entry[], clock: Clock): number => {
  const { base, minCap, maxCap } = failureBackoff;
  const shortestExpiry = Math.min(...due.map((entry) => (entry.expiry < 0 ? maxCap : entry.expiry)));
  const cap = Math.min(maxCap, Math.max(minCap, shortestExpiry));
  return clock.random() * Math.min(cap, base * 2 ** (failures - 1));
};

/**
 * A secret read with `fetchRotationDate` is due at its `NextRotationDate` too. A date already past means a rotation
 * is due or under way: look again after {@link ROTATION_PENDING_RECHECK_MS} rather than keep the old value forever.
 */
export const ROTATION_PENDING_RECHECK_MS = 60_000;
const rotationDue = (value: EntryValue | undefined, now: number): number => {
  const rotatesAt = value?.kind === 'secret' ? value.parameter?.rotatesAt : undefined;
  if (rotatesAt === undefined) return Number.POSITIVE_INFINITY;
  return rotatesAt > now ? rotatesAt : now + ROTATION_PENDING_RECHECK_MS;
};

export const refreshTiming = (config: Config, clock: Clock): RefreshTiming => ({
  clock,
  dueAt: (entry, now, value) =>
    Math.min(dueAfter(entry.expiry, now, config.expiryJitter, clock), rotationDue(value, now)),
  backoff: (failures, due) => backoffAfterFailures(failures, due, clock),
});

/** What an entry reads, as its failures name it: the name or ARN, the path, or the secret's `valueFrom`. */
export const entrySource = (entry: Entry): string =>
  entry.kind === 'name'
    ? entry.reference.request
    : entry.kind === 'secret'
      ? entry.reference.source
      : entry.source.query.path;

/**
 * Waits for `refresh` until `deadlineAt`. When the shared fetch runs to a later deadline (another caller has more
 * time), this caller stops waiting at its own — with an error naming what it waited for — and the fetch goes on.
 */
export const waitWithin = async (
  refresh: Promise<void>,
  record: CacheRecord,
  deadlineAt: number,
  due: readonly Entry[],
  clock: Clock,
): Promise<void> => {
  const fetchDeadline = record.refreshDeadline ?? deadlineAt;
  if (fetchDeadline <= deadlineAt) return refresh;
  const stopWaiting = new AbortController();
  const gaveUp = clock.sleep(Math.max(0, deadlineAt - clock.now()), stopWaiting.signal).then(() => {
    throw new ParameterResolutionError(
      due.map((entry) => ({
        key: entry.key,
        parameter: entrySource(entry),
        reason: 'unavailable' as const,
        detail:
          "this invocation's deadline passed while it waited for a fetch another invocation started (that fetch goes on)",
      })),
    );
  });
  try {
    await Promise.race([refresh, gaveUp]);
  } finally {
    stopWaiting.abort();
    gaveUp.catch(() => undefined);
  }
};

/** What failed, by key: the failing keys with their causes, or the collision with both names. Never a value. */
const describeRefreshFailure = (error: unknown): string => {
  if (error instanceof ParameterResolutionError) {
    return error.failures
      .map((failure) => `${failure.key} (${failure.parameter}): ${failure.detail}`)
      .join('; ');
  }
  if (error instanceof SsmEnvError) return `${error.name}: ${error.message.replace(/^middy-ssm-env: /, '')}`;
  return error instanceof Error ? error.name : 'unknown error';
};

export const warnRefreshFailed = (config: Config, due: readonly Entry[], error: unknown): void => {
  const names = due.map((entry) => entry.key).join(', ');
  config.logger.warn(
    `middy-ssm-env: refresh failed — ${describeRefreshFailure(error)}; serving the last good values of: ${names}`,
  );
};
