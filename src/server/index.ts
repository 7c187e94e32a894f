import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessPolicy } from './access.js';
import { Accounting } from './accounting.js';
import { DEFAULT_MAX_BODY_BYTES, declaresTooLarge } from './body.js';
import { createCipher } from './cipher.js';
import { parameterNotFound } from './errors.js';
import { applyFaultOptions, createFaultControls } from './fault-controls.js';
import { FaultInjector } from './faults.js';
import { type AccountScope, partitionOf } from './names.js';
import { NextTokenCodec } from './next-token.js';
import { isSsmOperation, OPERATIONS } from './operations/index.js';
import { Pager } from './paging.js';
import { ParameterStore } from './parameter-store.js';
import { seededRandom } from './random.js';
import { createRequestHandler, type RequestPipeline, refuseTooLarge } from './request-handler.js';
import { isSecretsManagerOperation, SECRETS_OPERATIONS } from './secrets/operations/index.js';
import { payloadOf } from './secrets/payload.js';
import { createSecretsService } from './secrets/service.js';
import { SecretStore } from './secrets/store.js';
import { applySeed, loadSeedFile, parseSeedData } from './seed.js';
import { createCancellableSleep } from './sleep.js';
import { createSsmService } from './ssm-service.js';
import { secretsThrottleConfig, ssmThrottleConfig, Throttle } from './throttle.js';
import type { Dialect, LocalSsm, LocalSsmOptions } from './types.js';

export { DEFAULT_MAX_BODY_BYTES } from './body.js';
export { LocalSsmError } from './errors.js';
export { type Random, seededRandom } from './random.js';
export { loadSeedFile, parseSeedData } from './seed.js';
export { SECRETS_THROUGHPUT_PROFILES, THROUGHPUT_PROFILES } from './throttle.js';
export type * from './types.js';

/** Access key id of {@link LocalSsm.clientConfig} when none is given. */
export const DEFAULT_ACCESS_KEY_ID = 'AKIDLOCAL';

const SECRET_ACCESS_KEY = 'local-secret-access-key';

/**
 * Start a local server on 127.0.0.1 that speaks AWS JSON 1.1 for SSM Parameter Store and Secrets Manager on one
 * port, so unmodified `SSMClient`s and `SecretsManagerClient`s pointed at it behave as against AWS: paging,
 * selectors, ARNs, Secrets Manager references, errors, throttling (a separate quota per service).
 *
 * @example
 * ```ts
 * const local = await startLocalSsm({
 *   seed: { parameters: { '/app/db/host': 'db.local' }, secrets: [{ name: 'app/db', value: '{"password":"pw"}' }] },
 * });
 * Object.assign(process.env, local.env()); // AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL_SECRETS_MANAGER, ...
 * const ssm = new SSMClient({ ...local.clientConfig(), maxAttempts: 1 });
 * await ssm.send(new GetParameterCommand({ Name: '/app/db/host' }));
 * await local.close();
 * ```
 */
export async function startLocalSsm(options: LocalSsmOptions = {}): Promise<LocalSsm> {
  const region = options.region ?? 'us-east-1';
  const scope: AccountScope = {
    partition: partitionOf(region),
    region,
    accountId: options.accountId ?? '123456789012',
  };
  const dialect: Dialect = options.dialect ?? 'aws';
  assertDialect(dialect);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  assertBodyCap(maxBodyBytes);
  const now = options.now ?? Date.now;
  const random = seededRandom(options.randomSeed ?? Math.floor(Math.random() * 2 ** 32));
  const parameters = new ParameterStore(createCipher());
  const secrets = new SecretStore(scope);
  const access = new AccessPolicy(scope);
  const pager = new Pager(random);
  const injector = new FaultInjector(random);
  const ssmThrottle = new Throttle(ssmThrottleConfig(options.throughput ?? 'standard'), now);
  const secretsThrottle = new Throttle(secretsThrottleConfig(options.secretsThroughput ?? 'standard'), now);
  const accounting = new Accounting([
    ...Object.keys(OPERATIONS).filter(isSsmOperation),
    ...Object.keys(SECRETS_OPERATIONS).filter(isSecretsManagerOperation),
  ]);
  const tokens = new NextTokenCodec();
  const timers = createCancellableSleep();

  const faults = createFaultControls(injector, access, pager);
  applyFaultOptions(options, faults);
  const { seed } = options;
  if (typeof seed === 'string') applySeed(await loadSeedFile(seed), parameters, secrets, `seed file ${seed}`);
  else if (seed !== undefined) applySeed(parseSeedData(seed), parameters, secrets);

  const pipeline: RequestPipeline = {
    now,
    sleep: options.sleep ?? timers.sleep,
    faults: injector,
    accounting,
    maxBodyBytes,
    services: [
      createSsmService({
        scope,
        throttle: ssmThrottle,
        access,
        contextFor: (caller) => ({ scope, parameters, secrets, access, pager, tokens, caller, dialect }),
      }),
      createSecretsService({
        scope,
        throttle: secretsThrottle,
        access,
        dialect,
        contextFor: (caller) => ({ scope, secrets, access, tokens, caller }),
      }),
    ],
  };
  const server = createServer(createRequestHandler(pipeline));
  // A client that asks before sending (`Expect: 100-continue`) is refused before it sends an oversized body.
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    if (declaresTooLarge(request, maxBodyBytes)) {
      refuseTooLarge(pipeline, request, response, now());
      return;
    }
    response.writeContinue();
    server.emit('request', request, response);
  });
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? 0, host);
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;

  return {
    endpoint,
    port,
    region,
    dialect,
    clientConfig: (accessKeyId = DEFAULT_ACCESS_KEY_ID) => ({
      endpoint,
      region,
      credentials: { accessKeyId, secretAccessKey: SECRET_ACCESS_KEY },
    }),
    env: (accessKeyId = DEFAULT_ACCESS_KEY_ID) => ({
      AWS_ENDPOINT_URL_SSM: endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
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
    putSecret: (input) => secrets.put({ ...input, value: payloadOf(input.value) }),
    rotateSecret: (input) =>
      secrets.rotate(secrets.get(input.name), payloadOf(input.value), input.versionId).versionId,
    secretArn: (nameOrArn) => secrets.get(nameOrArn).arn,
    seed: (data) => applySeed(parseSeedData(data), parameters, secrets),
    stats: () => accounting.snapshot(),
    resetStats: () => accounting.reset(),
    setThroughput: (throughput) => ssmThrottle.configure(ssmThrottleConfig(throughput)),
    setSecretsThroughput: (throughput) => secretsThrottle.configure(secretsThrottleConfig(throughput)),
    faults,
    close: () => {
      closing ??= closeServer(server, timers.releaseAll);
      return closing;
    },
  };
}

function assertDialect(dialect: string): void {
  if (dialect !== 'aws' && dialect !== 'moto') {
    throw new TypeError(`Expected \`dialect\` to be 'aws' or 'moto', got '${dialect}'`);
  }
}

function assertBodyCap(bytes: number): void {
  if (!Number.isInteger(bytes) || bytes < 1) {
    throw new TypeError(`Expected \`maxBodyBytes\` to be a positive integer, got ${bytes}`);
  }
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
