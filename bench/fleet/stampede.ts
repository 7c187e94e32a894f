/**
 * The stampede simulation: for each scenario, one local SSM server playing the account quota (token buckets, SSM-like
 * latency), and one fleet per candidate, each starting from a full bucket.
 */
import { SECRETS_THROUGHPUT_PROFILES, startLocalSsm } from '../../src/testing.js';
import { runFleet, TSX_WORKER, type WorkerEntry } from './runFleet.js';
import type { Scenario } from './scenarios.js';
import { fieldData } from './seedData.js';
import { physicalBoundMs, quotaFor, type RunSummary, summarize } from './summarize.js';
import { type CandidateId, HINTED, type RetryVariant, type Workload } from './types.js';

export const WORKER_CAP_MS = 30_000;
/** A typical API function timeout; the fake context counts down from it. */
const FUNCTION_TIMEOUT_MS = 30_000;
/** Per-call latency drawn uniformly, as SSM answers in tens of ms. */
export const SSM_LATENCY_MS = { min: 20, max: 60 };

export interface CandidateRun {
  readonly scenario: Scenario;
  readonly candidate: CandidateId;
  readonly summary: RunSummary;
  readonly variant?: string;
}

export interface StampedeOptions {
  readonly scenarios: readonly Scenario[];
  /** Restrict to these candidates (all of each scenario's when absent). */
  readonly candidates?: readonly CandidateId[];
  /** Tunings under trial: each of this package's candidates runs once per variant (once at defaults without). */
  readonly variants?: readonly RetryVariant[];
  /** @default the TypeScript worker through tsx */
  readonly worker?: WorkerEntry;
  readonly onRun?: (run: CandidateRun) => void;
}

const operationOf = (scenario: Scenario, candidate: CandidateId): string =>
  scenario.fetches === 'path' && candidate !== 'middy-ssm-env (manifest)'
    ? 'GetParametersByPath'
    : 'GetParameters';

/** Secrets read natively: 20 a BatchGetSecretValue call, under Secrets Manager's own quota. */
const NATIVE: CandidateId = 'middy-ssm-env (native secrets)';
const nativeQuota = (): { rate: number; burst: number } => {
  const bucket = SECRETS_THROUGHPUT_PROFILES.standard.buckets.find((candidate) =>
    candidate.operations.includes('BatchGetSecretValue'),
  );
  if (!bucket) throw new Error('no BatchGetSecretValue quota');
  return { rate: bucket.rate, burst: bucket.burst ?? bucket.rate };
};

const workloadOf = (scenario: Scenario, data: ReturnType<typeof fieldData>): Workload => {
  switch (scenario.fetches) {
    case 'path':
      return { kind: 'path', path: data.path, names: data.parameterNames };
    case 'secrets':
      return { kind: 'names', names: data.secretNames };
    case 'secrets-manager':
      return { kind: 'names', names: data.secretReferences };
  }
};

let runCounter = 0;

export const runStampede = async (options: StampedeOptions): Promise<CandidateRun[]> => {
  const runs: CandidateRun[] = [];
  for (const scenario of options.scenarios) {
    const candidates = scenario.candidates.filter(
      (candidate) => options.candidates?.includes(candidate) ?? true,
    );
    if (candidates.length === 0) continue;
    const data = fieldData(scenario.parameters, scenario.secrets);
    const workload = workloadOf(scenario, data);
    const server = await startLocalSsm({
      seed: data.seed,
      throughput: scenario.throughput,
      latencyMs: SSM_LATENCY_MS,
      randomSeed: 42,
    });
    try {
      const runsOf = (candidate: CandidateId): readonly (RetryVariant | undefined)[] =>
        candidate.startsWith('middy-ssm-env') && options.variants?.length ? options.variants : [undefined];
      for (const candidate of candidates) {
        for (const variant of runsOf(candidate)) {
          const native = candidate === NATIVE;
          const quota = native
            ? nativeQuota()
            : quotaFor(scenario.throughput, operationOf(scenario, candidate));
          const minimumCalls = scenario.functions * Math.ceil(workload.names.length / (native ? 20 : 10));
          runCounter += 1;
          const hint = HINTED[candidate];
          const fleet = await runFleet({
            candidate,
            functions: scenario.functions,
            workload,
            server,
            capMs: WORKER_CAP_MS,
            functionTimeoutMs: FUNCTION_TIMEOUT_MS,
            runId: `R${runCounter}`,
            worker: options.worker ?? TSX_WORKER,
            ...(variant ? { variant } : {}),
            ...(hint === undefined
              ? {}
              : { fleet: { size: Math.max(1, Math.round(scenario.functions * hint)), rate: quota.rate } }),
            beforeRelease: () => {
              server.setThroughput(scenario.throughput);
              server.setSecretsThroughput('standard');
            },
          });
          const summary = summarize({
            ...fleet,
            stats: server.stats(),
            capMs: WORKER_CAP_MS,
            minimumCalls,
            boundMs: physicalBoundMs(minimumCalls, quota),
            expectedValues: workload.names.length,
          });
          const run: CandidateRun = {
            scenario,
            candidate,
            summary,
            ...(variant ? { variant: variant.name } : {}),
          };
          options.onRun?.(run);
          runs.push(run);
        }
      }
    } finally {
      await server.close();
    }
  }
  return runs;
};
