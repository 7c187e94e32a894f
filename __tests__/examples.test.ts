/**
 * The README's quick start is `examples/quickstart.ts`, word for word; here it runs unmodified against the local
 * server, reached through the SDK's standard `AWS_ENDPOINT_URL_SSM` variable — as a user would test their handler.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LocalSsm } from '../src/testing.js';
import { lambdaContext, startServer } from './helpers/harness.js';
import { registerSecret } from './helpers/leakRegistry.js';

const PASSWORD = registerSecret('quickstart-password-secret');
let server: LocalSsm;

beforeAll(async () => {
  server = await startServer({
    parameters: [
      { name: '/myapp/prod/secrets/database-password', value: PASSWORD, type: 'SecureString' },
      { name: '/myapp/prod/config/db-host', value: 'db.internal' },
      { name: '/myapp/prod/config/db-port', value: '5432' },
    ],
  });
  process.env.AWS_ENDPOINT_URL_SSM = server.endpoint;
});

afterAll(async () => {
  for (const name of ['AWS_ENDPOINT_URL_SSM', 'DATABASE_PASSWORD', 'DB_HOST', 'DB_PORT'])
    delete process.env[name];
  await server.close();
});

describe('examples', () => {
  it('runs the quick start unmodified', async () => {
    const { handler } = await import('../examples/quickstart.js');

    const response = await handler({}, lambdaContext());

    expect(response).toEqual({ statusCode: 200, body: 'connecting to db.internal (password set: true)' });
    expect(process.env.DB_PORT).toBe('5432');
    expect(process.env.DATABASE_PASSWORD).toBe(PASSWORD);
  });

  it('shows the quick start in the README word for word', async () => {
    const [readme, quickstart] = await Promise.all([
      readFile('README.md', 'utf8'),
      readFile('examples/quickstart.ts', 'utf8'),
    ]);

    expect(readme).toContain(quickstart.trim());
  });

  it('shows the testing example in the README word for word, importing the handler as a project would', async () => {
    const [readme, testing] = await Promise.all([
      readFile('README.md', 'utf8'),
      readFile('__tests__/readmeTesting.test.ts', 'utf8'),
    ]);

    expect(readme).toContain(testing.replace("'../examples/quickstart.js'", "'../src/handler.js'").trim());
  });
});
