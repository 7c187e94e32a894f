/**
 * Where values come from: paths, names, selectors, ARNs, Secrets Manager references and env references — through the
 * real SDK against the local server, with exact call counts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ParameterResolutionError } from '../../src/errors.js';
import type { LocalSsm, SeedParameter } from '../../src/testing.js';
import { callCount, rejectionOf, startServer, wire } from '../helpers/harness.js';
import { registerSecret } from '../helpers/leakRegistry.js';

const DB_PASSWORD = registerSecret('pw-0a9f3c-secret');
const API_KEY = registerSecret('api-key-77e1-secret');
const SM_SECRET = registerSecret(JSON.stringify({ username: 'app', password: 'sm-pass-4411-secret' }));
registerSecret('sm-pass-4411-secret');
const SM_PREVIOUS = registerSecret(JSON.stringify({ username: 'app', password: 'sm-old-pass-9902-secret' }));
registerSecret('sm-old-pass-9902-secret');

const manyUnder = (prefix: string, count: number): SeedParameter[] =>
  Array.from({ length: count }, (_, index) => ({
    name: `${prefix}p${String(index).padStart(3, '0')}`,
    value: `v${index}`,
  }));

let server: LocalSsm;

beforeAll(async () => {
  server = await startServer({
    parameters: [
      ...manyUnder('/bulk/', 25),
      { name: '/myapp/prod/secrets/database-password', value: DB_PASSWORD, type: 'SecureString' },
      { name: '/myapp/prod/secrets/api-key', value: API_KEY, type: 'SecureString' },
      { name: '/myapp/prod/config/db-host', value: 'db.internal' },
      { name: '/myapp/prod/config/hosts', value: 'a,b,c', type: 'StringList' },
      { name: '/myapp/prod/config/flags', value: '{"beta":true}' },
      { name: '/myapp/prod/config/nested/deep', value: 'deep-value' },
      { name: '/shared/key', value: 'version-one' },
      { name: '/plain-name', value: 'plain' },
    ],
    secrets: [{ name: 'prod/db', value: SM_SECRET, previous: SM_PREVIOUS }],
  });
  server.putParameter({ name: '/shared/key', value: 'version-two' });
  server.labelParameterVersion('/shared/key', ['stable'], 1);
});

afterAll(() => server.close());
afterEach(() => {
  server.resetStats();
});

describe('by path', () => {
  it('pages a path to the end at 10 a page: ceil(n/10) calls', async () => {
    const { invoke } = wire(server, { fetchData: { bulk: '/bulk/' } });

    const { internal } = await invoke();

    expect(Object.keys(internal.bulk as object)).toHaveLength(25);
    expect(callCount(server, 'GetParametersByPath')).toBe(3);
  });

  it('follows best-effort pages: short and empty pages that still carry a token', async () => {
    server.faults.paging({ mode: 'script', pageSizes: [3, 0, 0, 7, 1] });
    try {
      const { invoke } = wire(server, { fetchData: { bulk: '/bulk/' } });

      const { internal } = await invoke();

      expect(Object.keys(internal.bulk as object)).toHaveLength(25);
      expect(callCount(server, 'GetParametersByPath')).toBeGreaterThan(3);
    } finally {
      server.faults.paging('full');
    }
  });

  it('is recursive by default and can be limited to direct children', async () => {
    const recursive = wire(server, { fetchData: { config: '/myapp/prod/config/' } });
    const shallow = wire(server, {
      fetchData: { config: { path: '/myapp/prod/config/', recursive: false } },
    });

    const deep = (await recursive.invoke()).internal.config as Record<string, unknown>;
    const flat = (await shallow.invoke()).internal.config as Record<string, unknown>;

    expect(deep.nested_deep).toBe('deep-value');
    expect(flat.nested_deep).toBeUndefined();
    expect(flat.db_host).toBe('db.internal');
  });

  it('filters a path by type', async () => {
    const { invoke } = wire(server, {
      fetchData: { secrets: { path: '/myapp/prod/', types: ['SecureString'] } },
    });

    const { internal } = await invoke();

    expect(Object.keys(internal.secrets as object).sort()).toEqual([
      'secrets_api_key',
      'secrets_database_password',
    ]);
  });

  it('fetches a path with a manifest by name instead of paging', async () => {
    const manifest = manyUnder('/bulk/', 25).map((parameter) => parameter.name);
    const { invoke } = wire(server, { fetchData: { bulk: { path: '/bulk/', manifest } } });

    const { internal } = await invoke();

    expect(Object.keys(internal.bulk as object)).toHaveLength(25);
    expect(callCount(server, 'GetParametersByPath')).toBe(0);
    expect(callCount(server, 'GetParameters')).toBe(3);
  });

  it('fails on a manifest name SSM no longer has, naming it', async () => {
    const { invoke } = wire(server, {
      fetchData: { bulk: { path: '/bulk/', manifest: ['/bulk/p001', '/bulk/gone'] } },
    });

    await expect(invoke()).rejects.toThrow('/bulk/gone');
  });
});

describe('by name', () => {
  it('batches 10 names per GetParameters call', async () => {
    const fetchData = Object.fromEntries(
      manyUnder('/bulk/', 25).map((parameter, index) => [`k${index}`, parameter.name]),
    );
    const { invoke } = wire(server, { fetchData });

    const { internal } = await invoke();

    expect(internal.k24).toBe('v24');
    expect(callCount(server, 'GetParameters')).toBe(3);
  });

  it('honours awsRequestLimit as the batch size', async () => {
    const fetchData = Object.fromEntries(
      manyUnder('/bulk/', 9).map((parameter, index) => [`k${index}`, parameter.name]),
    );
    const { invoke } = wire(server, { fetchData, awsRequestLimit: 2 });

    await invoke();

    expect(callCount(server, 'GetParameters')).toBe(5);
  });

  it('fetches the same parameter asked for twice once', async () => {
    const { invoke } = wire(server, { fetchData: { a: '/shared/key', b: '/shared/key', c: '/plain-name' } });

    const { internal } = await invoke();

    expect(internal).toMatchObject({ a: 'version-two', b: 'version-two', c: 'plain' });
    expect(callCount(server, 'GetParameters')).toBe(1);
  });

  it('reads a name covered by a requested path from the path, not a second call', async () => {
    const { invoke } = wire(server, {
      fetchData: { config: '/myapp/prod/config/', host: '/myapp/prod/config/db-host' },
    });

    const { internal } = await invoke();

    expect(internal.host).toBe('db.internal');
    expect(callCount(server, 'GetParameters')).toBe(0);
    expect(callCount(server, 'GetParametersByPath')).toBe(1);
  });

  it('resolves version and label selectors, none of them undefined', async () => {
    const { invoke } = wire(server, {
      fetchData: {
        latest: '/shared/key',
        first: '/shared/key:1',
        second: '/shared/key:2',
        stable: '/shared/key:stable',
      },
    });

    const { internal } = await invoke();

    expect(internal).toMatchObject({
      latest: 'version-two',
      first: 'version-one',
      second: 'version-two',
      stable: 'version-one',
    });
    expect(callCount(server, 'GetParameters')).toBe(1);
  });

  it.each(['aws', 'aws-cn', 'aws-us-gov'])('resolves a full ARN in the %s partition', async (partition) => {
    const region = { aws: 'us-east-1', 'aws-cn': 'cn-north-1', 'aws-us-gov': 'us-gov-west-1' }[
      partition
    ] as string;
    const local = await startServer(
      { parameters: [{ name: '/shared/key', value: `in-${partition}` }] },
      { region },
    );
    try {
      const arn = `arn:${partition}:ssm:${region}:123456789012:parameter/shared/key`;
      const { invoke } = wire(local, { fetchData: { byArn: arn, byArnWithVersion: `${arn}:1` } });

      const { internal } = await invoke();

      expect(internal).toMatchObject({ byArn: `in-${partition}`, byArnWithVersion: `in-${partition}` });
    } finally {
      await local.close();
    }
  });

  it('resolves Secrets Manager references, a stage, and one JSON key', async () => {
    const { invoke } = wire(server, {
      fetchData: {
        whole: '/aws/reference/secretsmanager/prod/db',
        password: '/aws/reference/secretsmanager/prod/db#password',
        previous: { name: '/aws/reference/secretsmanager/prod/db:AWSPREVIOUS', jsonKey: 'password' },
      },
    });

    const { internal } = await invoke();

    expect(internal.whole).toEqual({ username: 'app', password: 'sm-pass-4411-secret' });
    expect(internal.password).toBe('sm-pass-4411-secret');
    expect(internal.previous).toBe('sm-old-pass-9902-secret');
  });

  it('reports a JSON key missing from a secret without showing the secret', async () => {
    const { invoke } = wire(server, { fetchData: { host: '/aws/reference/secretsmanager/prod/db#host' } });

    const error = await rejectionOf(invoke());

    expect(error).toBeInstanceOf(ParameterResolutionError);
    expect((error as ParameterResolutionError).failures).toEqual([
      expect.objectContaining({ key: 'host', reason: 'json-key-missing' }),
    ]);
  });
});

describe('env references', () => {
  it('replaces ssm: and secretsmanager: references in the environment, leaving other values alone', async () => {
    const env: NodeJS.ProcessEnv = {
      DATABASE_PASSWORD: 'ssm:/myapp/prod/secrets/database-password',
      API_KEY: 'ssm:///myapp/prod/secrets/api-key',
      SHARED: 'ssm:arn:aws:ssm:us-east-1:123456789012:parameter/shared/key:1',
      DB_USER: 'secretsmanager:prod/db#username',
      PLAIN: 'postgres://db:5432',
    };
    const { invoke } = wire(server, { resolveEnvReferences: true }, { env });

    const seen = await invoke();

    expect(seen.env).toEqual({
      DATABASE_PASSWORD: DB_PASSWORD,
      API_KEY: API_KEY,
      SHARED: 'version-one',
      DB_USER: 'app',
      PLAIN: 'postgres://db:5432',
    });
    expect(callCount(server, 'GetParameters')).toBe(1);
  });

  it('refuses a fetchData key that is also an env reference, at creation', () => {
    const env = { DATABASE_PASSWORD: 'ssm:/myapp/prod/secrets/database-password' };

    expect(() =>
      wire(server, { fetchData: { DATABASE_PASSWORD: '/other' }, resolveEnvReferences: true }, { env }),
    ).toThrow(/fetchData\.DATABASE_PASSWORD.*environment variable DATABASE_PASSWORD/);
  });

  it('fails naming the variable whose reference is missing', async () => {
    const env = { MISSING: 'ssm:/myapp/prod/nope' };
    const { invoke } = wire(server, { resolveEnvReferences: true }, { env });

    await expect(invoke()).rejects.toThrow(/MISSING: \/myapp\/prod\/nope — not found/);
  });
});
