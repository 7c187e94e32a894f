/**
 * What the `onMetrics` hook receives: counters and names, never values.
 */
export interface FetchMetrics {
  /** The cache this middleware uses. */
  readonly cacheKey: string;
  /**
   * How the invocation got its values: `cache` (no call), `fetch` (waited on SSM), `stale` (a refresh failed or is
   * backing off, and the last good values were served), `background` (a stale-while-revalidate refresh finished),
   * `prefetch` (the init-phase fetch finished).
   */
  readonly source: 'cache' | 'fetch' | 'stale' | 'background' | 'prefetch';
  /** SSM HTTP attempts made (0 on a cache hit). */
  readonly calls: number;
  /** `GetParametersByPath` pages read. */
  readonly pages: number;
  /** Attempts retried. */
  readonly retries: number;
  /** Attempts answered with throttling. */
  readonly throttles: number;
  /** Milliseconds spent (0 on a cache hit). */
  readonly durationMs: number;
  /** Parameter names and paths fetched. */
  readonly names: readonly string[];
  /** False when the fetch failed (the invocation then failed, or was served stale values). */
  readonly ok: boolean;
}
