/**
 * Compatibility with @middy/ssm's options (switching is a change of import), the init-phase prefetch, and option
 * validation at creation.
 */

import { SSMClient, type SSMClientConfig } from '@aws-sdk/client-ssm';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import middy from '@middy/core';
import { getInternal } from '@middy/util';
import type { Context } from 'aws-lambda';
import { systemClock } from '../../src/core/clock.js';
import ssmEnvDefault, { ssmEnv, ssmEnvValidateOptions } from '../../src/index.js';
import { createSsmEnv } from '../../src/middleware/ssmEnv.js';
import type { LocalSsm } from '../../src/testing.js';
import type { SsmEnvOptions } from '../../src/types.js';
import {
  callCount,
  lambdaContext,
  RecordingLogger,
  resetCaches,
  startServer,
  waitFor,
  wire,
} from '../helpers/harness.js';

let server: LocalSsm;

beforeAll(async () => {
  server = await startServer({
    parameters: [
      { name: '/app/db/host', value: 'db.internal' },
      { name: '/app/db/port', value: '5432' },
      { name: '/app/json', value: '{"a":1}' },
    ],
  });
});

afterAll(() => server.close());
afterEach(() => {
  resetCaches();
  server.resetStats();
  server.faults.clear();
});

describe('@middy/ssm options', () => {
  it('exports the factory as default and named, returning a named before', () => {
    const middleware = ssmEnvDefault({ fetchData: { host: '/app/db/host' }, disablePrefetch: true });

    expect(ssmEnvDefault).toBe(ssmEnv);
    expect(middleware.before.name).toBe('ssmEnvMiddlewareBefore');
  });

  it('works as a drop-in: fetchData paths and names, setToContext, getInternal', async () => {
    let seen: Record<string, unknown> = {};
    const handler = middy(async (_event: unknown, context: Context) => context)
      .use(
        ssmEnv({
          fetchData: { db: '/app/db/', json: '/app/json' },
          setToContext: true,
          awsClientOptions: server.clientConfig(),
          disablePrefetch: true,
        }),
      )
      .before(async (request) => {
        seen = await getInternal({ db: 'db', json: 'json' }, request);
      });

    const context = (await handler({}, lambdaContext())) as unknown as Record<string, unknown>;

    expect(seen).toEqual({ db: { host: 'db.internal', port: '5432' }, json: { a: 1 } });
    expect(context.json).toEqual({ a: 1 });
  });

  it('applies cacheKeyExpiry by cacheKey', async () => {
    const wired = wire(server, {
      fetchData: { host: '/app/db/host' },
      cacheKey: 'k1',
      cacheKeyExpiry: { k1: 0 },
    });

    await wired.invoke();
    await wired.invoke();

    expect(callCount(server, 'GetParameters')).toBe(2);
  });

  it('uses a given AwsClient class with its own retries switched off', async () => {
    const configs: SSMClientConfig[] = [];
    class RecordingClient extends SSMClient {
      constructor(config: SSMClientConfig) {
        configs.push(config);
        super(config);
      }
    }
    const wired = wire(server, { fetchData: { host: '/app/db/host' }, AwsClient: RecordingClient });

    await wired.invoke();

    expect(configs).toHaveLength(1);
    expect(configs[0]?.maxAttempts).toBe(1);
  });

  it('moves a migrating maxAttempts into its own retry layer', async () => {
    server.faults.script(['internalError', 'internalError', 'internalError'], {
      operations: ['GetParameters'],
    });
    const wired = wire(server, {
      fetchData: { host: '/app/db/host' },
      awsClientOptions: { maxAttempts: 3 },
      retry: { baseDelay: 0 },
    });

    await expect(wired.invoke()).rejects.toThrow('InternalServerError');
    expect(callCount(server, 'GetParameters')).toBe(3);
  });

  it('leaves a maxAttempts provider function to the SDK and keeps its own retries', async () => {
    server.faults.script(['internalError', 'internalError'], { operations: ['GetParameters'] });
    const wired = wire(server, {
      fetchData: { host: '/app/db/host' },
      awsClientOptions: { maxAttempts: async () => 5 },
      retry: { baseDelay: 0 },
    });

    expect((await wired.invoke()).internal.host).toBe('db.internal');
    expect(callCount(server, 'GetParameters')).toBe(3);
  });

  it('takes credentials from request.internal with awsClientAssumeRole', async () => {
    const handler = middy(async () => 'ok')
      .before(async (request) => {
        (request.internal as Record<string, unknown>).roleCredentials = Promise.resolve({
          accessKeyId: 'AKIDROLE',
          secretAccessKey: 'x',
        });
      })
      .use(
        ssmEnv({
          fetchData: { host: '/app/db/host' },
          awsClientAssumeRole: 'roleCredentials',
          awsClientOptions: { endpoint: server.endpoint, region: 'us-east-1' },
        }),
      );

    await handler({}, lambdaContext());

    expect(server.stats().byCaller.AKIDROLE?.ok).toBe(1);
  });

  it('wraps the client with awsClientCapture when prefetch is off', async () => {
    const capture = jest.fn((client: SSMClient) => client);
    const wired = wire(server, { fetchData: { host: '/app/db/host' }, awsClientCapture: capture });

    await wired.invoke();

    expect(capture).toHaveBeenCalledTimes(1);
  });
});

/** The variables Lambda sets where an init phase exists (the prefetch runs only there). */
const LAMBDA_ENV = { AWS_LAMBDA_FUNCTION_NAME: 'fn', AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001' };

describe('prefetch', () => {
  const make = (options: SsmEnvOptions, env: NodeJS.ProcessEnv = { ...LAMBDA_ENV }) =>
    createSsmEnv(
      { logger: new RecordingLogger(), awsClientOptions: server.clientConfig(), ...options },
      { clock: systemClock, env },
    );

  it('starts fetching at creation (init phase) and the first invocation uses it', async () => {
    const middleware = make({ fetchData: { host: '/app/db/host' } });
    await waitFor(() => server.stats().byOperation.GetParameters?.ok === 1);

    const handler = middy(async () => 'ok').use(middleware);
    await handler({}, lambdaContext());

    expect(callCount(server, 'GetParameters')).toBe(1);
  });

  it('does not prefetch with disablePrefetch or cacheExpiry 0', async () => {
    make({ fetchData: { host: '/app/db/host' }, disablePrefetch: true });
    make({ fetchData: { port: '/app/db/port' }, cacheExpiry: 0 });
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(callCount(server, 'GetParameters')).toBe(0);
  });

  it.each<[string, NodeJS.ProcessEnv]>([
    ['outside Lambda', {}],
    ['with only AWS_LAMBDA_FUNCTION_NAME set (as for a logger)', { AWS_LAMBDA_FUNCTION_NAME: 'fn' }],
  ])('does not prefetch %s: the first invocation fetches', async (_label, env) => {
    const middleware = make({ fetchData: { host: '/app/db/host' } }, env);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(callCount(server, 'GetParameters')).toBe(0);

    await middy(async () => 'ok').use(middleware)({}, lambdaContext());

    expect(callCount(server, 'GetParameters')).toBe(1);
  });

  it('leaves no unhandled rejection when the prefetch fails, and the invocation reports it', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const middleware = make({ fetchData: { missing: '/app/missing' } });
      await waitFor(() => callCount(server, 'GetParameters') === 1);
      const handler = middy(async () => 'ok').use(middleware);

      await expect(handler({}, lambdaContext())).rejects.toThrow('/app/missing');
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('client creation', () => {
  it('reports a client that cannot be created from before, with no unhandled rejection at load', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    class BrokenClient extends SSMClient {
      constructor(config: SSMClientConfig) {
        super(config);
        throw new Error('cannot build client');
      }
    }
    try {
      const middleware = createSsmEnv(
        { fetchData: { host: '/app/db/host' }, AwsClient: BrokenClient, logger: new RecordingLogger() },
        { clock: systemClock, env: { ...LAMBDA_ENV } },
      );
      const handler = middy(async () => 'ok').use(middleware);

      await expect(handler({}, lambdaContext())).rejects.toThrow('cannot build client');
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('option validation at creation', () => {
  it.each<[string, unknown, string | RegExp]>([
    ['unknown key (typo)', { fetchData: { a: '/a' }, cacheExpiy: 1 }, 'unknown option `cacheExpiy`'],
    ['empty configuration', {}, '`fetchData`'],
    ['fetchData not an object', { fetchData: '/a' }, '`fetchData`'],
    ['a path without a leading slash', { fetchData: { a: 'app/' } }, 'fetchData.a'],
    ['a malformed name', { fetchData: { a: '/a b' } }, /fetchData\.a.*letters, digits/],
    ['a malformed ARN', { fetchData: { a: 'arn:aws:ssm:us-east-1:1:parameter/x' } }, /fetchData\.a.*ARN/],
    ['cacheExpiry below -1', { fetchData: { a: '/a' }, cacheExpiry: -2 }, '`cacheExpiry`'],
    ['setToEnv not boolean', { fetchData: { a: '/a' }, setToEnv: 'yes' }, '`setToEnv` to be a boolean'],
    ['awsRequestLimit over 10', { fetchData: { a: '/a' }, awsRequestLimit: 11 }, '`awsRequestLimit`'],
    ['an unknown retry option', { fetchData: { a: '/a' }, retry: { tries: 3 } }, '`retry.tries`'],
    ['a negative retries', { fetchData: { a: '/a' }, retry: { retries: -1 } }, '`retry.retries`'],
    ['both name and path', { fetchData: { a: { name: '/a', path: '/b/' } } }, 'exactly one of'],
    ['default on a path', { fetchData: { a: { path: '/a/', default: 'x' } } }, 'fetchData.a.default'],
    [
      'a manifest name outside its path',
      { fetchData: { a: { path: '/a/', manifest: ['/b/c'] } } },
      'not under /a/',
    ],
    ['a reserved env name', { fetchData: { AWS_REGION: '/a' }, setToEnv: true }, 'Lambda reserves'],
    ['a key unusable as an env name', { fetchData: { 'my-key': '/a' }, setToEnv: true }, 'fetchData.my-key'],
    ['a logger without warn', { fetchData: { a: '/a' }, logger: {} }, '`logger`'],
  ])('rejects %s with a TypeError naming the option', (_label, options, message) => {
    expect(() => ssmEnv(options as SsmEnvOptions)).toThrow(TypeError);
    expect(() => ssmEnv(options as SsmEnvOptions)).toThrow(message);
  });

  it('accepts a complete, valid configuration and exports its validator', () => {
    const options: SsmEnvOptions = {
      fetchData: {
        a: '/a',
        b: { name: '/b:3', optional: true, cacheExpiry: 1000 },
        c: { path: '/c/', recursive: false, types: ['SecureString'], label: 'prod', envPrefix: 'C_' },
      },
      setToEnv: false,
      cacheExpiry: 60_000,
      retry: { retries: 3, jitter: true },
      disablePrefetch: true,
    };
    expect(() => ssmEnvValidateOptions(options)).not.toThrow();
  });
});
