/**
 * A loopback `--endpoint` needs no AWS credentials: with none configured, requests to the local server are signed
 * with placeholders. Any other endpoint still gets the SDK's chain and its error. The environment is emptied of AWS
 * credentials for these tests, and the shared files are pointed at paths that do not exist, so a developer's
 * ~/.aws cannot leak in.
 */
import { join } from 'node:path';
import {
  credentialsConfigured,
  isLoopbackEndpoint,
  LOCAL_CREDENTIALS,
} from '../../src/cli/localCredentials.js';
import { runCli } from '../../src/cli/run.js';
import { type LocalSsm, startLocalSsm } from '../../src/testing.js';
import { recordingIo, UNTHROTTLED } from './helpers.js';

const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_CONFIG_FILE',
  'AWS_EC2_METADATA_DISABLED',
] as const;

/** Runs `body` with no AWS credentials in the environment (plus `extra`), then puts the environment back. */
async function withoutCredentials<T>(extra: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(CREDENTIAL_VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of CREDENTIAL_VARIABLES) delete process.env[name];
  Object.assign(process.env, {
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/middy-ssm-env/credentials',
    AWS_CONFIG_FILE: '/nonexistent/middy-ssm-env/config',
    // The chain's last resort, the instance metadata service, would only add a wait off EC2.
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  });
  try {
    return await body();
  } finally {
    for (const name of CREDENTIAL_VARIABLES) {
      const value = saved[name];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe('isLoopbackEndpoint', () => {
  it.each([
    'http://127.0.0.1:4566',
    'http://127.1:8080',
    'https://127.255.3.9',
    'http://localhost:9000',
    'http://LOCALHOST:9000/',
    'http://[::1]:9000',
    'http://user@127.0.0.1:9',
  ])('%s is loopback', (endpoint) => {
    expect(isLoopbackEndpoint(endpoint)).toBe(true);
  });

  it.each([
    'https://ssm.us-east-1.amazonaws.com',
    'http://128.0.0.1',
    'http://10.0.0.1:4566',
    'http://localhost.example.com',
    'http://127.0.0.1.nip.io',
    'http://[::2]',
    'http://0.0.0.0:4566',
    'not a url',
  ])('%s is not', (endpoint) => {
    expect(isLoopbackEndpoint(endpoint)).toBe(false);
  });
});

describe('credentialsConfigured', () => {
  const none = () => false;

  it('is true for a credential variable, a profile, or a shared file that exists', () => {
    expect(credentialsConfigured({}, none)).toBe(false);
    expect(credentialsConfigured({ AWS_ACCESS_KEY_ID: 'AKID' }, none)).toBe(true);
    expect(credentialsConfigured({ AWS_PROFILE: 'dev' }, none)).toBe(true);
    expect(credentialsConfigured({ AWS_CONFIG_FILE: '/x/config' }, (path) => path === '/x/config')).toBe(
      true,
    );
    expect(credentialsConfigured({}, (path) => path.endsWith(join('.aws', 'credentials')))).toBe(true);
  });
});

describe('--endpoint on loopback without credentials', () => {
  let server: LocalSsm;
  const port = () => new URL(server.endpoint).port;

  beforeAll(async () => {
    server = await startLocalSsm({
      seed: { parameters: { '/myapp/prod/db/host': 'db.local', '/myapp/prod/log-level': 'debug' } },
      throughput: UNTHROTTLED,
    });
  });

  afterAll(() => server.close());

  beforeEach(() => server.resetStats());

  it.each(['127.0.0.1', 'localhost'])(
    'plan reads http://%s:PORT, signed with placeholders, and says so',
    async (host) => {
      const endpoint = `http://${host}:${port()}`;
      const io = recordingIo();

      const code = await withoutCredentials({}, () =>
        runCli(['plan', '/myapp/prod/', '--endpoint', endpoint, '--json'], io),
      );

      expect(code).toBe(0);
      expect(JSON.parse(io.out.join('\n')).counts.parameters).toBe(2);
      expect(io.err[0]).toBe(
        `No AWS credentials configured: signing requests to ${endpoint} with local placeholders.`,
      );
      expect(Object.keys(server.stats().byCaller)).toEqual([LOCAL_CREDENTIALS.accessKeyId]);
    },
  );

  it('falls back to placeholders when a configured profile has no credentials', async () => {
    const io = recordingIo();

    const code = await withoutCredentials({ AWS_PROFILE: 'no-such-profile' }, () =>
      runCli(['manifest', '/myapp/prod/', '--endpoint', server.endpoint], io),
    );

    expect(code).toBe(0);
    expect(JSON.parse(io.out.join('\n')).names).toEqual(['/myapp/prod/db/host', '/myapp/prod/log-level']);
    expect(io.err[0]).toContain('with local placeholders');
  });

  it('uses configured credentials when there are some', async () => {
    const io = recordingIo();

    const code = await withoutCredentials(
      { AWS_ACCESS_KEY_ID: 'AKIDCONFIGURED', AWS_SECRET_ACCESS_KEY: 'configured' },
      () => runCli(['plan', '/myapp/prod/', '--endpoint', server.endpoint, '--json'], io),
    );

    expect(code).toBe(0);
    expect(io.text()).not.toContain('placeholders');
    expect(Object.keys(server.stats().byCaller)).toEqual(['AKIDCONFIGURED']);
  });

  it('never uses placeholders for an endpoint that is not loopback', async () => {
    const io = recordingIo();
    // TEST-NET-1 (RFC 5737): never routed, and never reached, since signing fails first.
    const endpoint = 'http://192.0.2.1:9';

    const code = await withoutCredentials({}, () =>
      runCli(['plan', '/myapp/prod/', '--endpoint', endpoint], io),
    );

    expect(code).toBe(1);
    expect(io.err.at(-1)).toMatch(
      /^middy-ssm-env plan: cannot read \/myapp\/prod\/ from SSM: .*Could not load credentials from any providers/,
    );
    expect(io.text()).not.toContain('placeholders');
  });
});
