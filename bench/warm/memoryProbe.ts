/**
 * Child process of memory.ts (run with --expose-gc): seeds a local server with N parameters under a path, loads them
 * once with one loader (cached forever), and prints the heapUsed delta after full GCs. The server lives in this
 * process too, but it is seeded before the baseline, so only what the loader keeps counts.
 */
const gc = (globalThis as { gc?: () => void }).gc;

const settle = async (): Promise<number> => {
  for (let round = 0; round < 3; round++) {
    gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
};

const main = async (): Promise<void> => {
  const [loader = '', countText = '0'] = process.argv.slice(2);
  const count = Number(countText);
  const { startLocalSsm } = await import('../../src/testing.js');
  const { default: middy } = await import('@middy/core');
  const { ssmEnv } = await import('../../src/index.js');
  const { default: ssm } = await import('@middy/ssm');
  const { SSMProvider } = await import('@aws-lambda-powertools/parameters/ssm');
  const parameters = Object.fromEntries(
    Array.from({ length: count }, (_, index) => [
      `/mem/app/setting-${index}`,
      `value-${index}-${'x'.repeat(40)}`,
    ]),
  );
  const server = await startLocalSsm({ seed: { parameters }, throughput: 'high' });
  const clientConfig = server.clientConfig('AKIDMEM');
  const context = { getRemainingTimeInMillis: () => 30_000 };
  const holders: unknown[] = [];
  const before = await settle();
  if (loader === 'middy-ssm-env') {
    const handler = middy(async () => 'ok').use(
      ssmEnv({ fetchData: { app: '/mem/' }, awsClientOptions: clientConfig }),
    );
    await handler({}, context as never);
    holders.push(handler);
  } else if (loader === '@middy/ssm') {
    const handler = middy(async () => 'ok').use(
      ssm({ fetchData: { app: '/mem/' }, awsClientOptions: clientConfig }),
    );
    await handler({}, context as never);
    holders.push(handler);
  } else {
    const provider = new SSMProvider({ clientConfig });
    await provider.getMultiple('/mem/', { recursive: true, maxAge: 3600 });
    holders.push(provider);
  }
  const after = await settle();
  console.log(JSON.stringify({ delta: after - before, held: holders.length }));
  await server.close();
  process.exit(0);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
