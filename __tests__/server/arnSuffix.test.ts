/** A seeded secret can carry the six-character ARN suffix of a real one, so a task definition's ARN works as it is. */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startLocalSsm } from '../../src/server/index.js';

describe('arnSuffix', () => {
  it('gives the secret exactly that ARN, found by full and partial ARN', async () => {
    const server = await startLocalSsm({
      region: 'us-west-2',
      seed: { secrets: [{ name: 'prod/db', value: 'v', arnSuffix: 'AbCdEf' }] },
    });
    try {
      const arn = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/db-AbCdEf';
      expect(server.secretArn('prod/db')).toBe(arn);
      const client = new SecretsManagerClient({ ...server.clientConfig(), maxAttempts: 1 });
      for (const id of [arn, arn.slice(0, -7)]) {
        expect((await client.send(new GetSecretValueCommand({ SecretId: id }))).ARN).toBe(arn);
      }
    } finally {
      await server.close();
    }
  });

  it('refuses a suffix that is not six letters or digits', async () => {
    await expect(
      startLocalSsm({ seed: { secrets: [{ name: 'prod/db', value: 'v', arnSuffix: 'abc' }] } }),
    ).rejects.toThrow('arnSuffix');
  });
});
