/**
 * One refresh of the due entries: fetch them together, turn each outcome into a value or a failure, and commit only
 * if everything required resolved and the outputs can be built. A refresh that fails part-way changes nothing.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import { type ParameterFailure, ParameterResolutionError } from '../errors.js';
import { fetchAll } from '../fetch/fetchAll.js';
import type { FetchContext, NameOutcome, PathOutcome } from '../fetch/types.js';
import { buildSnapshot, type EntryValue } from '../inject/snapshot.js';
import { pickJsonKey } from '../inject/values.js';
import type { Config, Entry, NameEntry, PathEntry } from '../middleware/config.js';
import type { FetchMetrics } from '../observability/metrics.js';
import type { Clock } from '../retry/clock.js';
import type { Deadline } from '../retry/deadline.js';
import type { Pacer } from '../retry/pacer.js';
import { newCallStats } from '../retry/withRetry.js';
import type { CacheRecord } from './cacheRecord.js';

export interface RefreshDependencies {
  readonly config: Config;
  readonly client: Pick<SSMClient, 'send'>;
  readonly clock: Clock;
  readonly pacer: Pacer;
}

type Evaluated =
  | { readonly ok: true; readonly value: EntryValue }
  | { readonly ok: false; readonly failure: ParameterFailure };

const evaluateName = (entry: NameEntry, outcome: NameOutcome | undefined): Evaluated => {
  const { reference } = entry;
  const parameter = reference.jsonKey ? `${reference.request}#${reference.jsonKey}` : reference.request;
  const fail = (reason: ParameterFailure['reason'], detail: string): Evaluated => ({
    ok: false,
    failure: { key: entry.key, parameter, reason, detail },
  });
  if (!outcome) return fail('unavailable', 'not fetched');
  if (!outcome.ok) {
    if (outcome.failure.reason === 'not-found' && entry.optional)
      return { ok: true, value: { kind: 'name' } };
    return fail(outcome.failure.reason, outcome.failure.detail);
  }
  if (!reference.jsonKey) return { ok: true, value: { kind: 'name', parameter: outcome.parameter } };
  const picked = pickJsonKey(outcome.parameter.value, reference.jsonKey);
  if (!picked.ok) return fail('json-key-missing', picked.detail);
  return { ok: true, value: { kind: 'name', parameter: outcome.parameter, picked: { value: picked.value } } };
};

const evaluatePath = (entry: PathEntry, outcome: PathOutcome | undefined): Evaluated => {
  const parameter = entry.source.query.path;
  if (!outcome?.ok) {
    const failure = outcome?.failure ?? { reason: 'unavailable' as const, detail: 'not fetched' };
    return {
      ok: false,
      failure: { key: entry.key, parameter, reason: failure.reason, detail: failure.detail },
    };
  }
  if (outcome.parameters.length === 0 && !entry.optional) {
    return {
      ok: false,
      failure: {
        key: entry.key,
        parameter,
        reason: 'not-found',
        detail: 'no parameters under this path (mark it optional if that is expected)',
      },
    };
  }
  return { ok: true, value: { kind: 'path', parameters: outcome.parameters } };
};

/** Fetches `due`, commits on success, and reports metrics. Throws `ParameterResolutionError` or `NameCollisionError`. */
export const refreshEntries = async (
  due: readonly Entry[],
  record: CacheRecord,
  deadline: Deadline,
  source: FetchMetrics['source'],
  deps: RefreshDependencies,
): Promise<void> => {
  const { config, clock } = deps;
  const started = clock.now();
  const stats = newCallStats();
  let pages = 0;
  const context: FetchContext = {
    client: deps.client,
    retry: { options: config.retry, clock, deadline, pacer: deps.pacer, stats },
    batchSize: config.batchSize,
    concurrency: config.concurrency,
    maxPages: config.maxPages,
    onPage: () => {
      pages += 1;
    },
  };
  const names = due.filter((entry): entry is NameEntry => entry.kind === 'name');
  const paths = due.filter((entry): entry is PathEntry => entry.kind === 'path');
  const fetchedNames = [
    ...names.map((entry) => entry.reference.request),
    ...paths.map((entry) => entry.source.query.path),
  ];
  const report = (ok: boolean) => {
    if (stats.throttles > 0) {
      const quotas = stats.quotaCodes.size > 0 ? ` (quota ${[...stats.quotaCodes].join(', ')})` : '';
      config.logger.warn(
        `middy-ssm-env: SSM throttled ${stats.throttles} of ${stats.calls} calls${quotas} while fetching ${fetchedNames.length} name(s)/path(s).`,
      );
    }
    config.onMetrics?.({
      cacheKey: config.cacheKey,
      source,
      calls: stats.calls,
      pages,
      retries: stats.retries,
      throttles: stats.throttles,
      durationMs: clock.now() - started,
      names: fetchedNames,
      ok,
    });
  };

  const invalidationsAtStart = record.invalidations;
  try {
    const result = await fetchAll(
      { names: names.map((entry) => entry.reference), paths: paths.map((entry) => entry.source) },
      context,
    );
    const values = new Map(record.values);
    const failures: ParameterFailure[] = [];
    for (const entry of due) {
      const evaluated =
        entry.kind === 'name'
          ? evaluateName(entry, result.names.get(entry.reference.request))
          : evaluatePath(entry, result.paths.get(entry.source.id));
      if (evaluated.ok) values.set(entry.id, evaluated.value);
      else failures.push(evaluated.failure);
    }
    if (failures.length > 0) throw new ParameterResolutionError(failures);

    // Built here only to refuse values whose outputs cannot be applied (collisions, reserved names) before they
    // replace the last good ones; each middleware builds its own outputs from the record.
    buildSnapshot(config.entries, values, config);
    commit(record, due, values, invalidationsAtStart, deps);
    report(true);
  } catch (error) {
    report(false);
    throw error;
  }
};

const commit = (
  record: CacheRecord,
  due: readonly Entry[],
  values: ReadonlyMap<string, EntryValue>,
  invalidationsAtStart: number,
  { config, clock }: RefreshDependencies,
): void => {
  const now = clock.now();
  // An invalidation that arrived while this fetch ran asked for values newer than the ones it may have read.
  const invalidatedMeanwhile = record.invalidations !== invalidationsAtStart;
  record.values = values;
  record.version += 1;
  record.generation += 1;
  record.failures = 0;
  record.retryAt = 0;
  for (const entry of due) {
    const goodUntil = expiresAt(entry.expiry, now, config.expiryJitter, clock);
    record.goodUntil.set(entry.id, goodUntil);
    record.expiresAt.set(entry.id, invalidatedMeanwhile ? now : goodUntil);
  }
};

/** When a value fetched at `now` becomes due: never for -1, at once for 0, else shortened by up to `jitter`. */
export const expiresAt = (expiry: number, now: number, jitter: number, clock: Clock): number => {
  if (expiry < 0) return Number.POSITIVE_INFINITY;
  if (expiry === 0) return now;
  return now + expiry * (1 - jitter * clock.random());
};
