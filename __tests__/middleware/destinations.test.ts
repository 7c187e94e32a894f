/**
 * Where values go: process.env (names, prefixes, collisions, reserved names, overwrite rules, ownership on refresh),
 * the context and request.internal (parsing and its opt-out), and what happens when parameters are missing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import middy from '@middy/core';
import { NameCollisionError, ParameterResolutionError } from '../../src/errors.js';
import type { LocalSsm } from '../../src/testing.js';
import { callCount, lambdaContext, rejectionOf, startServer, wire } from '../helpers/harness.js';
import { registerSecret } from '../helpers/leakRegistry.js';

const DB_PASSWORD = registerSecret('destination-db-pw-secret');

let server: LocalSsm;

beforeAll(async () => {
  server = await startServer({
    parameters: [
      { name: '/myapp/prod/secrets/database-password', value: DB_PASSWORD, type: 'SecureString' },
      { name: '/myapp/prod/config/db-host', value: 'db.internal' },
      { name: '/myapp/prod/config/hosts', value: 'a,b,c', type: 'StringList' },
      { name: '/myapp/prod/config/flags', value: '{"beta":true}' },
      { name: '/myapp/prod/config/read.replica', value: 'replica.internal' },
      { name: '/collide/db-host', value: 'one' },
      { name: '/collide/db_host', value: 'two' },
      { name: '/reserved/aws-region', value: 'nope' },
      { name: '/proto/__proto__', value: '{"polluted":"yes"}' },
      { name: '/proto/constructor', value: 'still fine' },
    ],
  });
});

afterAll(() => server.close());
afterEach(() => {
  server.resetStats();
});

describe('process.env', () => {
  it('writes a path as conventional names derived from the part below it', async () => {
    const { invoke } = wire(server, { fetchData: { config: '/myapp/prod/config/' }, setToEnv: true });

    const { env } = await invoke();

    expect(env).toEqual({
      DB_HOST: 'db.internal',
      HOSTS: 'a,b,c',
      FLAGS: '{"beta":true}',
      READ_REPLICA: 'replica.internal',
    });
  });

  it('writes a name under its key, and a path under a prefix', async () => {
    const { invoke } = wire(server, {
      fetchData: {
        DATABASE_PASSWORD: '/myapp/prod/secrets/database-password',
        config: { path: '/myapp/prod/config/', envPrefix: 'APP_' },
      },
      setToEnv: true,
    });

    const { env } = await invoke();

    expect(env.DATABASE_PASSWORD).toBe(DB_PASSWORD);
    expect(env.APP_DB_HOST).toBe('db.internal');
  });

  it('takes a custom name mapping', async () => {
    const { invoke } = wire(server, {
      fetchData: { config: '/myapp/prod/config/' },
      setToEnv: true,
      toEnvName: (name) =>
        `X_${name
          .split('/')
          .pop()
          ?.replace(/[^A-Za-z]/g, '')}`,
    });

    const { env } = await invoke();

    expect(env.X_dbhost).toBe('db.internal');
  });

  it('keeps entries with env: false or envPrefix: false out of the environment', async () => {
    const { invoke } = wire(server, {
      fetchData: {
        password: { name: '/myapp/prod/secrets/database-password', env: false },
        config: { path: '/myapp/prod/config/', envPrefix: false },
      },
      setToEnv: true,
    });

    const { env, internal } = await invoke();

    expect(env).toEqual({});
    expect(internal.password).toBe(DB_PASSWORD);
  });

  it('fails when two parameters map to one name, naming both, and writes nothing', async () => {
    const { invoke, env } = wire(server, { fetchData: { c: '/collide/' }, setToEnv: true });

    const error = await rejectionOf(invoke());

    expect(error).toBeInstanceOf(NameCollisionError);
    expect((error as Error).message).toMatch(
      /\/collide\/db-host and \/collide\/db_host both map to .*DB_HOST/,
    );
    expect(env).toEqual({});
  });

  it('refuses names Lambda reserves', async () => {
    const { invoke } = wire(server, {
      fetchData: { r: { path: '/reserved/', envPrefix: '' } },
      setToEnv: true,
    });

    await expect(invoke()).rejects.toThrow('AWS_REGION, which Lambda reserves');
  });

  it('does not overwrite a variable the deployment set, unless asked', async () => {
    const kept = wire(
      server,
      { fetchData: { config: '/myapp/prod/config/' }, setToEnv: true },
      { env: { DB_HOST: 'from-deploy' } },
    );

    const seenKept = await kept.invoke();

    expect(seenKept.env.DB_HOST).toBe('from-deploy');
    expect(seenKept.env.HOSTS).toBe('a,b,c');
    expect(kept.logger.warnings.join('\n')).toContain('DB_HOST');

    const replaced = wire(
      server,
      { fetchData: { config: '/myapp/prod/config/' }, setToEnv: true, overwriteEnv: true },
      { env: { DB_HOST: 'from-deploy' } },
    );
    expect((await replaced.invoke()).env.DB_HOST).toBe('db.internal');
  });

  it('on refresh updates and removes only the variables it owns', async () => {
    const local = await startServer({
      parameters: [
        { name: '/own/a', value: '1' },
        { name: '/own/b', value: '2' },
      ],
    });
    try {
      const wired = wire(
        local,
        { fetchData: { own: '/own/' }, setToEnv: true, cacheExpiry: 0 },
        { env: { OTHER: 'x' } },
      );
      expect((await wired.invoke()).env).toEqual({ OTHER: 'x', A: '1', B: '2' });

      local.deleteParameter('/own/b');
      local.putParameter({ name: '/own/a', value: '1b' });

      expect((await wired.invoke()).env).toEqual({ OTHER: 'x', A: '1b' });
    } finally {
      await local.close();
    }
  });

  it('keeps __proto__ and constructor as plain keys (no prototype pollution)', async () => {
    const { invoke } = wire(server, {
      fetchData: { p: '/proto/', ['__proto__']: { name: '/proto/__proto__', env: false } },
      setToEnv: true,
      setToContext: true,
    });

    const { internal, env, context, prototypes } = await invoke();

    const group = internal.p as Record<string, unknown>;
    expect(Object.keys(group).sort()).toEqual(['_proto_', 'constructor']);
    // The value is a JSON object: set through the `__proto__` setter, it would become the prototype.
    expect(Object.getOwnPropertyDescriptor(internal, '__proto__')?.value).toEqual({ polluted: 'yes' });
    expect(Object.getOwnPropertyDescriptor(context, '__proto__')?.value).toEqual({ polluted: 'yes' });
    // Middy's request.internal has no prototype; the context is a plain object, whose setter would be hit.
    expect(prototypes.context).toBe(Object.prototype);
    expect(prototypes.internal).toBeNull();
    expect(group.constructor).toBe('still fine');
    expect(env.CONSTRUCTOR).toBe('still fine');
    expect(env.PROTO).toBe('{"polluted":"yes"}');
  });
});

describe('context and request.internal', () => {
  it('parses JSON and StringList as @middy/ssm does, and sets the context on request', async () => {
    const { invoke } = wire(server, {
      fetchData: {
        flags: '/myapp/prod/config/flags',
        hosts: '/myapp/prod/config/hosts',
        config: '/myapp/prod/config/',
      },
      setToContext: true,
    });

    const { internal, context } = await invoke();

    expect(internal.flags).toEqual({ beta: true });
    expect(internal.hosts).toEqual(['a', 'b', 'c']);
    expect((internal.config as Record<string, unknown>).read_replica).toBe('replica.internal');
    expect(context.flags).toEqual({ beta: true });
  });

  it('leaves values as text with parseValues: false', async () => {
    const { invoke } = wire(server, {
      fetchData: { flags: '/myapp/prod/config/flags', hosts: '/myapp/prod/config/hosts' },
      parseValues: false,
    });

    const { internal } = await invoke();

    expect(internal).toMatchObject({ flags: '{"beta":true}', hosts: 'a,b,c' });
  });

  it("replaces Middy's empty request.internal by a copy without a prototype, and writes into any other in place", async () => {
    const { middleware } = wire(server, {
      fetchData: { host: '/myapp/prod/config/db-host', flags: '/myapp/prod/config/flags' },
    });
    const seen: { original?: object; after?: Record<string, unknown>; prototype?: unknown } = {};
    const alone = middy(async () => undefined)
      .use({
        before: (request) => {
          seen.original = request.internal;
        },
      })
      .use(middleware)
      .use({
        before: (request) => {
          seen.after = request.internal as Record<string, unknown>;
          seen.prototype = Object.getPrototypeOf(request.internal);
        },
      });
    await alone({}, lambdaContext());
    // A fast-mode copy is the point (the warm benchmark): the dictionary Middy made is not written to.
    expect(seen.after).not.toBe(seen.original);
    expect(seen.prototype).toBeNull();
    expect({ ...seen.after }).toEqual({ host: 'db.internal', flags: { beta: true } });

    // What a middleware before this one wrote stays, and this one's values win a shared key, as with @middy/ssm.
    const afterAnother = middy(async () => undefined)
      .use({
        before: (request) => {
          Object.assign(request.internal, { token: 'earlier', host: 'earlier' });
          seen.original = request.internal;
        },
      })
      .use(middleware)
      .use({
        before: (request) => {
          seen.after = request.internal as Record<string, unknown>;
        },
      });
    await afterAnother({}, lambdaContext());
    expect(seen.after).toBe(seen.original);
    expect({ ...seen.after }).toEqual({ token: 'earlier', host: 'db.internal', flags: { beta: true } });

    // A script's own object is filled in place, so the reference it holds sees the values.
    const internal: Record<string, unknown> = {};
    await middleware.before({ context: lambdaContext() as never, internal });
    expect(internal).toEqual({ host: 'db.internal', flags: { beta: true } });
  });

  it('does not touch the context without setToContext', async () => {
    const { invoke } = wire(server, { fetchData: { host: '/myapp/prod/config/db-host' } });

    const { context, internal } = await invoke();

    expect(context.host).toBeUndefined();
    expect(internal.host).toBe('db.internal');
  });
});

describe('missing parameters', () => {
  it('reports every missing or inaccessible key in one error, names only', async () => {
    server.faults.denyPath('/myapp/prod/secrets/');
    try {
      const { invoke } = wire(server, {
        fetchData: {
          host: '/myapp/prod/config/db-host',
          gone: '/myapp/prod/config/gone',
          alsoGone: '/nowhere/x',
          password: '/myapp/prod/secrets/database-password',
        },
      });

      const error = (await rejectionOf(invoke())) as ParameterResolutionError;

      expect(error).toBeInstanceOf(ParameterResolutionError);
      expect(error.failures.map((f) => [f.key, f.reason]).sort()).toEqual([
        ['alsoGone', 'not-found'],
        ['gone', 'not-found'],
        ['password', 'access-denied'],
      ]);
      expect(error.message).toContain('grant ssm:GetParameters');
      expect(error.message).toContain('/myapp/prod/config/gone');
    } finally {
      server.faults.clear();
    }
  });

  it('resolves optional keys to undefined and defaulted keys to their default', async () => {
    const { invoke } = wire(server, {
      fetchData: {
        host: '/myapp/prod/config/db-host',
        maybe: { name: '/myapp/prod/config/missing', optional: true },
        withDefault: { name: '/myapp/prod/config/missing-too', default: 'fallback' },
      },
      setToEnv: true,
    });

    const { internal, env } = await invoke();

    expect(internal).toMatchObject({ host: 'db.internal', maybe: undefined, withDefault: 'fallback' });
    expect(env).toEqual({ host: 'db.internal', withDefault: 'fallback' });
  });

  it('fails a required path with nothing under it, and accepts an optional one', async () => {
    const required = wire(server, { fetchData: { empty: '/empty/' } });
    await expect(required.invoke()).rejects.toThrow('no parameters under this path');

    const optional = wire(server, { fetchData: { empty: { path: '/empty/', optional: true } } });
    expect((await optional.invoke()).internal.empty).toEqual({});
  });

  it('applies nothing when a fetch fails part-way through a path', async () => {
    const local = await startServer({
      parameters: Array.from({ length: 30 }, (_, i) => ({
        name: `/big/p${String(i).padStart(2, '0')}`,
        value: `${i}`,
      })),
    });
    try {
      local.faults.script(['ok', 'accessDenied'], { operations: ['GetParametersByPath'] });
      const wired = wire(local, { fetchData: { big: '/big/', one: '/big/p00x' }, setToEnv: true });

      await expect(wired.invoke()).rejects.toThrow(ParameterResolutionError);
      expect(wired.env).toEqual({});
      expect(callCount(local, 'GetParametersByPath')).toBe(2);
    } finally {
      await local.close();
    }
  });
});
