/**
 * ECS `valueFrom` parity: the `secrets` array as a task definition holds it, Secrets Manager ARNs in `fetchData` and
 * ECS-style env references, all read from Secrets Manager itself (BatchGetSecretValue / GetSecretValue) — through the
 * real SDK against the local server, with exact call counts. The Secrets Manager client finds the server through
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER`, as users point it.
 */

import * as secretsManagerSdk from '@aws-sdk/client-secrets-manager';
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import middy from '@middy/core';
import { systemClock } from '../../src/core/clock.js';
import { ParameterResolutionError } from '../../src/errors.js';
import { createSsmEnv, ssmEnv } from '../../src/middleware/ssmEnv.js';
import type { LocalSsm } from '../../src/testing.js';
import type { EcsSecret } from '../../src/types.js';
import { FakeClock } from '../helpers/fakeClock.js';
import { callCount, resetCaches, startSecretsManagerServer, wire } from '../helpers/harness.js';
import { capturedText, findLeaks, registerSecret } from '../helpers/leakRegistry.js';

const PASSWORD = registerSecret('ecs-db-pass-5521-secret');
const OLD_PASSWORD = registerSecret('ecs-db-old-pass-7731-secret');
const ROTATED_PASSWORD = registerSecret('ecs-db-rotated-pass-8812-secret');
const DB_SECRET = JSON.stringify({ username: 'app', password: PASSWORD });
const DB_PREVIOUS = JSON.stringify({ username: 'app', password: OLD_PASSWORD });
registerSecret(DB_PREVIOUS);
const API_KEY = registerSecret('ecs-api-key-3310-secret');
const TOKEN = registerSecret('ecs-plain-token-4402-secret');
const NOT_JSON = registerSecret('ecs-not-json-5150-secret');
const ROTATING_V1 = registerSecret('ecs-rotating-v1-9031-secret');
const ROTATING_V2 = registerSecret('ecs-rotating-v2-9032-secret');
const PREVIOUS_VERSION = '11111111-1111-4111-8111-111111111111';
const BULK = Array.from({ length: 25 }, (_, index) => ({
  name: `bulk/s${String(index).padStart(2, '0')}`,
  value: registerSecret(`bulk-value-${index}-secret`),
}));

const ARN = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:';

/** The array from the issue, verbatim. */
const ECS_SECRETS: EcsSecret[] = [
  { name: 'DATABASE_PASSWORD', valueFrom: `${ARN}prod/db-AbCdEf:password::` },
  { name: 'API_KEY', valueFrom: 'arn:aws:ssm:us-west-2:123456789012:parameter/myapp/prod/API_KEY' },
  { name: 'LOG_LEVEL', valueFrom: '/myapp/prod/LOG_LEVEL' },
];

let server: LocalSsm;
let closeServer: () => Promise<void>;

beforeAll(async () => {
  ({ server, close: closeServer } = await startSecretsManagerServer(
    {
      parameters: [
        { name: '/myapp/prod/API_KEY', value: API_KEY, type: 'SecureString' },
        { name: '/myapp/prod/LOG_LEVEL', value: 'info' },
      ],
      secrets: [
        {
          name: 'prod/db',
          arnSuffix: 'AbCdEf',
          value: DB_SECRET,
          previous: { value: DB_PREVIOUS, versionId: PREVIOUS_VERSION },
        },
        { name: 'prod/token', value: TOKEN },
        { name: 'prod/not-json', value: NOT_JSON },
        ...BULK,
      ],
    },
    { region: 'us-west-2' },
  ));
});

afterAll(() => closeServer());

afterEach(() => {
  resetCaches();
  server.resetStats();
  server.faults.clear();
});

const failuresOf = async (promise: Promise<unknown>): Promise<ParameterResolutionError> => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ParameterResolutionError);
  return error as ParameterResolutionError;
};

describe('the secrets array from a task definition', () => {
  it('loads the pasted ECS array: the secret natively, the parameters from SSM, all into process.env', async () => {
    const { invoke } = wire(server, { secrets: ECS_SECRETS });

    const { env, internal } = await invoke();

    expect(env).toEqual({ DATABASE_PASSWORD: PASSWORD, API_KEY, LOG_LEVEL: 'info' });
    expect(internal).toMatchObject({ DATABASE_PASSWORD: PASSWORD, API_KEY, LOG_LEVEL: 'info' });
    // The secret is read from Secrets Manager itself, not through /aws/reference/secretsmanager/.
    expect(callCount(server, 'GetSecretValue')).toBe(1);
    expect(callCount(server, 'GetParameters')).toBe(1);
    expect(server.stats().calls.map((call) => call.service)).not.toContain('unknown');
  });

  it('composes with fetchData and env references', async () => {
    const { invoke } = wire(
      server,
      {
        secrets: [ECS_SECRETS[0] as EcsSecret],
        fetchData: { level: '/myapp/prod/LOG_LEVEL' },
        resolveEnvReferences: true,
      },
      { env: { TOKEN: 'secretsmanager:prod/token::' } },
    );

    const { env, internal } = await invoke();

    expect(env).toEqual({ DATABASE_PASSWORD: PASSWORD, TOKEN });
    expect(internal).toMatchObject({ DATABASE_PASSWORD: PASSWORD, level: 'info' });
    expect(internal).not.toHaveProperty('TOKEN');
    expect(callCount(server, 'BatchGetSecretValue')).toBe(1);
  });

  it('fails at creation naming the entry when a name is used twice', () => {
    expect(() =>
      wire(server, {
        secrets: [...ECS_SECRETS, { name: 'LOG_LEVEL', valueFrom: '/other' }],
      }),
    ).toThrow('`secrets` names LOG_LEVEL twice');
    expect(() => wire(server, { secrets: ECS_SECRETS, fetchData: { API_KEY: '/x' } })).toThrow(
      '`fetchData.API_KEY` and `secrets` entry API_KEY would both set API_KEY',
    );
    expect(() =>
      wire(server, { secrets: ECS_SECRETS, resolveEnvReferences: true }, { env: { LOG_LEVEL: 'ssm:/y' } }),
    ).toThrow('would both set LOG_LEVEL');
  });

  it('fails at creation naming the entry and what is wrong', () => {
    const create = (valueFrom: string) => () => wire(server, { secrets: [{ name: 'X', valueFrom }] });

    expect(create('arn:aws:s3:::bucket/key')).toThrow(/secrets\[0\] \(X\).*unknown service 's3'/);
    expect(create('arn:aws:secretsmanager:us-west-2:12345:secret:prod/db')).toThrow(
      /secrets\[0\] \(X\).*'12345' is not a 12-digit account id/,
    );
    expect(create(`${ARN}prod/db:password:bad stage:`)).toThrow(
      /version-stage 'bad stage' is not a staging label/,
    );
    expect(create(`${ARN}prod/db:a:b:c:d`)).toThrow(/too many `:` fields/);
    expect(() => wire(server, { secrets: [{ name: 'AWS_REGION', valueFrom: '/x' }] })).toThrow(
      'Lambda reserves',
    );
  });
});

describe('every valueFrom form', () => {
  it.each([
    ['a partial ARN, whole value', `${ARN}prod/db`, JSON.parse(DB_SECRET)],
    ['a full ARN with a JSON key', `${ARN}prod/db-AbCdEf:username::`, 'app'],
    ['a JSON key without trailing colons', `${ARN}prod/db:password`, PASSWORD],
    ['a stage', `${ARN}prod/db:password:AWSPREVIOUS:`, OLD_PASSWORD],
    ['a version id', `${ARN}prod/db:password::${PREVIOUS_VERSION}`, OLD_PASSWORD],
    ['AWSCURRENT, as a plain read', `${ARN}prod/db::AWSCURRENT`, JSON.parse(DB_SECRET)],
  ])('reads %s from Secrets Manager as a fetchData value', async (_label, valueFrom, expected) => {
    const { invoke } = wire(server, { fetchData: { value: valueFrom } });

    const { internal } = await invoke();

    expect(internal.value).toEqual(expected);
    expect(callCount(server, 'GetSecretValue')).toBe(1);
    expect(callCount(server, 'GetParameters')).toBe(0);
  });

  it('reads ECS-style env references natively, and the #key form still through SSM', async () => {
    const { invoke } = wire(
      server,
      { resolveEnvReferences: true },
      {
        env: {
          NATIVE: 'secretsmanager:prod/db:password::',
          NATIVE_ARN: `secretsmanager:${ARN}prod/db-AbCdEf:username::`,
          THROUGH_SSM: 'secretsmanager:prod/db#password',
          PREVIOUS: 'secretsmanager:prod/db:AWSPREVIOUS',
        },
      },
    );

    const { env } = await invoke();

    expect(env).toEqual({
      NATIVE: PASSWORD,
      NATIVE_ARN: 'app',
      THROUGH_SSM: PASSWORD,
      PREVIOUS: DB_PREVIOUS,
    });
    // NATIVE and NATIVE_ARN are the same read of the current version; the other two go through Parameter Store, in
    // two GetParameters calls: two versions of one secret never share a batch (moto answers without a Selector).
    expect(callCount(server, 'BatchGetSecretValue') + callCount(server, 'GetSecretValue')).toBe(1);
    expect(callCount(server, 'GetParameters')).toBe(2);
  });

  it('takes optional and default for a secret that does not exist', async () => {
    const { invoke } = wire(server, {
      fetchData: {
        gone: { name: `${ARN}prod/nope`, optional: true },
        fallback: { name: `${ARN}prod/nope2:key::`, default: 'dflt' },
      },
      setToEnv: true,
    });

    const { env, internal } = await invoke();

    expect(internal).toMatchObject({ gone: undefined, fallback: 'dflt' });
    expect(env).toEqual({ fallback: 'dflt' });
  });
});

describe('BatchGetSecretValue', () => {
  it('reads current versions 20 a call, in parallel', async () => {
    const secrets = BULK.map((secret, index) => ({ name: `S${index}`, valueFrom: `${ARN}${secret.name}` }));
    const { invoke } = wire(server, { secrets });

    const { env } = await invoke();

    expect(Object.values(env)).toEqual(BULK.map((secret) => secret.value));
    expect(callCount(server, 'BatchGetSecretValue')).toBe(2);
    expect(callCount(server, 'GetSecretValue')).toBe(0);
  });

  it("maps a batch's per-secret Errors to their keys, and applies nothing", async () => {
    server.faults.denySecret('bulk/s01');
    const { invoke, env } = wire(server, {
      secrets: [
        { name: 'OK', valueFrom: `${ARN}bulk/s00` },
        { name: 'DENIED', valueFrom: `${ARN}bulk/s01` },
        { name: 'MISSING', valueFrom: `${ARN}bulk/missing` },
      ],
    });

    const error = await failuresOf(invoke());

    expect(error.failures.map(({ key, reason }) => ({ key, reason }))).toEqual([
      { key: 'DENIED', reason: 'access-denied' },
      { key: 'MISSING', reason: 'not-found' },
    ]);
    expect(error.failures[0]?.detail).toContain('grant secretsmanager:GetSecretValue');
    expect(error.failures[0]?.parameter).toBe(`${ARN}bulk/s01`);
    expect(env).toEqual({});
    expect(callCount(server, 'BatchGetSecretValue')).toBe(1);
    expect(callCount(server, 'GetSecretValue')).toBe(0);
  });

  it('reads one by one when BatchGetSecretValue is denied, and says what to grant', async () => {
    server.faults.add({ kind: 'accessDenied', operations: ['BatchGetSecretValue'] });
    const { invoke, logger } = wire(server, {
      secrets: BULK.slice(0, 3).map((secret, index) => ({
        name: `S${index}`,
        valueFrom: `${ARN}${secret.name}`,
      })),
    });

    const { env } = await invoke();

    expect(Object.values(env)).toEqual(BULK.slice(0, 3).map((secret) => secret.value));
    expect(callCount(server, 'GetSecretValue')).toBe(3);
    expect(logger.warnings.join('\n')).toContain(
      'secretsmanager:BatchGetSecretValue was denied; reading secrets one by one',
    );
  });
});

describe('failures, as for SSM entries', () => {
  it('names secretsmanager:GetSecretValue when access is denied', async () => {
    server.faults.denySecret('prod/db');
    const { invoke } = wire(server, { secrets: [ECS_SECRETS[0] as EcsSecret] });

    const error = await failuresOf(invoke());

    expect(error.failures).toEqual([
      expect.objectContaining({
        key: 'DATABASE_PASSWORD',
        parameter: `${ARN}prod/db-AbCdEf:password::`,
        reason: 'access-denied',
        detail: expect.stringContaining('access denied: grant secretsmanager:GetSecretValue'),
      }),
    ]);
  });

  it('reports a KMS DecryptionFailure as invalid-key and a missing JSON key as json-key-missing', async () => {
    server.faults.add({ kind: 'invalidKeyId', operations: ['GetSecretValue'], times: 1 });
    const kms = wire(server, { secrets: [ECS_SECRETS[0] as EcsSecret] });
    const jsonKey = wire(server, { secrets: [{ name: 'NOPE', valueFrom: `${ARN}prod/db:nokey::` }] });

    expect((await failuresOf(kms.invoke())).failures[0]).toMatchObject({
      reason: 'invalid-key',
      detail: expect.stringContaining("grant kms:Decrypt on the secret's KMS key"),
    });
    expect((await failuresOf(jsonKey.invoke())).failures[0]).toMatchObject({
      key: 'NOPE',
      reason: 'json-key-missing',
    });
  });

  it("retries Secrets Manager's throttling through the one retry layer, and says which service throttled", async () => {
    server.faults.script(['throttle', 'throttle', 'ok'], { services: ['secretsmanager'] });
    const clock = new FakeClock();
    const wired = wire(server, { secrets: [ECS_SECRETS[0] as EcsSecret] }, { clock });

    const { env } = await wired.invoke();

    expect(env.DATABASE_PASSWORD).toBe(PASSWORD);
    expect(wired.metrics.at(-1)).toMatchObject({ calls: 3, retries: 2, throttles: 2, ok: true });
    expect(callCount(server, 'GetSecretValue')).toBe(3);
    expect(wired.logger.warnings.join('\n')).toContain('Secrets Manager throttled 2 of 3 calls');
  });

  it('serves the last good value when a refresh fails, without the value in the warning', async () => {
    const clock = new FakeClock();
    const wired = wire(
      server,
      { secrets: [ECS_SECRETS[0] as EcsSecret], cacheExpiry: 10_000, expiryJitter: 0 },
      { clock },
    );
    await wired.invoke();
    clock.advance(11_000);
    server.faults.add({ kind: 'internalError', services: ['secretsmanager'] });

    const { env } = await wired.invoke();

    expect(env.DATABASE_PASSWORD).toBe(PASSWORD);
    expect(wired.metrics.at(-1)?.source).toBe('stale');
    expect(wired.logger.warnings.join('\n')).toContain('serving the last good values of: DATABASE_PASSWORD');
  });

  it('picks up a rotation (PutSecretValue) once the cached value expires', async () => {
    const clock = new FakeClock();
    const wired = wire(
      server,
      { secrets: [ECS_SECRETS[0] as EcsSecret], cacheExpiry: 10_000, expiryJitter: 0 },
      { clock },
    );
    expect((await wired.invoke()).env.DATABASE_PASSWORD).toBe(PASSWORD);
    // The rotation arrives as an application would write it: PutSecretValue through the SDK.
    const client = new SecretsManagerClient({ ...server.clientConfig(), maxAttempts: 1 });
    await client.send(
      new PutSecretValueCommand({
        SecretId: `${ARN}prod/db`,
        SecretString: JSON.stringify({ username: 'app', password: ROTATED_PASSWORD }),
      }),
    );
    try {
      expect((await wired.invoke()).env.DATABASE_PASSWORD).toBe(PASSWORD);
      clock.advance(11_000);

      expect((await wired.invoke()).env.DATABASE_PASSWORD).toBe(ROTATED_PASSWORD);
      expect(callCount(server, 'GetSecretValue')).toBe(2);
    } finally {
      server.putSecret({ name: 'prod/db', value: DB_SECRET });
    }
  });

  it('paces Secrets Manager apart from SSM: its throttling does not slow Parameter Store reads', async () => {
    const clock = new FakeClock();
    server.faults.script(['throttle', 'ok'], { services: ['secretsmanager'] });
    await wire(server, { secrets: [ECS_SECRETS[0] as EcsSecret] }, { clock }).invoke();
    const sleepsBefore = clock.sleeps.length;

    await wire(server, { fetchData: { level: '/myapp/prod/LOG_LEVEL' } }, { clock }).invoke();

    // One pacer for both would space this SSM call after the throttled Secrets Manager call.
    expect(clock.sleeps.slice(sleepsBefore)).toEqual([]);
    expect(sleepsBefore).toBeGreaterThan(0);
  });

  it('puts no secret value in any error or log line, whatever fails', async () => {
    // A garbled answer to the versioned read, a denial in the batch's Errors, a JSON key in a value that is not JSON.
    server.faults.script(['malformed', 'malformed'], { operations: ['GetSecretValue'] });
    const clock = new FakeClock();
    const wired = wire(
      server,
      {
        secrets: [
          { name: 'PICKED', valueFrom: `${ARN}prod/not-json:key::` },
          { name: 'DENIED', valueFrom: `${ARN}prod/token` },
        ],
        fetchData: { binary: `${ARN}prod/db:password::${PREVIOUS_VERSION}` },
        retry: { retries: 1 },
      },
      { clock },
    );
    server.faults.denySecret('prod/token');

    const error = await failuresOf(wired.invoke());

    expect(error.failures.map(({ key, reason }) => [key, reason])).toEqual([
      ['binary', 'unavailable'],
      ['PICKED', 'json-key-missing'],
      ['DENIED', 'access-denied'],
    ]);
    const text = [error.message, JSON.stringify(error.failures), ...wired.logger.lines, ...capturedText].join(
      '\n',
    );
    expect(findLeaks(text)).toEqual([]);
    expect(text).toContain('is not JSON');
  });

  it('shares one read between concurrent invocations (single-flight)', async () => {
    const wired = wire(server, { secrets: [ECS_SECRETS[0] as EcsSecret] });

    const seen = await Promise.all([wired.invoke(), wired.invoke(), wired.invoke()]);

    expect(seen.map((one) => one.env.DATABASE_PASSWORD)).toEqual([PASSWORD, PASSWORD, PASSWORD]);
    expect(callCount(server, 'GetSecretValue')).toBe(1);
  });
});

describe('the Secrets Manager client', () => {
  it("takes awsClientOptions' region and credentials, and awsClientAssumeRole's from request.internal", async () => {
    const env: NodeJS.ProcessEnv = {};
    const handler = middy(async () => 'ok')
      .before(async (request) => {
        (request.internal as Record<string, unknown>).roleCredentials = Promise.resolve({
          accessKeyId: 'AKIDROLE',
          secretAccessKey: 'x',
        });
      })
      .use(
        createSsmEnv(
          {
            secrets: [ECS_SECRETS[0] as EcsSecret],
            awsClientAssumeRole: 'roleCredentials',
            awsClientOptions: { region: 'us-west-2' },
          },
          { clock: systemClock, env },
        ),
      );

    await handler({}, { getRemainingTimeInMillis: () => 30_000 } as never);

    expect(env.DATABASE_PASSWORD).toBe(PASSWORD);
    expect(server.stats().byCaller.AKIDROLE?.ok).toBe(1);
  });
});

describe('fetchRotationDate', () => {
  const rotating = [{ name: 'ROTATING', valueFrom: `${ARN}prod/rotating` }];
  /** A fresh clock, and the secret at ROTATING_V1 with its next rotation `inMs` from the clock's now. */
  const setUp = (inMs: number) => {
    const clock = new FakeClock();
    server.putSecret({
      name: 'prod/rotating',
      value: ROTATING_V1,
      rotation: { nextRotationDate: clock.now() + inMs },
    });
    return clock;
  };

  it('makes a secret cached forever due at its NextRotationDate (DescribeSecret)', async () => {
    const clock = setUp(5_000);
    const wired = wire(server, { secrets: rotating, fetchRotationDate: true }, { clock });

    expect((await wired.invoke()).env.ROTATING).toBe(ROTATING_V1);
    expect(callCount(server, 'DescribeSecret')).toBe(1);
    server.rotateSecret({ name: 'prod/rotating', value: ROTATING_V2 });
    clock.advance(4_000);
    expect((await wired.invoke()).env.ROTATING).toBe(ROTATING_V1);
    clock.advance(2_000);

    expect((await wired.invoke()).env.ROTATING).toBe(ROTATING_V2);
  });

  it('keeps the value as configured without it', async () => {
    const clock = setUp(5_000);
    const wired = wire(server, { secrets: rotating }, { clock });

    await wired.invoke();
    server.rotateSecret({ name: 'prod/rotating', value: ROTATING_V2 });
    clock.advance(60_000);

    expect((await wired.invoke()).env.ROTATING).toBe(ROTATING_V1);
    expect(callCount(server, 'DescribeSecret')).toBe(0);
  });

  it('looks again a minute later when the rotation date has passed (a rotation under way)', async () => {
    const clock = setUp(-1_000);
    const wired = wire(server, { secrets: rotating, fetchRotationDate: true }, { clock });

    await wired.invoke();
    clock.advance(59_000);
    await wired.invoke();
    expect(callCount(server, 'GetSecretValue')).toBe(1);
    clock.advance(2_000);
    await wired.invoke();

    expect(callCount(server, 'GetSecretValue')).toBe(2);
  });
});

describe('the optional peer dependency', () => {
  const missing = async () => {
    throw Object.assign(new Error("Cannot find package '@aws-sdk/client-secrets-manager' imported from x"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
  };

  it('fails the first fetch with the install command when @aws-sdk/client-secrets-manager is missing', async () => {
    const { invoke } = wire(server, { secrets: ECS_SECRETS }, { loadSecretsManager: missing });

    const error = await failuresOf(invoke());

    expect(error.failures).toEqual([
      expect.objectContaining({
        key: 'DATABASE_PASSWORD',
        reason: 'unavailable',
        detail: expect.stringContaining('npm install @aws-sdk/client-secrets-manager'),
      }),
    ]);
  });

  it('uses the module given as secretsManagerSdk (a bundle with its own SDK), never loading one by name', async () => {
    let clients = 0;
    class CountedClient extends secretsManagerSdk.SecretsManagerClient {
      constructor(...args: ConstructorParameters<typeof SecretsManagerClient>) {
        super(...args);
        clients += 1;
      }
    }
    const { invoke } = wire(
      server,
      {
        secrets: ECS_SECRETS,
        secretsManagerSdk: { ...secretsManagerSdk, SecretsManagerClient: CountedClient },
      },
      { loadSecretsManager: missing },
    );

    const { env } = await invoke();

    expect(env.DATABASE_PASSWORD).toBe(PASSWORD);
    expect(clients).toBe(1);
  });

  it('refuses a secretsManagerSdk that is not the module, when the middleware is created', () => {
    expect(() => ssmEnv({ secrets: ECS_SECRETS, secretsManagerSdk: {} as never })).toThrow(
      /`secretsManagerSdk`.*@aws-sdk\/client-secrets-manager module/,
    );
  });

  it('is never loaded when no secret is read natively', async () => {
    let loads = 0;
    const { invoke } = wire(
      server,
      { secrets: ECS_SECRETS.slice(1) },
      {
        loadSecretsManager: () => {
          loads += 1;
          return missing();
        },
      },
    );

    const { env } = await invoke();

    expect(env).toEqual({ API_KEY, LOG_LEVEL: 'info' });
    expect(loads).toBe(0);
  });
});
