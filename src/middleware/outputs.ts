/**
 * What one middleware has applied: the snapshot of its outputs at a cache version, written to `process.env` (when
 * `setToEnv`) and copied onto each request. A refresh hands over the snapshot it built, so it is not built again.
 *
 * Invocations can overlap in one process (Lambda Managed Instances run many at once per worker thread). Each request
 * gets the snapshot current when its `before` ran, but `process.env` is one object for all of them: a new snapshot's
 * variables wait until every handler given an older snapshot has finished, so none sees its environment move away
 * from its values half-way through; the last of them to finish writes them. Handlers that start meanwhile get the new
 * snapshot and do not hold the write back, or under steady overlap it would never come. A handler Middy ended
 * without this middleware's `after`, or whose invocation timed out, counts as finished.
 */
import type { CacheRecord } from '../cache/cacheRecord.js';
import { issueLocation, SchemaValidationError } from '../errors.js';
import { EnvWriter } from '../inject/envWriter.js';
import { buildSnapshot, type Snapshot } from '../inject/snapshot.js';
import type { SsmEnvRequest } from '../types.js';
import type { Config } from './config.js';
import { validateSnapshot } from './schema.js';

interface Versioned {
  readonly version: number;
  readonly snapshot: Snapshot;
}

/** A request between this middleware's `before` and its end, and the version of the values it was given. */
interface Running {
  readonly request: SsmEnvRequest;
  readonly version: number;
}

/**
 * Copies values onto the request or context. `Object.assign` would set a key named `__proto__` through the
 * prototype setter, so such a snapshot is copied key by key with `defineProperty` (the common case stays fast).
 */
const assignValues = (target: object, source: Readonly<Record<string, unknown>>): void => {
  if (!Object.hasOwn(source, '__proto__')) {
    Object.assign(target, source);
    return;
  }
  for (const key of Object.keys(source)) {
    Object.defineProperty(target, key, {
      value: source[key],
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
};

/**
 * Middy gives each request an empty `Object.create(null)` as `request.internal`, which V8 keeps as a dictionary:
 * adding twenty values to it cost a warm invocation a fifth of bare Middy's time (the warm benchmark). While it is
 * still empty and has no prototype, it is replaced by a copy of the values with no prototype either, which V8 keeps
 * fast. An object the caller passed in with a prototype (a script's `{}`), or one another middleware has written to,
 * is written to in place.
 */
const withValues = (internal: object, values: Readonly<Record<string, unknown>>): object => {
  if (Object.getPrototypeOf(internal) !== null || Reflect.ownKeys(internal).length > 0) {
    assignValues(internal, values);
    return internal;
  }
  // Spreading defines each key as an own property, so a key named `__proto__` stays a plain key here too.
  return Object.setPrototypeOf({ ...values }, null) as object;
};

/** Requests kept as running for a caller that never ends them (a script without `after`); far more than run at once. */
export const MAX_RUNNING = 1024;

/**
 * The request's handler is over though this middleware's `after`/`onError` did not run: Middy skipped the hooks still
 * to come (a middleware answered early, as `@middy/warmup` answers a ping, or an `onError` threw), or the invocation
 * timed out (Lambda does not stop a timed-out invocation's code, and its remaining time is then zero or less).
 */
const ended = (request: SsmEnvRequest): boolean =>
  'earlyResponse' in request ||
  (request as { error?: unknown }).error !== undefined ||
  (request.context?.getRemainingTimeInMillis?.() ?? 1) <= 0;

/** The keys whose value differs between two snapshots' `request.internal` values. */
const changedKeys = (before: Snapshot, after: Snapshot): string[] =>
  [...new Set([...Object.keys(before.internal), ...Object.keys(after.internal)])].filter(
    (key) => JSON.stringify(before.internal[key]) !== JSON.stringify(after.internal[key]),
  );

export class AppliedOutputs {
  readonly #config: Config;
  readonly #envWriter: EnvWriter;
  #applied: Versioned | undefined;
  #built: Versioned | undefined;
  /** A snapshot whose variables wait for the handlers given older values to finish; its env changes, for `onChange`. */
  #pendingEnv: (Versioned & { readonly previous: Versioned | undefined }) | undefined;
  /** Requests between this middleware's `before` and their end (one at a time, outside Managed Instances). */
  readonly #running: Running[] = [];
  /** A version whose values this middleware's schemas rejected while it had good values: not retried. */
  #rejected: number | undefined;

  constructor(config: Config, env: NodeJS.ProcessEnv) {
    this.#config = config;
    const referenceVariables = config.entries.filter((entry) => entry.origin === 'envReference');
    this.#envWriter = new EnvWriter(env, new Set(referenceVariables.map((entry) => entry.key)));
  }

  /** True when what is applied is the record's current version. */
  isCurrent(record: CacheRecord): boolean {
    return this.#applied !== undefined && this.#applied.version === record.version;
  }

  /** Keeps the snapshot a refresh of this middleware built, for the version it was committed as. */
  remember(version: number, snapshot: Snapshot): void {
    this.#built = { version, snapshot };
  }

  /**
   * Applies the record's current values, if they changed since the last apply. Values another middleware's refresh
   * committed (a shared `cacheKey`) are validated here by this middleware's schemas: when they fail, the values
   * applied before stay (with one warning per version), or, with none yet, the error is thrown.
   */
  async update(record: CacheRecord): Promise<void> {
    const { version } = record;
    if (version === 0 || this.isCurrent(record) || this.#rejected === version) return;
    let snapshot = this.#built?.version === version ? this.#built.snapshot : undefined;
    this.#built = undefined;
    if (!snapshot) {
      try {
        snapshot = await validateSnapshot(
          buildSnapshot(this.#config.entries, record.values, this.#config),
          this.#config.schemas,
        );
      } catch (error) {
        if (!this.#applied || !(error instanceof SchemaValidationError)) throw error;
        this.#rejected = version;
        const keys = [...new Set(error.issues.map(issueLocation))].join(', ');
        this.#config.logger.warn(
          `middy-ssm-env: values shared under cacheKey ${this.#config.cacheKey} failed this middleware's schema at ${keys}; serving the last good values.`,
        );
        return;
      }
    }
    // Another update (an overlapping invocation) may have applied this version, or a newer one, while schemas ran.
    if (this.#applied && this.#applied.version >= version) return;
    const previous = this.#pendingEnv?.previous ?? this.#applied;
    this.#applied = { version, snapshot };
    this.#pendingEnv = { version, snapshot, previous };
    this.#writeEnvWhenFree();
  }

  /** Writes the variables that wait, unless a handler given older values still runs (those that ended are let go). */
  #writeEnvWhenFree(): void {
    const pending = this.#pendingEnv;
    if (!pending) return;
    const running = this.#running;
    for (let index = running.length - 1; index >= 0; index--) {
      if (ended((running[index] as Running).request)) running.splice(index, 1);
    }
    if (running.some((entry) => entry.version < pending.version)) return;
    this.#pendingEnv = undefined;
    const { snapshot, previous } = pending;
    const changedEnv = this.#envWriter.apply(snapshot.env, this.#config.overwriteEnv, this.#config.logger);
    if (!previous || !this.#config.onChange) return;
    const changed = [...new Set([...changedEnv, ...changedKeys(previous.snapshot, snapshot)])];
    if (changed.length > 0) this.#config.onChange(changed);
  }

  /** Copies the applied values onto the request (and the context, with `setToContext`); its handler now runs. */
  assign(request: SsmEnvRequest): void {
    if (!this.#applied) return;
    const { version, snapshot } = this.#applied;
    request.internal = withValues(request.internal, snapshot.internal) as SsmEnvRequest['internal'];
    if (this.#config.setToContext) assignValues(request.context, snapshot.internal);
    // A write held back by handlers that have ended since is made before this one runs.
    this.#writeEnvWhenFree();
    const running = this.#running;
    if (running.some((entry) => entry.request === request)) return;
    running.push({ request, version });
    if (running.length > MAX_RUNNING) running.shift();
  }

  /** The request's handler is done (`after` or `onError`): the last one given older values writes those that wait. */
  release(request: SsmEnvRequest): void {
    const running = this.#running;
    const index = running.findLastIndex((entry) => entry.request === request);
    // Both `after` and `onError` run for a request whose `after` chain threw: it is done once.
    if (index < 0) return;
    if (index === running.length - 1) running.pop();
    else running.splice(index, 1);
    this.#writeEnvWhenFree();
  }
}
