/**
 * One simulated Lambda execution environment: a fresh process, so module state (caches, pacers, SDK clients) starts
 * empty as in a new container. It imports its loader, says `ready`, waits for the shared release instant, then does
 * a cold start and reports when its handler ran.
 */
import { CANDIDATES } from './candidates.js';
import { describeColdStartFailure } from './describeColdStartFailure.js';
import type { GoMessage, WorkerConfig, WorkerMessage } from './types.js';

const send = (message: WorkerMessage): Promise<void> =>
  new Promise((resolve) => {
    if (!process.send)
      throw new Error('bench worker must be started with an IPC channel (child_process.fork)');
    process.send(message, () => resolve());
  });

const waitForGo = (): Promise<GoMessage> =>
  new Promise((resolve) => {
    process.once('message', (message: GoMessage) => resolve(message));
  });

const sleepUntil = (at: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

/**
 * Runs the SDK's request path once against a closed port (no call reaches the server). Hundreds of cold SDK code
 * paths compiling at once on a 2-core machine would otherwise eat the first second of every run — an artifact of
 * this machine, not of Lambda, where each environment has its own CPU — and blur the differences between loaders.
 */
const warmUpSdk = async (config: WorkerConfig): Promise<void> => {
  const { SSMClient, GetParametersCommand } = await import('@aws-sdk/client-ssm');
  const client = new SSMClient({ ...config.clientConfig, endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
  await client.send(new GetParametersCommand({ Names: ['/warm-up'], WithDecryption: true })).catch(() => {});
  client.destroy();
};

const main = async (): Promise<void> => {
  // What Lambda sets in an execution environment: the middleware prefetches only where these say an init phase exists.
  process.env.AWS_LAMBDA_FUNCTION_NAME ??= 'bench-fleet';
  process.env.AWS_LAMBDA_RUNTIME_API ??= '127.0.0.1:9001';
  const config = JSON.parse(process.env.BENCH_WORKER_CONFIG ?? '') as WorkerConfig;
  const coldStart = await CANDIDATES[config.candidate](config);
  await warmUpSdk(config);
  const go = waitForGo();
  await send({ type: 'ready' });
  await sleepUntil((await go).releaseAt);
  try {
    const values = await coldStart();
    await send({ type: 'done', ok: true, finishedAt: Date.now(), values });
  } catch (error) {
    await send({ type: 'done', ok: false, finishedAt: Date.now(), reason: describeColdStartFailure(error) });
  }
  process.disconnect?.();
  // SDK keep-alive sockets and unref'd timers must not keep a finished container around.
  process.exit(0);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
