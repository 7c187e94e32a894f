/**
 * Secrets Manager is regional: a secret named by an ARN is read in the ARN's Region, as ECS reads it, by a client of
 * that Region; secrets in the client's own Region share its client and its batches. The SDK is replaced by a
 * recording fake through the loader seam.
 */
import { describe, expect, it } from '@jest/globals';
import { systemClock } from '../../src/core/clock.js';
import { createSsmEnv } from '../../src/middleware/ssmEnv.js';

interface Sent {
  readonly region: unknown;
  readonly command: string;
  readonly input: Record<string, unknown>;
}

const fakeSdk = (sent: Sent[], clients: Record<string, unknown>[]) => {
  class Command {
    constructor(readonly input: Record<string, unknown>) {}
  }
  class BatchGetSecretValueCommand extends Command {}
  class GetSecretValueCommand extends Command {}
  class DescribeSecretCommand extends Command {}
  const secretValueOf = (id: string) => ({
    ARN: id,
    Name: id.split(':secret:')[1],
    SecretString: `value of ${id}`,
  });
  class SecretsManagerClient {
    constructor(readonly config: Record<string, unknown>) {
      clients.push(config);
    }
    async send(command: Command) {
      sent.push({ region: this.config.region, command: command.constructor.name, input: command.input });
      if (command instanceof BatchGetSecretValueCommand) {
        return { SecretValues: (command.input.SecretIdList as string[]).map(secretValueOf), Errors: [] };
      }
      return secretValueOf(command.input.SecretId as string);
    }
  }
  return { SecretsManagerClient, BatchGetSecretValueCommand, GetSecretValueCommand, DescribeSecretCommand };
};

const arn = (region: string, name: string) => `arn:aws:secretsmanager:${region}:123456789012:secret:${name}`;

describe('Secrets Manager clients by Region', () => {
  it("reads each secret in its ARN's Region, batching those of the client's own", async () => {
    const sent: Sent[] = [];
    const clients: Record<string, unknown>[] = [];
    const env: NodeJS.ProcessEnv = {};
    const middleware = createSsmEnv(
      {
        disablePrefetch: true,
        secrets: [
          { name: 'A', valueFrom: arn('us-east-1', 'a') },
          { name: 'B', valueFrom: arn('us-east-1', 'b') },
          { name: 'C', valueFrom: arn('eu-west-1', 'c') },
        ],
        awsClientOptions: {
          region: 'us-east-1',
          endpoint: 'http://ssm.example',
          credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' },
        },
      },
      { clock: systemClock, env, loadSecretsManager: async () => fakeSdk(sent, clients) },
    );

    await middleware.before({ internal: {}, context: { getRemainingTimeInMillis: () => 10_000 } });

    expect(env).toEqual({
      A: `value of ${arn('us-east-1', 'a')}`,
      B: `value of ${arn('us-east-1', 'b')}`,
      C: `value of ${arn('eu-west-1', 'c')}`,
    });
    expect(sent.map(({ region, command }) => [region, command]).sort()).toEqual([
      ['eu-west-1', 'GetSecretValueCommand'],
      ['us-east-1', 'BatchGetSecretValueCommand'],
    ]);
    // Every client: one attempt per call, awsClientOptions' credentials, never SSM's endpoint.
    for (const config of clients) {
      expect(config).toMatchObject({ maxAttempts: 1, credentials: { accessKeyId: 'AKID' } });
      expect(config).not.toHaveProperty('endpoint');
    }
    expect(clients).toHaveLength(2);
  });
});
