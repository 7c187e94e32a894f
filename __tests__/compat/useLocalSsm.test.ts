/**
 * `useLocalSsm` points the SDK's environment at the local server — endpoint, region, the server's test credentials —
 * so a shell's real credentials are never used, and puts the environment back afterwards.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import middy from '@middy/core';
import { ssmEnv } from '../../src/index.js';
import { DEFAULT_ACCESS_KEY_ID, type LocalSsm, useLocalSsm } from '../../src/testing.js';
import { resetCaches, startServer } from '../helpers/harness.js';

const NAMES = [
  'AWS_ENDPOINT_URL_SSM',
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
];
const outside = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));
let server: LocalSsm;

beforeAll(async () => {
  server = await startServer({ parameters: [{ name: '/app/host', value: 'db.internal' }] });
});
afterAll(async () => {
  for (const [name, value] of Object.entries(outside)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetCaches();
  await server.close();
});

it('uses the server and its test credentials, never the shell’s, and restores the environment', async () => {
  // A shell logged in to a real account.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'AKIAREALACCOUNTKEY',
    AWS_SECRET_ACCESS_KEY: 'real-secret',
    AWS_SESSION_TOKEN: 'real-session',
    AWS_PROFILE: 'production',
    AWS_REGION: 'eu-west-1',
  });
  delete process.env.AWS_ENDPOINT_URL_SSM;
  const before = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));
  const handler = middy(async () => process.env.APP_HOST).use(
    ssmEnv({ fetchData: { APP_HOST: '/app/host' }, setToEnv: true }),
  );

  const restore = useLocalSsm(server);
  try {
    expect(await handler({}, { getRemainingTimeInMillis: () => 10_000 } as never)).toBe('db.internal');
  } finally {
    restore();
    delete process.env.APP_HOST;
  }

  expect(Object.keys(server.stats().byCaller)).toEqual([DEFAULT_ACCESS_KEY_ID]);
  expect(Object.fromEntries(NAMES.map((name) => [name, process.env[name]]))).toEqual(before);
});
