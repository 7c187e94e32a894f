/**
 * What a new user sees when something is set up wrong: no region, no credentials, nothing listening, and a path
 * written without its trailing slash. Each message names the key, the SDK's own words, and the fix — never a value.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import middy from '@middy/core';
import { systemClock } from '../../src/core/clock.js';
import { ParameterResolutionError } from '../../src/errors.js';
import { MAX_PATH_PROBES } from '../../src/fetch/pathHint.js';
import { createSsmEnv } from '../../src/middleware/ssmEnv.js';
import type { LocalSsm } from '../../src/testing.js';
import type { SsmEnvOptions } from '../../src/types.js';
import { callCount, RecordingLogger, resetCaches, startServer, wire } from '../helpers/harness.js';
import { captureError, registerSecret } from '../helpers/leakRegistry.js';

const SECRET = registerSecret('config-db-password-secret');
let server: LocalSsm;

beforeAll(async () => {
  server = await startServer({
    parameters: [
      { name: '/myapp/prod/config/db-host', value: 'db.internal' },
      { name: '/myapp/prod/config/db/password', value: SECRET, type: 'SecureString' },
      { name: '/myapp/prod/other', value: 'x' },
    ],
  });
});
afterAll(() => server.close());
afterEach(() => {
  resetCaches();
  server.resetStats();
  server.faults.clear();
});

/** The error the first invocation fails with. */
const failure = async (options: SsmEnvOptions) => {
  const wired = wire(server, { retry: { baseDelay: 0 }, ...options });
  const error = await wired.invoke().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ParameterResolutionError))
    throw new Error(`expected a ParameterResolutionError: ${error}`);
  return error;
};

describe('a name that is a path without its trailing slash', () => {
  it('says "did you mean the path", after one value-free check', async () => {
    const error = await failure({ fetchData: { config: '/myapp/prod/config' } });

    expect(error.message).toContain(
      'config: /myapp/prod/config — not found (listed in InvalidParameters) — did you mean the path `/myapp/prod/config/`?',
    );
    expect(error.failures[0]?.reason).toBe('not-found');
    expect(callCount(server, 'GetParametersByPath')).toBe(1);
  });

  it('adds nothing when nothing is under the name', async () => {
    const error = await failure({ fetchData: { gone: '/myapp/prod/gone' } });

    expect(error.message).not.toContain('did you mean');
    expect(callCount(server, 'GetParametersByPath')).toBe(1);
  });

  it('infers it from a requested path that covers the name, with no extra call', async () => {
    const error = await failure({ fetchData: { tree: '/myapp/prod/', config: '/myapp/prod/config' } });

    expect(error.message).toContain('did you mean the path `/myapp/prod/config/`?');
    expect(callCount(server, 'GetParametersByPath')).toBe(1); // the tree's one page
  });

  it('does not check an optional name (its absence is expected)', async () => {
    const wired = wire(server, { fetchData: { config: { name: '/myapp/prod/config', optional: true } } });

    expect((await wired.invoke()).internal.config).toBeUndefined();
    expect(callCount(server, 'GetParametersByPath')).toBe(0);
  });

  it('adds nothing, and reports the name as not found, when the check is denied', async () => {
    server.faults.add({ kind: 'accessDenied', operations: ['GetParametersByPath'] });

    const error = await failure({ fetchData: { config: '/myapp/prod/config' } });

    expect(error.failures).toEqual([
      expect.objectContaining({ reason: 'not-found', detail: 'not found (listed in InvalidParameters)' }),
    ]);
  });

  it(`checks at most ${MAX_PATH_PROBES} names in one fetch`, async () => {
    const fetchData = Object.fromEntries(
      Array.from({ length: MAX_PATH_PROBES + 3 }, (_, i) => [`k${i}`, `/myapp/prod/missing${i}`]),
    );

    await failure({ fetchData });

    expect(callCount(server, 'GetParametersByPath')).toBe(MAX_PATH_PROBES);
  });
});

describe('the SDK cannot start a call', () => {
  const VARIABLES = [
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
    'AWS_CONFIG_FILE',
    'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_EC2_METADATA_DISABLED',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_ENDPOINT_URL_SSM',
  ];
  const saved = new Map<string, string | undefined>();
  beforeEach(() => {
    for (const name of VARIABLES) saved.set(name, process.env[name]);
    // No profile files to fall back on, and no instance metadata to ask (it would be a network call).
    process.env.AWS_CONFIG_FILE = '/nonexistent/aws-config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/aws-credentials';
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_REGION', 'AWS_SESSION_TOKEN']) delete process.env[name];
  });
  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  /** A middleware configured as a user's is, from the environment only (the endpoint too). */
  const fromEnvironment = async (): Promise<ParameterResolutionError> => {
    process.env.AWS_ENDPOINT_URL_SSM = server.endpoint;
    const handler = middy(async () => 'ok').use(
      createSsmEnv(
        { fetchData: { host: '/myapp/prod/config/db-host' }, logger: new RecordingLogger() },
        { clock: systemClock, env: {} },
      ),
    );
    const error = await handler({}, { getRemainingTimeInMillis: () => 10_000 } as never).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    captureError(error);
    if (!(error instanceof ParameterResolutionError))
      throw new Error(`expected a ParameterResolutionError: ${error}`);
    return error;
  };

  it('names a missing region, with the fix', async () => {
    delete process.env.AWS_REGION;

    const error = await fromEnvironment();

    expect(error.message).toContain('host: /myapp/prod/config/db-host — Error: Region is missing (');
    expect(error.message).toContain('set AWS_REGION, or pass awsClientOptions.region');
    expect(error.failures[0]?.cause).toEqual({ name: 'Error', message: 'Region is missing' });
    expect(server.stats().byOperation.GetParameters?.total ?? 0).toBe(0);
  });

  it('names missing credentials, with the fix', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;

    const error = await fromEnvironment();

    expect(error.message).toContain(
      'host: /myapp/prod/config/db-host — CredentialsProviderError: Could not load credentials from any providers (',
    );
    expect(error.message).toContain('set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
    expect(error.failures[0]?.cause?.name).toBe('CredentialsProviderError');
    expect(server.stats().byOperation.GetParameters?.total ?? 0).toBe(0);
  });
});

describe('nothing answers', () => {
  it('names the address and asks whether the server runs', async () => {
    const closed = await startServer({ parameters: [] });
    const endpoint = closed.endpoint;
    await closed.close();
    const wired = wire(server, {
      fetchData: { host: '/myapp/prod/config/db-host' },
      retry: { baseDelay: 0 },
      awsClientOptions: { endpoint },
    });

    const error = await wired.invoke().then(
      () => undefined,
      (caught: unknown) => caught as ParameterResolutionError,
    );

    expect(error?.message).toMatch(
      /ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:\d+ \(nothing listens there/,
    );
    expect(error?.message).not.toContain('AWS SDK error wrapper');
  });
});
