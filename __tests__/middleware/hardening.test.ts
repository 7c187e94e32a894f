/**
 * Bad input fails when the middleware is created, naming the option; collisions name both parameters; nothing the
 * deployment set is lost; keys that are Object.prototype members stay plain keys.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NameCollisionError, ParameterResolutionError } from '../../src/errors.js';
import { createSsmEnv } from '../../src/middleware/ssmEnv.js';
import type { LocalSsm } from '../../src/testing.js';
import type { SsmEnvOptions } from '../../src/types.js';
import { FakeClock } from '../helpers/fakeClock.js';
import { rejectionOf, startServer, wire } from '../helpers/harness.js';

let server: LocalSsm;
beforeAll(async () => {
  server = await startServer({
    parameters: [
      { name: '/keys/db-host', value: 'one' },
      { name: '/keys/db_host', value: 'two' },
      { name: '/app/log-level', value: 'debug' },
      { name: '/odd/__proto__', value: 'proto-value' },
      { name: '/odd/constructor', value: 'constructor-value' },
    ],
  });
});
afterAll(() => server.close());

const create = (options: SsmEnvOptions) => () => createSsmEnv(options, { clock: new FakeClock(), env: {} });

describe('refused at creation, naming the option', () => {
  it.each([
    [
      'a reserved name through `env: undefined`',
      { fetchData: { AWS_REGION: { name: '/app/region', env: undefined } }, setToEnv: true },
      /`fetchData\.AWS_REGION` would write AWS_REGION, which Lambda reserves/,
    ],
    ['an empty `types` filter', { fetchData: { p: { path: '/app/', types: [] } } }, /`fetchData\.p\.types`/],
    [
      'an envPrefix Lambda reserves',
      { fetchData: { p: { path: '/app/', envPrefix: 'AWS_' } }, setToEnv: true },
      /`fetchData\.p\.envPrefix` 'AWS_' would write names Lambda reserves/,
    ],
    [
      'a path deeper than 15 levels',
      { fetchData: { p: `/${Array.from({ length: 15 }, (_, i) => `l${i}`).join('/')}/` } },
      /`fetchData\.p`: .*at most 15 levels deep/,
    ],
    [
      'a hierarchical name without its leading slash',
      { fetchData: { x: 'myapp/prod/x' } },
      /`fetchData\.x`: .*a name in a hierarchy must begin with `\/`/,
    ],
    [
      'a setToContext key that is a Lambda context member',
      { fetchData: { getRemainingTimeInMillis: '/app/log-level' }, setToContext: true },
      /`fetchData\.getRemainingTimeInMillis` would replace the Lambda context's own/,
    ],
    [
      'another context member',
      { fetchData: { awsRequestId: '/app/log-level' }, setToContext: true },
      /`fetchData\.awsRequestId`/,
    ],
  ] as const)('%s', (_label, options, message) => {
    expect(create(options as SsmEnvOptions)).toThrow(message);
  });

  it('still accepts a simple name without a slash, and context-member keys without setToContext', () => {
    expect(create({ fetchData: { x: 'MyParameter' } })).not.toThrow();
    expect(create({ fetchData: { awsRequestId: '/app/log-level' } })).not.toThrow();
  });
});

describe('collisions name both parameters', () => {
  it('fails when two parameters under a path map to one request.internal key', async () => {
    const { invoke } = wire(server, { fetchData: { k: '/keys/' } });

    const error = await rejectionOf(invoke());

    expect(error).toBeInstanceOf(NameCollisionError);
    expect((error as Error).message).toBe(
      'middy-ssm-env: /keys/db-host and /keys/db_host both map to the key k.db_host.',
    );
  });
});

describe('nothing the deployment set is lost', () => {
  it('restores the deployment value when a parameter that overwrote it is deleted', async () => {
    const local = await startServer({ parameters: [{ name: '/app/log-level', value: 'debug' }] });
    try {
      const clock = new FakeClock();
      const env: NodeJS.ProcessEnv = { LOG_LEVEL: 'info' };
      const wired = wire(
        local,
        {
          fetchData: { app: { path: '/app/', optional: true } },
          setToEnv: true,
          overwriteEnv: true,
          cacheExpiry: 1000,
        },
        { clock, env },
      );
      expect((await wired.invoke()).env.LOG_LEVEL).toBe('debug');

      local.deleteParameter('/app/log-level');
      clock.advance(2000);

      expect((await wired.invoke()).env.LOG_LEVEL).toBe('info');
    } finally {
      await local.close();
    }
  });
});

describe('keys that are Object.prototype members', () => {
  it('writes __proto__ and constructor to the environment as plain variables', async () => {
    const env: NodeJS.ProcessEnv = {};
    const wired = wire(
      server,
      {
        fetchData: {
          // A computed key is an own property; a literal `__proto__:` would set the prototype.
          ['__proto__']: { name: '/odd/__proto__' },
          constructor: { name: '/odd/constructor' },
        },
        setToEnv: true,
      },
      { env },
    );

    await wired.invoke();

    expect(Object.getOwnPropertyDescriptor(env, '__proto__')?.value).toBe('proto-value');
    expect(Object.getOwnPropertyDescriptor(env, 'constructor')?.value).toBe('constructor-value');
    expect(Object.getPrototypeOf(env)).toBe(Object.prototype);
    expect(wired.logger.warnings).toEqual([]);
  });
});

describe('clear messages', () => {
  it('names a connection reset mid-response', async () => {
    server.faults.clear();
    server.faults.add({ kind: 'reset' });
    try {
      const wired = wire(
        server,
        { fetchData: { x: '/app/log-level' }, retry: { retries: 1 } },
        { clock: new FakeClock() },
      );

      const error = (await rejectionOf(wired.invoke())) as ParameterResolutionError;

      expect(error).toBeInstanceOf(ParameterResolutionError);
      expect(error.message).toContain('the connection dropped mid-response');
      expect(error.message).not.toContain('Error (HTTP 200)');
    } finally {
      server.faults.clear();
    }
  });
});
