/**
 * Warm invocation overhead: each loader with its values cached forever, a trivial handler, all tasks in one tinybench
 * run, reported as ratios to bare middy. Rounds alternate the task order so drift (turbo, GC) hits all alike.
 */
import { Bench } from 'tinybench';
import type { LocalSsm } from '../../src/testing.js';

export interface WarmResult {
  readonly name: string;
  /** Mean ns per invocation over all rounds. */
  readonly meanNs: number;
  readonly ratioToBare: number;
}

type Invoke = () => Promise<unknown>;

const context = { getRemainingTimeInMillis: () => 30_000 };

const handlers = async (server: LocalSsm, names: readonly string[]): Promise<Record<string, Invoke>> => {
  const [{ default: middy }, { default: ssm }, { ssmEnv }, { SSMProvider }] = await Promise.all([
    import('@middy/core'),
    import('@middy/ssm'),
    import('../../src/index.js'),
    import('@aws-lambda-powertools/parameters/ssm'),
  ]);
  const fetchData = Object.fromEntries(names.map((name, index) => [`W${index}`, name]));
  const clientConfig = server.clientConfig('AKIDWARM');
  const trivial = async () => 'ok';
  const bare = middy(trivial);
  const ours = middy(trivial).use(
    ssmEnv({
      fetchData,
      cacheExpiry: -1,
      setToEnv: true,
      awsClientOptions: clientConfig,
      overwriteEnv: true,
    }),
  );
  const theirs = middy(trivial).use(ssm({ fetchData, cacheExpiry: -1, awsClientOptions: clientConfig }));
  const provider = new SSMProvider({ clientConfig });
  const byName = Object.fromEntries(names.map((name) => [name, { maxAge: Number.MAX_SAFE_INTEGER }]));
  const powertools = middy(async () => {
    await provider.getParametersByName(byName, { maxAge: Number.MAX_SAFE_INTEGER });
    return 'ok';
  });
  const invoke =
    (handler: (event: unknown, ctx: unknown) => Promise<unknown>): Invoke =>
    () =>
      handler({}, context);
  return {
    'bare middy': invoke(bare as never),
    'middy-ssm-env': invoke(ours as never),
    '@middy/ssm': invoke(theirs as never),
    powertools: invoke(powertools as never),
  };
};

export const runWarmPath = async (
  server: LocalSsm,
  names: readonly string[],
  options: { quick: boolean },
): Promise<WarmResult[]> => {
  const tasks = await handlers(server, names);
  // First invocation fills every cache (cold path, not measured).
  for (const invoke of Object.values(tasks)) await invoke();
  const rounds = options.quick ? 2 : 6;
  const totals = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time: options.quick ? 80 : 400, warmupTime: options.quick ? 20 : 100 });
    const order = Object.entries(tasks);
    if (round % 2 === 1) order.reverse();
    for (const [name, invoke] of order) bench.add(name, invoke);
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== 'completed') throw new Error(`warm path task ${task.name} ended ${result.state}`);
      totals.set(task.name, [...(totals.get(task.name) ?? []), result.latency.mean * 1e6]);
    }
  }
  const meanOf = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const bare = meanOf(totals.get('bare middy') ?? [1]);
  return [...totals].map(([name, samples]) => ({
    name,
    meanNs: meanOf(samples),
    ratioToBare: meanOf(samples) / bare,
  }));
};
