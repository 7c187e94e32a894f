/**
 * Middy's error convention: every error a middleware throws carries `cause: { package }`, with `data` where there is
 * more to say. `@middy/ssm` uses `'@middy/ssm'`; this package uses its own name.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EnvNameError, NameCollisionError, ParameterResolutionError, ssmEnv } from '../../src/index.js';
import type { LocalSsm } from '../../src/testing.js';
import type { SsmEnvOptions } from '../../src/types.js';
import { resetCaches, startServer, wire } from '../helpers/harness.js';

let server: LocalSsm;
beforeAll(async () => {
  server = await startServer({
    parameters: [
      { name: '/app/a-b', value: '1' },
      { name: '/app/a_b', value: '2' },
    ],
  });
});
afterAll(async () => {
  resetCaches();
  await server.close();
});

describe('cause.package', () => {
  it('is on a TypeError for bad options, at creation', () => {
    const create = () => ssmEnv({ fetchData: { a: '/a' }, cacheExpiry: -5 });

    expect(create).toThrow(TypeError);
    expect(() => create()).toThrow(expect.objectContaining({ cause: { package: 'middy-ssm-env' } }));
  });

  it('keeps the underlying error of a reworded TypeError as data', () => {
    let caught: unknown;
    try {
      ssmEnv({ fetchData: { a: 'arn:aws:ssm:us-east-1:1:parameter/x' } } as SsmEnvOptions);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(TypeError);
    expect((caught as Error).cause).toEqual({ package: 'middy-ssm-env', data: expect.any(TypeError) });
  });

  it('is on a ParameterResolutionError, with the failures as data', async () => {
    const wired = wire(server, { fetchData: { gone: '/app/gone' } });

    const error = await wired.invoke().then(
      () => undefined,
      (caught: unknown) => caught as ParameterResolutionError,
    );

    expect(error).toBeInstanceOf(ParameterResolutionError);
    expect(error?.cause).toEqual({ package: 'middy-ssm-env', data: error?.failures });
    expect(error?.failures).toEqual([expect.objectContaining({ key: 'gone', reason: 'not-found' })]);
  });

  it('is on a NameCollisionError thrown at fetch time', async () => {
    const wired = wire(server, { fetchData: { app: '/app/' }, setToEnv: true });

    await expect(wired.invoke()).rejects.toThrow(
      expect.objectContaining({ name: 'NameCollisionError', cause: { package: 'middy-ssm-env' } }),
    );
  });

  it('is on every error class by default', () => {
    expect(new EnvNameError('x').cause).toEqual({ package: 'middy-ssm-env' });
    expect(new NameCollisionError('/a', '/b', 'A', 'key').cause).toEqual({ package: 'middy-ssm-env' });
  });
});
