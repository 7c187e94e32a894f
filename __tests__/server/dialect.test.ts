import { GetSecretValueCommand, ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, GetParametersCommand, ParameterNotFound } from '@aws-sdk/client-ssm';
import { type Dialect, type LocalSsm, startLocalSsm } from '../../src/server/index.js';
import { clientFor, expectSdkError, secretsClientFor } from './helpers.js';

const REF = '/aws/reference/secretsmanager';
const PREVIOUS_ID = '11111111-1111-4111-8111-111111111111';

const start = (dialect: Dialect): Promise<LocalSsm> =>
  startLocalSsm({
    dialect,
    seed: {
      parameters: { '/plain/a': 'a' },
      secrets: [{ name: 'prod/db', value: 'new', previous: { value: 'old', versionId: PREVIOUS_ID } }],
    },
  });

describe.each(['aws', 'moto'] as const)('dialect %s', (dialect) => {
  let server: LocalSsm;

  beforeAll(async () => {
    server = await start(dialect);
  });

  afterAll(() => server.close());

  it('names a reference read as the dialect does', async () => {
    const { Parameter } = await clientFor(server).send(
      new GetParameterCommand({ Name: `${REF}/prod/db`, WithDecryption: true }),
    );

    expect(server.dialect).toBe(dialect);
    expect(Parameter).toMatchObject(
      dialect === 'aws'
        ? { Name: `${REF}/prod/db`, ARN: server.secretArn('prod/db'), Value: 'new', Version: 0 }
        : {
            Name: 'prod/db',
            ARN: 'arn:aws:ssm:us-east-1:123456789012:parameter/prod/db',
            Value: 'new',
            Version: 0,
          },
    );
  });

  it('answers GetParameters with the dialect’s Name, so a caller must map results back by what it asked', async () => {
    const result = await clientFor(server).send(
      new GetParametersCommand({ Names: [`${REF}/prod/db:AWSPREVIOUS`, '/plain/a'], WithDecryption: true }),
    );

    const reference = result.Parameters?.find((parameter) => parameter.Value === 'old');
    expect(reference?.Name).toBe(dialect === 'aws' ? `${REF}/prod/db` : 'prod/db');
    expect(reference?.Selector).toBe(dialect === 'aws' ? ':AWSPREVIOUS' : undefined);
    expect(result.InvalidParameters).toEqual([]);
  });

  it('puts the dialect’s document in SourceResult', async () => {
    const { Parameter } = await clientFor(server).send(
      new GetParameterCommand({ Name: `${REF}/prod/db`, WithDecryption: true }),
    );

    const source = JSON.parse(Parameter?.SourceResult ?? '{}') as Record<string, unknown>;
    if (dialect === 'aws') expect(source).toMatchObject({ name: 'prod/db', secretString: 'new' });
    else
      expect(source).toMatchObject({
        Name: 'prod/db',
        VersionIdsToStages: { [PREVIOUS_ID]: ['AWSPREVIOUS'] },
      });
  });

  it('words a missing reference as the dialect does', async () => {
    const error = await expectSdkError(
      clientFor(server).send(new GetParameterCommand({ Name: `${REF}/prod/none`, WithDecryption: true })),
      ParameterNotFound,
      400,
    );

    expect(error.message).toBe(
      dialect === 'aws'
        ? 'An error occurred (ParameterNotFound) when referencing Secrets Manager: Secret aws/reference/secretsmanager/prod/nonenull not found.'
        : 'An error occurred (ParameterNotFound) when referencing Secrets Manager: Secret /aws/reference/secretsmanager/prod/none not found.',
    );
  });

  it('sends ResourceNotFoundException with the dialect’s HTTP status', async () => {
    await expectSdkError(
      secretsClientFor(server).send(new GetSecretValueCommand({ SecretId: 'prod/none' })),
      ResourceNotFoundException,
      dialect === 'aws' ? 400 : 404,
    );
  });
});

it('refuses an unknown dialect', async () => {
  await expect(startLocalSsm({ dialect: 'localstack' as Dialect })).rejects.toThrow(/'aws' or 'moto'/);
});
