import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type LocalSsm, startLocalSsm, useLocalSsm } from 'middy-ssm-env/testing';
import { handler } from '../examples/quickstart.js'; // creates the middleware; nothing is fetched yet

let ssm: LocalSsm;
let restoreEnv: () => void;

beforeAll(async () => {
  ssm = await startLocalSsm({
    seed: {
      parameters: [
        { name: '/myapp/prod/secrets/database-password', value: 'test', type: 'SecureString' },
        { name: '/myapp/prod/config/db-host', value: 'db.local' },
      ],
      secrets: [
        { name: 'myapp/prod/db', value: '{"password":"test"}', rotation: { automaticallyAfterDays: 30 } },
      ],
    },
  });
  // AWS_ENDPOINT_URL_SSM and AWS_ENDPOINT_URL_SECRETS_MANAGER (the SDK's standard overrides), AWS_REGION and the
  // server's test credentials; the shell's AWS_PROFILE and AWS_SESSION_TOKEN unset. Your handler is unmodified.
  restoreEnv = useLocalSsm(ssm);
});
afterAll(async () => {
  restoreEnv();
  await ssm.close();
});

it('reads the password and the config from the local server', async () => {
  const context = { getRemainingTimeInMillis: () => 10_000 } as Parameters<typeof handler>[1];

  const response = await handler({}, context);

  expect(response.body).toBe('connecting to db.local (password set: true)');
  expect(ssm.stats().byOperation.GetParameters.ok).toBe(1);
});
