/**
 * The loaders under test, each written the way its documentation shows, all given the same parameters. `prepare`
 * imports everything (done before the go signal, as the runtime would have loaded the bundle); the returned cold start
 * then does what module load + the first invocation do, and resolves with the number of values the handler saw.
 */
import type { SSMClientConfig } from '@aws-sdk/client-ssm';
import { countValues } from './countValues.js';
import { lambdaContext } from './lambdaContext.js';
import { type CandidateId, SECRET_REFERENCE, type WorkerConfig, type Workload } from './types.js';

export type ColdStart = () => Promise<number>;

type Prepare = (config: WorkerConfig) => Promise<ColdStart>;

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<number>;

/** A middy handler that reports how many values reached it through the context. */
const invokeOnce = (handler: Handler, config: WorkerConfig): Promise<number> =>
  handler({}, lambdaContext(config.functionTimeoutMs));

/** Names become fetchData keys (`S0`, `S1`, …), as a team would name its env variables. */
const keyedNames = (names: readonly string[]): Record<string, string> =>
  Object.fromEntries(names.map((name, index) => [`S${index}`, name]));

/** `/aws/reference/secretsmanager/<id>` → ECS's `valueFrom` for the secret itself, in the server's Region and account. */
const secretArnOf = (reference: string, region: string): string =>
  `arn:aws:secretsmanager:${region}:123456789012:secret:${reference.slice(SECRET_REFERENCE.length)}`;

/**
 * How this package is told what to fetch: `fetchData` (names, or the path paged), the path with a manifest, or the
 * secrets by ARN in ECS's `secrets` array (read from Secrets Manager natively).
 */
type Source = 'fetchData' | 'manifest' | 'native secrets';

const sourceOptions = (source: Source, { workload, clientConfig }: WorkerConfig) => {
  if (source === 'native secrets') {
    return {
      secrets: workload.names.map((name, index) => ({
        name: `S${index}`,
        valueFrom: secretArnOf(name, clientConfig.region),
      })),
    };
  }
  if (workload.kind === 'names') return { fetchData: keyedNames(workload.names) };
  return {
    fetchData: {
      app: source === 'manifest' ? { path: workload.path, manifest: workload.names } : workload.path,
    },
  };
};

const thisPackage =
  (source: Source): Prepare =>
  async (config) => {
    const [{ default: middy }, { createSsmEnv }, { systemClock }] = await Promise.all([
      import('@middy/core'),
      import('../../src/middleware/ssmEnv.js'),
      import('../../src/core/clock.js'),
    ]);
    await import('@aws-sdk/client-ssm');
    if (source === 'native secrets') {
      await import('@aws-sdk/client-secrets-manager');
      // As users point the Secrets Manager client at a local endpoint.
      process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = config.clientConfig.endpoint;
    }
    const { variant } = config;
    // A variant's pacer tuning goes in as a dependency, as a test's clock does.
    const deps = {
      clock: systemClock,
      env: process.env,
      ...(variant?.pacer ? { pacerOptions: variant.pacer } : {}),
    };
    return async () => {
      const envBefore = Object.keys(process.env).length;
      const middleware = createSsmEnv(
        {
          ...sourceOptions(source, config),
          setToEnv: true,
          awsClientOptions: config.clientConfig,
          ...(variant?.retry ? { retry: variant.retry } : {}),
          ...(config.fleet ? { fleet: config.fleet } : {}),
          logger: { warn: () => {}, error: () => {}, debug: () => {} },
        },
        deps,
      );
      const handler = middy(async () => Object.keys(process.env).length - envBefore).use(middleware);
      return invokeOnce(handler as unknown as Handler, config);
    };
  };

const middySsm =
  (clientOptions: Partial<SSMClientConfig>): Prepare =>
  async (config) => {
    const [{ default: middy }, { default: ssm }] = await Promise.all([
      import('@middy/core'),
      import('@middy/ssm'),
    ]);
    await import('@aws-sdk/client-ssm');
    const { workload } = config;
    return async () => {
      const fetchData = workload.kind === 'names' ? keyedNames(workload.names) : { app: workload.path };
      const middleware = ssm({
        fetchData,
        setToContext: true,
        awsClientOptions: { ...config.clientConfig, ...clientOptions },
      });
      const handler = middy(async (_event: unknown, context: Record<string, unknown>) =>
        countValues(Object.fromEntries(Object.keys(fetchData).map((key) => [key, context[key]]))),
      ).use(middleware);
      return invokeOnce(handler as unknown as Handler, config);
    };
  };

const powertools: Prepare = async (config) => {
  const { SSMProvider } = await import('@aws-lambda-powertools/parameters/ssm');
  const { workload } = config;
  return async () => {
    // Documented pattern: a module-scope provider, values fetched at init, awaited by the handler.
    const provider = new SSMProvider({ clientConfig: config.clientConfig });
    const loading =
      workload.kind === 'names'
        ? provider.getParametersByName(Object.fromEntries(workload.names.map((name) => [name, {}])), {
            decrypt: true,
          })
        : provider.getMultiple(workload.path, { recursive: true, decrypt: true });
    loading.catch(() => {});
    const values = await loading;
    return countValues({ values: values ?? {} });
  };
};

/** The loader most teams write first: a client at defaults, a NextToken loop (or a loop over chunks of 10 names). */
const naiveLoop =
  (clientOptions: Partial<SSMClientConfig>): Prepare =>
  async (config) => {
    const { SSMClient, GetParametersByPathCommand, GetParametersCommand } = await import(
      '@aws-sdk/client-ssm'
    );
    const { workload } = config;
    const loadAll = async (client: InstanceType<typeof SSMClient>, load: Workload): Promise<number> => {
      let count = 0;
      if (load.kind === 'path') {
        let nextToken: string | undefined;
        do {
          const page = await client.send(
            new GetParametersByPathCommand({
              Path: load.path,
              Recursive: true,
              WithDecryption: true,
              NextToken: nextToken,
            }),
          );
          count += page.Parameters?.length ?? 0;
          nextToken = page.NextToken;
        } while (nextToken);
        return count;
      }
      for (let start = 0; start < load.names.length; start += 10) {
        const batch = await client.send(
          new GetParametersCommand({ Names: load.names.slice(start, start + 10), WithDecryption: true }),
        );
        count += batch.Parameters?.length ?? 0;
      }
      return count;
    };
    return async () => {
      const client = new SSMClient({ ...config.clientConfig, ...clientOptions });
      const loading = loadAll(client, workload);
      loading.catch(() => {});
      return loading;
    };
  };

export const CANDIDATES: Readonly<Record<CandidateId, Prepare>> = {
  'middy-ssm-env': thisPackage('fetchData'),
  'middy-ssm-env (fleet hint)': thisPackage('fetchData'),
  'middy-ssm-env (hint ×0.5)': thisPackage('fetchData'),
  'middy-ssm-env (hint ×2)': thisPackage('fetchData'),
  'middy-ssm-env (manifest)': thisPackage('manifest'),
  'middy-ssm-env (native secrets)': thisPackage('native secrets'),
  '@middy/ssm': middySsm({}),
  '@middy/ssm (adaptive)': middySsm({ retryMode: 'adaptive', maxAttempts: 5 }),
  powertools,
  'naive loop': naiveLoop({}),
  'naive loop (adaptive)': naiveLoop({ retryMode: 'adaptive', maxAttempts: 5 }),
};
