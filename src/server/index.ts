import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessPolicy } from './access.js';
import { Accounting } from './accounting.js';
import { createCipher } from './cipher.js';
import { parameterNotFound } from './errors.js';
import { applyFaultOptions, createFaultControls } from './fault-controls.js';
import { FaultInjector } from './faults.js';
import { type AccountScope, partitionOf } from './names.js';
import { NextTokenCodec } from './next-token.js';
import type { OperationContext } from './operations/index.js';
import { Pager } from './paging.js';
import { ParameterStore } from './parameter-store.js';
import { seededRandom } from './random.js';
import { createRequestHandler } from './request-handler.js';
import { SecretStore } from './secret-store.js';
import { applySeed, loadSeedFile, parseSeedData } from './seed.js';
import { createCancellableSleep } from './sleep.js';
import { Throttle } from './throttle.js';
import type { LocalSsm, LocalSsmOptions } from './types.js';

export { LocalSsmError } from './errors.js';
export { type Random, seededRandom } from './random.js';
export { loadSeedFile, parseSeedData } from './seed.js';
export { THROUGHPUT_PROFILES } from './throttle.js';
export type * from './types.js';

/** Access key id of {@link LocalSsm.clientConfig} when none is given. */
export const DEFAULT_ACCESS_KEY_ID = 'AKIDLOCAL';

/**
 * Start a local SSM Parameter Store server on 127.0.0.1 that speaks AWS JSON 1.1, so an unmodified `SSMClient`
 * pointed at it behaves as against AWS: paging, selectors, ARNs, Secrets Manager references, errors, throttling.
 *
 * @example
 * ```ts
 * const ssm = await startLocalSsm({ seed: { parameters: { '/app/db/host': 'db.local' } } });
 * const client = new SSMClient({ ...ssm.clientConfig(), maxAttempts: 1 });
 * await client.send(new GetParameterCommand({ Name: '/app/db/host' }));
 * await ssm.close();
 * ```
 */
export async function startLocalSsm(options: LocalSsmOptions = {}): Promise<LocalSsm> {
  const region = options.region ?? 'us-east-1';
  const scope: AccountScope = {
    partition: partitionOf(region),
    region,
    accountId: options.accountId ?? '123456789012',
  };
  const now = options.now ?? Date.now;
  const random = seededRandom(options.randomSeed ?? Math.floor(Math.random() * 2 ** 32));
  const parameters = new ParameterStore(createCipher());
  const secrets = new SecretStore(scope);
  const access = new AccessPolicy(scope);
  const pager = new Pager(random);
  const injector = new FaultInjector(random);
  const throttle = new Throttle(options.throughput ?? 'standard', now);
  const accounting = new Accounting();
  const tokens = new NextTokenCodec();
  const timers = createCancellableSleep();

  const faults = createFaultControls(injector, access, pager);
  applyFaultOptions(options, faults);
  if (options.seed !== undefined) {
    const data =
      typeof options.seed === 'string' ? await loadSeedFile(options.seed) : parseSeedData(options.seed);
    applySeed(data, parameters, secrets);
  }

  const server = createServer(
    createRequestHandler({
      scope,
      now,
      sleep: options.sleep ?? timers.sleep,
      throttle,
      faults: injector,
      access,
      accounting,
      contextFor: (caller): OperationContext => ({
        scope,
        parameters,
        secrets,
        access,
        pager,
        tokens,
        caller,
      }),
    }),
  );
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? 0, host);
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;

  return {
    endpoint,
    port,
    clientConfig: (accessKeyId = DEFAULT_ACCESS_KEY_ID) => ({
      endpoint,
      region,
      credentials: { accessKeyId, secretAccessKey: 'local-secret-access-key' },
    }),
    putParameter: (input) => {
      const type = input.type ?? (parameters.has(input.name) ? undefined : 'String');
      return parameters.put({
        name: input.name,
        value: input.value,
        type,
        overwrite: input.overwrite ?? true,
      }).version;
    },
    deleteParameter: (name) => {
      if (!parameters.delete(name)) throw parameterNotFound(name);
    },
    labelParameterVersion: (name, labels, version) => {
      parameters.label(name, labels, version);
    },
    putSecret: (input) => secrets.put(input),
    seed: (data) => applySeed(parseSeedData(data), parameters, secrets),
    stats: () => accounting.snapshot(),
    resetStats: () => accounting.reset(),
    setThroughput: (throughput) => throttle.configure(throughput),
    faults,
    close: () => {
      closing ??= closeServer(server, timers.releaseAll);
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stop accepting, release pending latency waits, and drop every socket, hanging requests and keep-alives included. */
function closeServer(server: Server, releaseTimers: () => void): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    releaseTimers();
    server.closeAllConnections();
  });
}
