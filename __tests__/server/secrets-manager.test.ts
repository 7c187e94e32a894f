import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  InvalidRequestException,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { LocalSsm } from '../../src/server/index.js';
import { clientFor, expectSdkError, startWithSecrets } from './helpers.js';

const CURRENT_ID = '22222222-2222-4222-8222-222222222222';
const PREVIOUS_ID = '11111111-1111-4111-8111-111111111111';
const ARN_PATTERN = /^arn:aws:secretsmanager:us-east-1:123456789012:secret:prod\/db-[A-Za-z0-9]{6}$/;

describe('Secrets Manager API', () => {
  let server: LocalSsm;
  let client: SecretsManagerClient;

  beforeAll(async () => {
    ({ server, client } = await startWithSecrets([
      {
        name: 'prod/db',
        value: '{"password":"current"}',
        versionId: CURRENT_ID,
        previous: { value: '{"password":"previous"}', versionId: PREVIOUS_ID },
        description: 'database',
      },
      { name: 'prod/cert', value: Buffer.from([0, 1, 2, 255]).toString('base64'), binary: true },
    ]));
  });

  afterAll(() => server.close());

  describe('GetSecretValue', () => {
    it('returns the AWSCURRENT version with AWS shapes: ARN with suffix, Name, VersionId, stages, CreatedDate', async () => {
      const response = await client.send(new GetSecretValueCommand({ SecretId: 'prod/db' }));

      expect(response).toMatchObject({
        ARN: expect.stringMatching(ARN_PATTERN),
        Name: 'prod/db',
        VersionId: CURRENT_ID,
        SecretString: '{"password":"current"}',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: expect.any(Date),
      });
      expect(response.SecretBinary).toBeUndefined();
    });

    it('finds the secret by full ARN and by partial ARN (without the random suffix)', async () => {
      const arn = server.secretArn('prod/db');
      const partial = arn.slice(0, -'-AbCdEf'.length);

      const byArn = await client.send(new GetSecretValueCommand({ SecretId: arn }));
      const byPartial = await client.send(new GetSecretValueCommand({ SecretId: partial }));

      expect(partial).toBe('arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db');
      expect([byArn.Name, byPartial.Name]).toEqual(['prod/db', 'prod/db']);
      expect(byPartial.ARN).toBe(arn);
    });

    it('refuses an ARN with the wrong suffix, or of another account', async () => {
      const arn = server.secretArn('prod/db');

      await expectSdkError(
        client.send(new GetSecretValueCommand({ SecretId: `${arn.slice(0, -6)}XXXXXX` })),
        ResourceNotFoundException,
        400,
      );
      await expectSdkError(
        client.send(new GetSecretValueCommand({ SecretId: arn.replace('123456789012', '999999999999') })),
        ResourceNotFoundException,
        400,
      );
    });

    it('selects a version by VersionStage or VersionId', async () => {
      const byStage = await client.send(
        new GetSecretValueCommand({ SecretId: 'prod/db', VersionStage: 'AWSPREVIOUS' }),
      );
      const byId = await client.send(
        new GetSecretValueCommand({ SecretId: 'prod/db', VersionId: PREVIOUS_ID }),
      );
      const both = await client.send(
        new GetSecretValueCommand({ SecretId: 'prod/db', VersionId: CURRENT_ID, VersionStage: 'AWSCURRENT' }),
      );

      expect(byStage).toMatchObject({ VersionId: PREVIOUS_ID, SecretString: '{"password":"previous"}' });
      expect(byId.VersionStages).toEqual(['AWSPREVIOUS']);
      expect(both.VersionId).toBe(CURRENT_ID);
    });

    it('answers an unknown secret, stage or version with ResourceNotFoundException, a mismatch with InvalidRequestException', async () => {
      const missing = await expectSdkError(
        client.send(new GetSecretValueCommand({ SecretId: 'prod/none' })),
        ResourceNotFoundException,
        400,
      );
      const stage = await expectSdkError(
        client.send(new GetSecretValueCommand({ SecretId: 'prod/db', VersionStage: 'AWSPENDING' })),
        ResourceNotFoundException,
        400,
      );
      await expectSdkError(
        client.send(
          new GetSecretValueCommand({
            SecretId: 'prod/db',
            VersionId: CURRENT_ID,
            VersionStage: 'AWSPREVIOUS',
          }),
        ),
        InvalidRequestException,
        400,
      );

      expect(missing.message).toBe("Secrets Manager can't find the specified secret.");
      expect(stage.message).toBe(
        "Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
      );
    });

    it('returns a binary secret as SecretBinary bytes', async () => {
      const response = await client.send(new GetSecretValueCommand({ SecretId: 'prod/cert' }));

      expect(Buffer.from(response.SecretBinary ?? new Uint8Array())).toEqual(Buffer.from([0, 1, 2, 255]));
      expect(response.SecretString).toBeUndefined();
    });
  });

  describe('writes', () => {
    it('CreateSecret returns ARN, Name and VersionId (the ClientRequestToken), and refuses an existing name', async () => {
      const token = 'aaaaaaaa-0000-4000-8000-000000000001';

      const created = await client.send(
        new CreateSecretCommand({ Name: 'w/created', SecretString: 'one', ClientRequestToken: token }),
      );
      const error = await expectSdkError(
        client.send(new CreateSecretCommand({ Name: 'w/created', SecretString: 'two' })),
        ResourceExistsException,
        400,
      );

      expect(created).toMatchObject({
        ARN: expect.stringMatching(/:secret:w\/created-[A-Za-z0-9]{6}$/),
        Name: 'w/created',
        VersionId: token,
      });
      expect(error.message).not.toContain('two');
    });

    it('CreateSecret refuses both SecretString and SecretBinary, and an invalid name', async () => {
      await expectSdkError(
        client.send(
          new CreateSecretCommand({ Name: 'w/both', SecretString: 's', SecretBinary: new Uint8Array([1]) }),
        ),
        InvalidParameterException,
        400,
      );
      await expectSdkError(
        client.send(new CreateSecretCommand({ Name: 'has space', SecretString: 's' })),
        InvalidParameterException,
        400,
      );
    });

    it('refuses a value over 65,536 bytes with a ValidationException that does not quote it', async () => {
      const value = `S3CR3T-${'z'.repeat(65_536)}`;

      const error = await expectSdkError(
        client.send(new PutSecretValueCommand({ SecretId: 'prod/db', SecretString: value })),
        Error,
        400,
      );

      expect(error.name).toBe('ValidationException');
      expect(error.message).toContain('less than or equal to 65536');
      expect(error.message).not.toContain('S3CR3T');
    });

    it('a secret created without a value has no AWSCURRENT version to read', async () => {
      const created = await client.send(new CreateSecretCommand({ Name: 'w/empty' }));

      await expectSdkError(
        client.send(new GetSecretValueCommand({ SecretId: 'w/empty' })),
        ResourceNotFoundException,
        400,
      );
      expect(created.VersionId).toBeUndefined();
    });

    it('PutSecretValue moves AWSCURRENT to the new version and AWSPREVIOUS to the old one', async () => {
      await client.send(new CreateSecretCommand({ Name: 'w/rotating', SecretString: 'v1' }));
      const second = await client.send(
        new PutSecretValueCommand({ SecretId: 'w/rotating', SecretString: 'v2' }),
      );
      const third = await client.send(
        new PutSecretValueCommand({ SecretId: 'w/rotating', SecretString: 'v3' }),
      );

      const current = await client.send(new GetSecretValueCommand({ SecretId: 'w/rotating' }));
      const previous = await client.send(
        new GetSecretValueCommand({ SecretId: 'w/rotating', VersionStage: 'AWSPREVIOUS' }),
      );
      const described = await client.send(new DescribeSecretCommand({ SecretId: 'w/rotating' }));

      expect(third.VersionStages).toEqual(['AWSCURRENT']);
      expect([current.SecretString, previous.SecretString]).toEqual(['v3', 'v2']);
      expect(previous.VersionId).toBe(second.VersionId);
      // The first version lost its last label: DescribeSecret lists only labelled versions.
      expect(Object.values(described.VersionIdsToStages ?? {})).toEqual([['AWSPREVIOUS'], ['AWSCURRENT']]);
    });

    it('PutSecretValue with VersionStages [AWSPENDING] leaves AWSCURRENT where it was', async () => {
      await client.send(new CreateSecretCommand({ Name: 'w/pending', SecretString: 'live' }));
      const pending = await client.send(
        new PutSecretValueCommand({
          SecretId: 'w/pending',
          SecretString: 'next',
          VersionStages: ['AWSPENDING'],
        }),
      );

      const current = await client.send(new GetSecretValueCommand({ SecretId: 'w/pending' }));
      const staged = await client.send(
        new GetSecretValueCommand({ SecretId: 'w/pending', VersionStage: 'AWSPENDING' }),
      );

      expect(pending.VersionStages).toEqual(['AWSPENDING']);
      expect([current.SecretString, staged.SecretString]).toEqual(['live', 'next']);
    });

    it('PutSecretValue with a reused ClientRequestToken is idempotent for the same value, refused for another', async () => {
      const token = 'bbbbbbbb-0000-4000-8000-000000000002';
      await client.send(new CreateSecretCommand({ Name: 'w/idem', SecretString: 'a' }));
      const first = await client.send(
        new PutSecretValueCommand({ SecretId: 'w/idem', SecretString: 'b', ClientRequestToken: token }),
      );
      const again = await client.send(
        new PutSecretValueCommand({ SecretId: 'w/idem', SecretString: 'b', ClientRequestToken: token }),
      );

      await expectSdkError(
        client.send(
          new PutSecretValueCommand({ SecretId: 'w/idem', SecretString: 'c', ClientRequestToken: token }),
        ),
        ResourceExistsException,
        400,
      );
      expect(again.VersionId).toBe(first.VersionId);
    });

    it('UpdateSecretVersionStage moves AWSCURRENT (AWSPREVIOUS follows) and custom labels', async () => {
      await client.send(new CreateSecretCommand({ Name: 'w/stages', SecretString: 'old' }));
      const oldId = (await client.send(new GetSecretValueCommand({ SecretId: 'w/stages' }))).VersionId;
      const pending = await client.send(
        new PutSecretValueCommand({
          SecretId: 'w/stages',
          SecretString: 'new',
          VersionStages: ['AWSPENDING'],
        }),
      );

      await client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: 'w/stages',
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: pending.VersionId,
          RemoveFromVersionId: oldId,
        }),
      );
      await client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: 'w/stages',
          VersionStage: 'AWSPENDING',
          RemoveFromVersionId: pending.VersionId,
        }),
      );
      const described = await client.send(new DescribeSecretCommand({ SecretId: 'w/stages' }));

      expect(described.VersionIdsToStages).toEqual({
        [String(oldId)]: ['AWSPREVIOUS'],
        [String(pending.VersionId)]: ['AWSCURRENT'],
      });
    });

    it('UpdateSecretVersionStage refuses to move a label without naming its holder, and to remove AWSCURRENT', async () => {
      await client.send(new CreateSecretCommand({ Name: 'w/guard', SecretString: 'x' }));
      const currentId = (await client.send(new GetSecretValueCommand({ SecretId: 'w/guard' }))).VersionId;
      const other = await client.send(
        new PutSecretValueCommand({ SecretId: 'w/guard', SecretString: 'y', VersionStages: ['blue'] }),
      );

      await expectSdkError(
        client.send(
          new UpdateSecretVersionStageCommand({
            SecretId: 'w/guard',
            VersionStage: 'AWSCURRENT',
            MoveToVersionId: other.VersionId,
          }),
        ),
        InvalidParameterException,
        400,
      );
      await expectSdkError(
        client.send(
          new UpdateSecretVersionStageCommand({
            SecretId: 'w/guard',
            VersionStage: 'AWSCURRENT',
            RemoveFromVersionId: currentId,
          }),
        ),
        InvalidParameterException,
        400,
      );
    });
  });

  describe('DescribeSecret', () => {
    it('reports rotation with NextRotationDate, so a client can expire its cache at rotation', async () => {
      server.putSecret({
        name: 'd/rotated',
        value: 'pw',
        rotation: { automaticallyAfterDays: 30, lastRotatedDate: '2026-01-01T00:00:00.000Z' },
      });

      const described = await client.send(new DescribeSecretCommand({ SecretId: 'd/rotated' }));

      expect(described).toMatchObject({
        Name: 'd/rotated',
        RotationEnabled: true,
        RotationRules: { AutomaticallyAfterDays: 30 },
        LastRotatedDate: new Date('2026-01-01T00:00:00.000Z'),
        NextRotationDate: new Date('2026-01-31T00:00:00.000Z'),
        RotationLambdaARN: expect.stringMatching(/^arn:aws:lambda:us-east-1:123456789012:function:/),
        CreatedDate: expect.any(Date),
        LastChangedDate: expect.any(Date),
      });
    });

    it('rotateSecret makes a new AWSCURRENT and moves NextRotationDate by the rule', async () => {
      server.putSecret({ name: 'd/rotate-me', value: 'old', rotation: { automaticallyAfterDays: 7 } });
      const before = Date.now();

      const versionId = server.rotateSecret({ name: 'd/rotate-me', value: 'new' });
      const described = await client.send(new DescribeSecretCommand({ SecretId: 'd/rotate-me' }));
      const value = await client.send(new GetSecretValueCommand({ SecretId: 'd/rotate-me' }));

      expect(value).toMatchObject({ VersionId: versionId, SecretString: 'new' });
      expect(described.LastRotatedDate?.getTime()).toBeGreaterThanOrEqual(before - 1);
      expect((described.NextRotationDate?.getTime() ?? 0) - (described.LastRotatedDate?.getTime() ?? 0)).toBe(
        7 * 86_400_000,
      );
    });

    it('omits rotation members for a secret without rotation, and names the description', async () => {
      const described = await client.send(new DescribeSecretCommand({ SecretId: 'prod/db' }));

      expect(described).toMatchObject({
        Name: 'prod/db',
        Description: 'database',
        ARN: expect.stringMatching(ARN_PATTERN),
      });
      expect(described.RotationEnabled).toBeUndefined();
      expect(described.NextRotationDate).toBeUndefined();
      expect(described.VersionIdsToStages).toEqual({
        [PREVIOUS_ID]: ['AWSPREVIOUS'],
        [CURRENT_ID]: ['AWSCURRENT'],
      });
    });
  });

  it('serves the same secrets to /aws/reference/secretsmanager/ in SSM, one seed for both APIs', async () => {
    await client.send(new CreateSecretCommand({ Name: 'shared/token', SecretString: 'from-sm' }));
    await client.send(new PutSecretValueCommand({ SecretId: 'shared/token', SecretString: 'rotated' }));

    const { Parameter } = await clientFor(server).send(
      new GetParameterCommand({ Name: '/aws/reference/secretsmanager/shared/token', WithDecryption: true }),
    );
    const seeded = await clientFor(server).send(
      new GetParameterCommand({
        Name: '/aws/reference/secretsmanager/prod/db:AWSPREVIOUS',
        WithDecryption: true,
      }),
    );

    expect(Parameter).toMatchObject({ Value: 'rotated', ARN: server.secretArn('shared/token') });
    expect(seeded.Parameter?.Value).toBe('{"password":"previous"}');
  });

  it('answers a client configured only by AWS_ENDPOINT_URL_SECRETS_MANAGER (and SSM by AWS_ENDPOINT_URL_SSM)', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, server.env());
    try {
      // No endpoint in the config: the SDK takes it from the service-specific variable.
      const fromEnv = new SecretsManagerClient({ maxAttempts: 1 });
      const ssmFromEnv = new SSMClient({ maxAttempts: 1 });

      const value = await fromEnv.send(new GetSecretValueCommand({ SecretId: 'prod/db' }));
      const reference = await ssmFromEnv.send(
        new GetParameterCommand({ Name: '/aws/reference/secretsmanager/prod/db', WithDecryption: true }),
      );

      expect(server.env()).toEqual({
        AWS_ENDPOINT_URL_SSM: server.endpoint,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: server.endpoint,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
        AWS_SECRET_ACCESS_KEY: expect.any(String),
      });
      expect([value.SecretString, reference.Parameter?.Value]).toEqual([
        '{"password":"current"}',
        '{"password":"current"}',
      ]);
    } finally {
      process.env = saved;
    }
  });
});
