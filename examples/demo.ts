/**
 * `npm run demo`: the whole story with no AWS account. A local SSM server holds the field case (130 parameters under
 * /myapp/prod/, 40 of them SecureString secrets); the example handler is invoked as Lambda would invoke it: a cold
 * start, warm invocations, a secret rotated in the store, the cache expiring, and the new value seen without a
 * redeploy. Values are never printed: secrets show as fingerprints.
 */
import type { FetchMetrics } from 'middy-ssm-env';
import { type LocalSsm, startLocalSsm } from 'middy-ssm-env/testing';
import { fieldCaseSeed } from './fieldCase.js';
import { createHandler, type OrderResult } from './handler.js';

const CACHE_EXPIRY_MS = 1500;
const lambdaContext = { getRemainingTimeInMillis: () => 30_000 } as never;

const callsSoFar = (server: LocalSsm): string => {
  const { byOperation } = server.stats();
  const summary = Object.entries(byOperation)
    .filter(([, counts]) => counts.total > 0)
    .map(([operation, counts]) => `${operation} ${counts.ok} ok / ${counts.throttled} throttled`);
  return summary.join(', ') || 'none';
};

const describeMetrics = (metrics: FetchMetrics | undefined): string =>
  metrics
    ? `${metrics.source}: ${metrics.calls} call(s), ${metrics.pages} page(s), ${metrics.durationMs} ms`
    : '';

const main = async (): Promise<void> => {
  const seed = fieldCaseSeed();
  const server = await startLocalSsm({ seed, latencyMs: { min: 15, max: 40 } });
  const secrets = seed.parameters.filter((parameter) => parameter.type === 'SecureString').length;
  console.log(
    `Local SSM Parameter Store at ${server.endpoint}: ${seed.parameters.length} parameters, ${secrets} SecureString`,
  );
  console.log('Throughput: 40 calls/s shared by every GetParameter* call, as an AWS account by default.\n');

  // The demo plays Lambda: these two say an init phase exists, so the middleware prefetches when it is created
  // (outside Lambda it waits for the first invocation).
  process.env.AWS_LAMBDA_FUNCTION_NAME ??= 'demo';
  process.env.AWS_LAMBDA_RUNTIME_API ??= '127.0.0.1:9001';
  const metrics: FetchMetrics[] = [];
  const handler = createHandler({
    awsClientOptions: server.clientConfig('AKIDDEMOFUNCTION'),
    cacheExpiry: CACHE_EXPIRY_MS,
    onMetrics: (entry) => metrics.push(entry),
    onChange: (names) => console.log(`   onChange: ${names.join(', ')} changed (names only, never values)`),
  });

  const invoke = async (label: string): Promise<OrderResult> => {
    const started = performance.now();
    const result = await handler({ orderId: `order-${metrics.length}` }, lambdaContext);
    const took = (performance.now() - started).toFixed(1);
    console.log(`${label}: handler ran in ${took} ms — ${describeMetrics(metrics.at(-1))}`);
    console.log(
      `   DB_HOST=${result.databaseHost}  SECRETS_DATABASE_PASSWORD=${result.passwordFingerprint} (fingerprint)`,
    );
    return result;
  };

  try {
    console.log(
      '1. Cold start: the middleware prefetched during init and the first invocation waits for it.',
    );
    const cold = await invoke('   cold start');
    const injected = Object.keys(process.env).filter(
      (name) => name === 'DB_HOST' || name.startsWith('SECRETS_'),
    );
    console.log(
      `   ${cold.variables} variables in process.env; e.g. ${injected.slice(0, 4).join(', ')} … (values redacted)`,
    );
    console.log(`   SSM calls so far: ${callsSoFar(server)}\n`);

    console.log('2. Warm invocations: values come from the cache, no SSM call.');
    await invoke('   warm #1');
    await invoke('   warm #2');
    console.log(`   SSM calls so far: ${callsSoFar(server)}\n`);

    console.log('3. The database password is rotated in Parameter Store (no redeploy).');
    server.putParameter({ name: '/myapp/prod/secrets/database-password', value: `rotated-${Date.now()}` });
    await invoke('   warm, before expiry (old value still cached)');

    console.log(`\n4. The cache expires (${CACHE_EXPIRY_MS} ms): the next invocation refreshes.`);
    await new Promise((resolve) => setTimeout(resolve, CACHE_EXPIRY_MS + 100));
    await invoke('   after expiry');
    console.log(`   SSM calls so far: ${callsSoFar(server)}\n`);

    console.log('5. SSM fails during a refresh: the function keeps serving the last good values.');
    server.faults.add({ kind: 'internalError' });
    await new Promise((resolve) => setTimeout(resolve, CACHE_EXPIRY_MS + 100));
    await invoke('   during an outage');
    server.faults.clear();

    console.log('\n6. The same 130 parameters from a manifest (`npx middy-ssm-env manifest /myapp/prod/`):');
    console.log(
      '   fetched by name in parallel GetParameters batches instead of 13 pages one after another.',
    );
    const manifest = seed.parameters.map((parameter) => parameter.name);
    const byManifest = createHandler({
      fetchData: { app: { path: '/myapp/prod/', manifest } },
      setToEnv: false,
      awsClientOptions: server.clientConfig('AKIDDEMOMANIFEST'),
      onMetrics: (entry) => metrics.push(entry),
      disablePrefetch: true,
    });
    const started = performance.now();
    await byManifest({ orderId: 'manifest' }, lambdaContext);
    console.log(
      `   cold start: handler ran in ${(performance.now() - started).toFixed(1)} ms — ${describeMetrics(metrics.at(-1))}`,
    );

    console.log('\nDone: rotation without a redeploy, and the application never touched the SSM client.');
  } finally {
    await server.close();
  }
};

await main();
