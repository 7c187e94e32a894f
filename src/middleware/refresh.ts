/**
 * One refresh of the due entries: fetch them together, evaluate each outcome, and build the outputs from the merged
 * values — all before anything is committed, so a refresh that fails part-way, or whose values cannot be applied (a
 * collision, a reserved name), changes nothing. The outputs built here are the ones applied: built once.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { Clock } from '../core/clock.js';
import type { Deadline } from '../core/deadline.js';
import type { Entry, EntryValue, NameEntry, PathEntry, SecretEntry } from '../core/entries.js';
import { ParameterResolutionError } from '../errors.js';
import { fetchAll } from '../fetch/fetchAll.js';
import type { FetchContext, SecretsManagerApis } from '../fetch/types.js';
import { evaluateEntries } from '../inject/evaluate.js';
import { buildSnapshot, type Snapshot } from '../inject/snapshot.js';
import type { Pacer } from '../retry/pacer.js';
import { newCallStats } from '../retry/withRetry.js';
import type { FetchMetrics } from '../types.js';
import type { Config } from './config.js';
import { validateSnapshot } from './schema.js';

export interface RefreshDependencies {
  readonly config: Config;
  readonly client: Pick<SSMClient, 'send'>;
  readonly clock: Clock;
  readonly pacer: Pacer;
  /** Secrets Manager, for secrets read natively: the API (created on first use) and its own pacer. */
  readonly secrets?: { readonly api: () => Promise<SecretsManagerApis>; readonly pacer: Pacer };
}

/** The values a refresh fetched, and the outputs of the middleware that ran it, built from them. */
export interface RefreshResult {
  readonly fetched: ReadonlyMap<string, EntryValue>;
  readonly snapshot: Snapshot;
}

/**
 * Fetches `due` and builds the outputs from the `current` values (read when the fetch ends, just before the commit)
 * merged with the new ones, validated by the schemas. Reports metrics. Throws `ParameterResolutionError`,
 * `NameCollisionError`, `EnvNameError` or `SchemaValidationError`.
 */
export const runRefresh = async (
  due: readonly Entry[],
  current: () => ReadonlyMap<string, EntryValue>,
  deadline: Deadline,
  source: FetchMetrics['source'],
  deps: RefreshDependencies,
): Promise<RefreshResult> => {
  const { config, clock } = deps;
  const started = clock.now();
  const stats = newCallStats();
  const secretStats = newCallStats();
  let pages = 0;
  const context: FetchContext = {
    client: deps.client,
    retry: { options: config.retry, clock, deadline, pacer: deps.pacer, stats },
    batchSize: config.awsRequestLimit,
    concurrency: config.concurrency,
    maxPages: config.maxPages,
    onPage: () => {
      pages += 1;
    },
    ...(deps.secrets
      ? {
          secrets: {
            api: deps.secrets.api,
            retry: { options: config.retry, clock, deadline, pacer: deps.secrets.pacer, stats: secretStats },
            concurrency: config.concurrency,
            warn: (message: string) => config.logger.warn(message),
            rotationDates: config.fetchRotationDate,
          },
        }
      : {}),
  };
  const names = due.filter((entry): entry is NameEntry => entry.kind === 'name');
  const paths = due.filter((entry): entry is PathEntry => entry.kind === 'path');
  const secrets = due.filter((entry): entry is SecretEntry => entry.kind === 'secret');
  const fetchedNames = [
    ...names.map((entry) => entry.reference.request),
    ...paths.map((entry) => entry.source.query.path),
    ...secrets.map((entry) => entry.reference.source),
  ];
  const report = (ok: boolean) => {
    for (const [service, counted] of [
      ['SSM', stats],
      ['Secrets Manager', secretStats],
    ] as const) {
      if (counted.throttles === 0) continue;
      const quotas = counted.quotaCodes.size > 0 ? ` (quota ${[...counted.quotaCodes].join(', ')})` : '';
      config.logger.warn(
        `middy-ssm-env: ${service} throttled ${counted.throttles} of ${counted.calls} calls${quotas} while fetching ${fetchedNames.length} name(s)/path(s).`,
      );
    }
    const metrics: FetchMetrics = {
      cacheKey: config.cacheKey,
      source,
      calls: stats.calls + secretStats.calls,
      pages,
      retries: stats.retries + secretStats.retries,
      throttles: stats.throttles + secretStats.throttles,
      durationMs: clock.now() - started,
      names: fetchedNames,
      ok,
    };
    config.logger.debug?.(
      `middy-ssm-env: ${source} ${ok ? 'ok' : 'failed'}: ${metrics.calls} call(s), ${metrics.retries} retried, ${metrics.throttles} throttled, ${metrics.durationMs} ms`,
    );
    config.onMetrics?.(metrics);
  };

  try {
    const outcomes = await fetchAll(
      {
        names: names.map((entry) => entry.reference),
        paths: paths.map((entry) => entry.source),
        required: new Set(names.filter((entry) => !entry.optional).map((entry) => entry.reference.request)),
        secrets: secrets.map((entry) => entry.reference),
      },
      context,
    );
    const { values: fetched, failures } = evaluateEntries(due, outcomes);
    if (failures.length > 0) throw new ParameterResolutionError(failures);
    const built = buildSnapshot(config.entries, new Map([...current(), ...fetched]), config);
    // Values a schema rejects are never committed: a cold start fails, a refresh keeps the last good values.
    const snapshot = await validateSnapshot(built, config.schemas);
    report(true);
    return { fetched, snapshot };
  } catch (error) {
    report(false);
    throw error;
  }
};
