/**
 * Round trips of wall time for 130 known names fetched in parallel GetParameters batches (a manifest) vs paging a
 * path of 130 (13 sequential GetParametersByPath calls), with a fixed latency and no throttling, in this process.
 */
import { clearCache, ssmEnv } from '../../src/index.js';
import { startLocalSsm } from '../../src/testing.js';
import type { FieldData } from '../fleet/seedData.js';
import { percentile } from '../fleet/summarize.js';

export const ROUND_TRIP_LATENCY_MS = 50;

export interface RoundTrips {
  readonly mode: 'manifest (parallel batches)' | 'path (paging)';
  readonly medianMs: number;
  readonly roundTrips: number;
  readonly calls: number;
}

export const measureRoundTrips = async (data: FieldData, repetitions: number): Promise<RoundTrips[]> => {
  const server = await startLocalSsm({
    seed: data.seed,
    throughput: 'high',
    latencyMs: ROUND_TRIP_LATENCY_MS,
  });
  const context = { getRemainingTimeInMillis: () => 30_000, internal: {} };
  try {
    const modes = [
      {
        mode: 'manifest (parallel batches)' as const,
        spec: { path: data.path, manifest: data.parameterNames },
      },
      { mode: 'path (paging)' as const, spec: data.path },
    ];
    const results: RoundTrips[] = [];
    for (const { mode, spec } of modes) {
      const times: number[] = [];
      for (let repetition = 0; repetition < repetitions; repetition++) {
        clearCache();
        server.resetStats();
        const started = performance.now();
        const middleware = ssmEnv({
          fetchData: { app: spec },
          disablePrefetch: true,
          awsClientOptions: server.clientConfig('AKIDROUNDTRIP'),
        });
        await middleware.before({ context, internal: {} });
        times.push(performance.now() - started);
      }
      const medianMs =
        percentile(
          [...times].sort((a, b) => a - b),
          50,
        ) ?? Number.NaN;
      results.push({
        mode,
        medianMs,
        roundTrips: medianMs / ROUND_TRIP_LATENCY_MS,
        calls: server.stats().total.total,
      });
    }
    return results;
  } finally {
    await server.close();
  }
};
