/**
 * A test written the natural way: the handler module is imported statically at the top (so the middleware is
 * created before anything in this file runs), and the local server is started — and `AWS_ENDPOINT_URL_SSM` set — in
 * `beforeAll`. The server must see every call, and nothing may be looked up or connected to beyond this machine:
 * with real credentials in the shell, a call to AWS would read production values.
 */
// First: records the network from the moment the handler module loads.

import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { LocalSsm } from '../../src/testing.js';
// Then the handler, as a user's test imports it.
import { handler } from '../fixtures/staticImportHandler.js';
import { startServer } from '../helpers/harness.js';
import { registerSecret } from '../helpers/leakRegistry.js';
import { networkLog, nonLoopbackHosts, restoreNetwork } from '../helpers/networkRecorder.js';

const PASSWORD = registerSecret('static-import-password-secret');
const lambdaContext = { getRemainingTimeInMillis: () => 10_000 } as never;
let server: LocalSsm;

beforeAll(async () => {
  // Let a prefetch started at import time, if any, run to the network before the server exists.
  await new Promise((resolve) => setTimeout(resolve, 100));
  server = await startServer({
    parameters: [
      { name: '/static/prod/secrets/db-password', value: PASSWORD, type: 'SecureString' },
      { name: '/static/prod/config/db-host', value: 'db.internal' },
    ],
  });
  process.env.AWS_ENDPOINT_URL_SSM = server.endpoint;
});

afterAll(async () => {
  restoreNetwork();
  for (const name of ['AWS_ENDPOINT_URL_SSM', 'STATIC_DB_PASSWORD', 'STATIC_DB_HOST'])
    delete process.env[name];
  await server.close();
});

it('fetches from the local server started in beforeAll, and never from AWS', async () => {
  const response = await handler({}, lambdaContext);

  expect(response).toEqual({ host: 'db.internal', passwordSet: true });
  expect(server.stats().byOperation.GetParameters?.ok).toBe(1);
  expect(server.stats().byOperation.GetParametersByPath?.ok).toBe(1);
  expect(networkLog.length).toBeGreaterThan(0); // the recorder saw the calls to the local server
  expect(nonLoopbackHosts()).toEqual([]);
});

it('keeps serving from the cache on the next invocation', async () => {
  await handler({}, lambdaContext);

  expect(server.stats().byOperation.GetParameters?.total).toBe(1);
  expect(nonLoopbackHosts()).toEqual([]);
});
