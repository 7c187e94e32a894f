/**
 * Runs one fleet: N worker processes (one per function, each with its own access key), all imported and ready before
 * a shared release instant, then waits for every cold start to finish. Stragglers are killed at the cap so the harness
 * never hangs; a worker that cannot even start is a harness error.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LocalSsm } from '../../src/testing.js';
import type {
  CandidateId,
  ColdStartResult,
  RetryVariant,
  WorkerConfig,
  WorkerMessage,
  Workload,
} from './types.js';

/** How to start a worker: the compiled JS under plain node (bench/build), or the TypeScript through tsx. */
export interface WorkerEntry {
  readonly path: string;
  readonly execArgv: readonly string[];
}

export const TSX_WORKER: WorkerEntry = {
  path: fileURLToPath(new URL('./worker.ts', import.meta.url)),
  execArgv: ['--import', 'tsx'],
};

/** Time between the go message and the release, so every worker has it before anyone starts. */
const RELEASE_MARGIN_MS = 300;
const READY_TIMEOUT_MS = 180_000;

export interface FleetSpec {
  readonly candidate: CandidateId;
  readonly functions: number;
  readonly workload: Workload;
  readonly server: LocalSsm;
  /** Kill a cold start still running this long after release. */
  readonly capMs: number;
  readonly functionTimeoutMs: number;
  readonly variant?: RetryVariant;
  readonly fleet?: WorkerConfig['fleet'];
  /** Distinguishes access keys between runs. */
  readonly runId: string;
  readonly worker: WorkerEntry;
  /** Called once every worker is ready, just before release (refill the quota, zero the stats). */
  readonly beforeRelease?: () => void;
}

export interface FleetRun {
  readonly releaseAt: number;
  readonly results: readonly ColdStartResult[];
  readonly accessKeyIds: readonly string[];
}

interface Worker {
  readonly accessKeyId: string;
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly done: Promise<Extract<WorkerMessage, { type: 'done' }> | undefined>;
  stderr: string;
}

const spawnWorker = (spec: FleetSpec, index: number): Worker => {
  const accessKeyId = `AKID${spec.runId}F${String(index).padStart(3, '0')}`;
  const config: WorkerConfig = {
    candidate: spec.candidate,
    workload: spec.workload,
    clientConfig: spec.server.clientConfig(accessKeyId),
    functionTimeoutMs: spec.functionTimeoutMs,
    ...(spec.variant ? { variant: spec.variant } : {}),
    ...(spec.fleet ? { fleet: spec.fleet } : {}),
  };
  const child = fork(spec.worker.path, [], {
    execArgv: [...spec.worker.execArgv],
    env: { ...process.env, BENCH_WORKER_CONFIG: JSON.stringify(config), AWS_REGION: 'us-east-1' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const worker: Worker = {
    accessKeyId,
    child,
    stderr: '',
    ready: new Promise((resolve, reject) => {
      child.on('message', (message: WorkerMessage) => message.type === 'ready' && resolve());
      child.once('exit', (code) =>
        reject(new Error(`worker ${accessKeyId} exited (${code}) before ready: ${worker.stderr}`)),
      );
    }),
    done: new Promise((resolve) => {
      child.on('message', (message: WorkerMessage) => message.type === 'done' && resolve(message));
      // 'exit' can arrive before the last IPC message is read (the worker exits right after sending 'done'); wait
      // for the channel to close and give queued messages a moment, or a finished cold start reads as lost.
      child.once('close', () => setTimeout(() => resolve(undefined), 100));
    }),
  };
  child.stderr?.on('data', (chunk: Buffer) => {
    if (worker.stderr.length < 4000) worker.stderr += chunk.toString();
  });
  worker.ready.catch(() => {});
  return worker;
};

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

const killAll = (workers: readonly Worker[]): void => {
  for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
};

export const runFleet = async (spec: FleetSpec): Promise<FleetRun> => {
  const workers = Array.from({ length: spec.functions }, (_, index) => spawnWorker(spec, index));
  try {
    await withTimeout(
      Promise.all(workers.map((worker) => worker.ready)),
      READY_TIMEOUT_MS,
      'starting the workers',
    );
    spec.beforeRelease?.();
    spec.server.resetStats();
    const releaseAt = Date.now() + RELEASE_MARGIN_MS;
    for (const worker of workers) worker.child.send({ type: 'go', releaseAt });
    const cap = setTimeout(() => killAll(workers), RELEASE_MARGIN_MS + spec.capMs);
    const messages = await Promise.all(workers.map((worker) => worker.done));
    clearTimeout(cap);
    const results = workers.map((worker, index): ColdStartResult => {
      const message = messages[index];
      if (!message)
        return { accessKeyId: worker.accessKeyId, ok: false, reason: `killed at the ${spec.capMs} ms cap` };
      return {
        accessKeyId: worker.accessKeyId,
        ok: message.ok,
        timeToHandlerMs: message.finishedAt - releaseAt,
        ...(message.reason ? { reason: message.reason } : {}),
        ...(message.values === undefined ? {} : { values: message.values }),
      };
    });
    return { releaseAt, results, accessKeyIds: workers.map((worker) => worker.accessKeyId) };
  } finally {
    killAll(workers);
  }
};
