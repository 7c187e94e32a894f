/**
 * The quick start bundled with esbuild as Lambda users ship it — one ESM file — and started in a fresh Node process
 * against the local server: with the SDK left to the runtime, and with the SDK inside the bundle (which needs the
 * `require` shim; without it the bundle fails as it loads). A native Secrets Manager read, its SDK passed as
 * `secretsManagerSdk`, runs from a folder with no node_modules at all.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LambdaBundle } from '../../examples/bundling/esbuild.js';
import type { LocalSsm } from '../../src/testing.js';
import { startServer } from '../helpers/harness.js';
import { registerSecret } from '../helpers/leakRegistry.js';
import { bundleDirectory, bundleExample, invokeBundle, type TemporaryDirectory } from './helpers.js';

const PASSWORD = registerSecret('bundled-quickstart-password');
let server: LocalSsm;
let directory: TemporaryDirectory;

beforeAll(async () => {
  server = await startServer({
    parameters: [
      { name: '/myapp/prod/secrets/database-password', value: PASSWORD, type: 'SecureString' },
      { name: '/myapp/prod/config/db-host', value: 'db.internal' },
    ],
  });
  directory = await bundleDirectory();
});

afterAll(async () => {
  await server.close();
  await directory.remove();
});

/** Bundles the quick start into its own folder of the temporary directory. */
const bundleQuickstart = async (name: string, bundle: Omit<LambdaBundle, 'entry' | 'outfile'>) => {
  const { outfile, inputs } = await bundleExample(
    'examples/quickstart.ts',
    join(directory.path, name, 'index.mjs'),
    bundle,
  );
  return { outfile, bundlesSdk: inputs.some((input) => input.includes('node_modules/@aws-sdk/client-ssm/')) };
};

const invokeQuickstart = (outfile: string) =>
  invokeBundle(outfile, { AWS_ENDPOINT_URL_SSM: server.endpoint });

describe('bundling a native Secrets Manager read with its own SDK', () => {
  it('runs from a folder with no node_modules, the module passed as secretsManagerSdk', async () => {
    const secrets = await startServer({
      secrets: [{ name: 'prod/db', arnSuffix: 'AbCdEf', value: JSON.stringify({ password: PASSWORD }) }],
    });
    // No node_modules beside the bundle: whatever is not inside it cannot be found.
    const alone = await mkdtemp(join(tmpdir(), 'middy-ssm-env-alone-'));
    try {
      const { outfile, inputs } = await bundleExample(
        'examples/bundling/secretsHandler.ts',
        join(alone, 'index.mjs'),
        { sdk: 'bundled' },
      );

      const run = await invokeBundle(outfile, { AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint });

      expect(inputs.some((input) => input.includes('node_modules/@aws-sdk/client-secrets-manager/'))).toBe(
        true,
      );
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual({ passwordSet: true });
      expect(secrets.stats().byOperation.GetSecretValue?.ok).toBe(1);
    } finally {
      await rm(alone, { recursive: true, force: true });
      await secrets.close();
    }
  });
});

describe('bundling the quick start with esbuild', () => {
  it('runs as ESM with the SDK left to the runtime (--external:@aws-sdk/*)', async () => {
    const { outfile, bundlesSdk } = await bundleQuickstart('external', { sdk: 'external' });

    const run = await invokeQuickstart(outfile);

    expect(bundlesSdk).toBe(false);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      statusCode: 200,
      body: 'connecting to db.internal (password set: true)',
    });
  });

  it('runs as ESM with the SDK bundled, given the createRequire banner', async () => {
    const { outfile, bundlesSdk } = await bundleQuickstart('bundled', { sdk: 'bundled' });

    const run = await invokeQuickstart(outfile);

    expect(bundlesSdk).toBe(true);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      statusCode: 200,
      body: 'connecting to db.internal (password set: true)',
    });
  });

  it('fails as it loads with the SDK bundled and no banner: the reason the banner is needed', async () => {
    const { outfile } = await bundleQuickstart('no-banner', { sdk: 'bundled', requireShim: false });

    const run = await invokeQuickstart(outfile);

    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain('Dynamic require of "node:https" is not supported');
  });
});
