/**
 * Makes `clearCache()` from `@middy/util` — what Middy's documentation tells users to call between tests — clear this
 * package's cache too, so a test suite written for `@middy/ssm` keeps working after the switch.
 *
 * How: `@middy/util` keeps its cache in a module-private map that `clearCache()` empties; nothing is told. So each
 * record holding values puts a marker in that map (through `processCache`, cached forever, under
 * `middy-ssm-env:<cacheKey>`), and before each invocation checks that its marker is still there. When it is gone,
 * Middy's `clearCache()` (of every key, or of that one) ran, and the record drops its values as on a cold start.
 *
 * `@middy/util` is `@middy/core`'s dependency, not ours: it is loaded with a dynamic import that may fail, and without
 * it nothing is linked. The check is a map lookup.
 */

/** The part of `@middy/util` used here (present in versions 2 to 7). */
interface MiddyUtilCache {
  processCache(
    options: { cacheKey: string; cacheExpiry: number; cacheMaxSize?: number },
    fetch: () => unknown,
  ): unknown;
  getCache(key: string): unknown;
}

const isMiddyUtilCache = (module: unknown): module is MiddyUtilCache => {
  const candidate = module as Partial<Record<keyof MiddyUtilCache, unknown>> | null;
  return typeof candidate?.processCache === 'function' && typeof candidate.getCache === 'function';
};

/** `@middy/util`, once loaded; `null` when it cannot be. */
let middyUtil: MiddyUtilCache | null | undefined;
let loading: Promise<void> | undefined;

/** The specifier in a variable: bundlers leave an optional dependency alone, and TypeScript needs no types for it. */
const MIDDY_UTIL = '@middy/util';

const load = (): Promise<void> => {
  loading ??= import(MIDDY_UTIL).then(
    (module: unknown) => {
      middyUtil = isMiddyUtilCache(module) ? module : null;
    },
    () => {
      middyUtil = null;
    },
  );
  return loading;
};

/** The prefix of this package's keys in `@middy/util`'s cache, apart from any Middy middleware's. */
export const MIDDY_KEY_PREFIX = 'middy-ssm-env:';

/** One record's marker in `@middy/util`'s cache. */
export class MiddyCacheLink {
  readonly #key: string;
  /** The marker's value: only this link's. */
  readonly #token = Object.freeze({ package: 'middy-ssm-env' });
  #marked = false;

  constructor(cacheKey: string) {
    this.#key = `${MIDDY_KEY_PREFIX}${cacheKey}`;
    void load();
  }

  /** Puts the marker in (the record has values to lose). */
  mark(): void {
    if (middyUtil === undefined) {
      void load().then(() => this.mark());
      return;
    }
    if (!middyUtil || this.#marked) return;
    const token = this.#token;
    // Cached forever (no refresh timer), and exempt from Middy's eviction of its oldest entries.
    middyUtil.processCache(
      { cacheKey: this.#key, cacheExpiry: -1, cacheMaxSize: Number.POSITIVE_INFINITY },
      () => token,
    );
    this.#marked = true;
  }

  /** Forgets the marker (the record was cleared by other means), so the next `mark` puts it back. */
  unmark(): void {
    this.#marked = false;
  }

  /**
   * True when Middy's `clearCache()` removed the marker since it was put in. Resolves first while `@middy/util` is
   * still loading (the first invocation only), so no clear is missed.
   */
  dropped(): boolean | Promise<boolean> {
    if (middyUtil === undefined) return load().then(() => this.dropped());
    if (!middyUtil || !this.#marked) return false;
    const entry = middyUtil.getCache(this.#key) as { value?: unknown } | undefined;
    if (entry?.value === this.#token) return false;
    this.#marked = false;
    return true;
  }
}
