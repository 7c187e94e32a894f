import {
  BatchGetSecretValueCommand,
  InvalidNextTokenException,
  InvalidParameterException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { LocalSsm } from '../../src/server/index.js';
import { expectSdkError, startWithSecrets } from './helpers.js';

const names = Array.from({ length: 25 }, (_, index) => `batch/s${String(index).padStart(2, '0')}`);

describe('BatchGetSecretValue', () => {
  let server: LocalSsm;
  let client: SecretsManagerClient;

  beforeAll(async () => {
    ({ server, client } = await startWithSecrets([
      ...names.map((name) => ({ name, value: `value-of-${name}` })),
      { name: 'other/x', value: 'x', description: 'batch job' },
      { name: 'locked/key', value: 'k' },
    ]));
  });

  afterAll(() => server.close());

  beforeEach(() => server.faults.clear());

  it('returns the current values of up to 20 secrets, by name or ARN, in the order asked', async () => {
    const ids = [names[3], server.secretArn(String(names[1])), names[2]] as string[];

    const result = await client.send(new BatchGetSecretValueCommand({ SecretIdList: ids }));

    expect(
      result.SecretValues?.map(({ Name, SecretString, VersionStages }) => ({
        Name,
        SecretString,
        VersionStages,
      })),
    ).toEqual([
      { Name: 'batch/s03', SecretString: 'value-of-batch/s03', VersionStages: ['AWSCURRENT'] },
      { Name: 'batch/s01', SecretString: 'value-of-batch/s01', VersionStages: ['AWSCURRENT'] },
      { Name: 'batch/s02', SecretString: 'value-of-batch/s02', VersionStages: ['AWSCURRENT'] },
    ]);
    expect(result.SecretValues?.[1]?.ARN).toBe(server.secretArn('batch/s01'));
    expect(result.Errors).toEqual([]);
  });

  it('reports missing and denied secrets in Errors (SecretId, ErrorCode, Message) instead of failing the call', async () => {
    server.faults.denySecret('locked/');

    const result = await client.send(
      new BatchGetSecretValueCommand({ SecretIdList: ['batch/s00', 'batch/missing', 'locked/key'] }),
    );

    expect(result.SecretValues?.map((entry) => entry.Name)).toEqual(['batch/s00']);
    expect(result.Errors).toEqual([
      {
        SecretId: 'batch/missing',
        ErrorCode: 'ResourceNotFoundException',
        Message: "Secrets Manager can't find the specified secret.",
      },
      {
        SecretId: 'locked/key',
        ErrorCode: 'AccessDeniedException',
        Message: expect.stringMatching(
          /not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:.*:secret:locked\/key-/,
        ),
      },
    ]);
    expect(server.stats().byOperation.BatchGetSecretValue?.ok).toBeGreaterThan(0);
  });

  it('refuses more than 20 ids with a ValidationException, as the SDK sees it', async () => {
    const error = await expectSdkError(
      client.send(new BatchGetSecretValueCommand({ SecretIdList: names.slice(0, 21) })),
      Error,
      400,
    );

    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/secretIdList.*less than or equal to 20/);
  });

  it('refuses both SecretIdList and Filters, or neither', async () => {
    await expectSdkError(
      client.send(
        new BatchGetSecretValueCommand({
          SecretIdList: ['batch/s00'],
          Filters: [{ Key: 'name', Values: ['batch/'] }],
        }),
      ),
      InvalidParameterException,
      400,
    );
    await expectSdkError(client.send(new BatchGetSecretValueCommand({})), InvalidParameterException, 400);
  });

  it('pages through the secrets a name filter matches with MaxResults and NextToken', async () => {
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(
        new BatchGetSecretValueCommand({
          Filters: [{ Key: 'name', Values: ['batch/'] }],
          MaxResults: 10,
          NextToken: nextToken,
        }),
      );
      seen.push(...(page.SecretValues ?? []).map((entry) => String(entry.Name)));
      nextToken = page.NextToken;
      pages += 1;
    } while (nextToken);

    expect(seen).toEqual(names);
    expect(pages).toBe(3);
  });

  it('matches description and all filters, and negation with !', async () => {
    const byDescription = await client.send(
      new BatchGetSecretValueCommand({ Filters: [{ Key: 'description', Values: ['batch'] }] }),
    );
    const byAll = await client.send(
      new BatchGetSecretValueCommand({ Filters: [{ Key: 'all', Values: ['batch job', 'locked/'] }] }),
    );
    const notBatch = await client.send(
      new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: ['!batch/'] }] }),
    );

    expect(byDescription.SecretValues?.map((entry) => entry.Name)).toEqual(['other/x']);
    expect(byAll.SecretValues?.map((entry) => entry.Name)).toEqual(['locked/key', 'other/x']);
    expect(notBatch.SecretValues?.map((entry) => entry.Name)).toEqual(['locked/key', 'other/x']);
  });

  it('refuses filters the server does not model, a bad NextToken, and MaxResults without Filters', async () => {
    const tags = await expectSdkError(
      client.send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'tag-key', Values: ['team'] }] })),
      InvalidParameterException,
      400,
    );
    await expectSdkError(
      client.send(
        new BatchGetSecretValueCommand({
          Filters: [{ Key: 'name', Values: ['batch/'] }],
          NextToken: 'forged',
        }),
      ),
      InvalidNextTokenException,
      400,
    );
    await expectSdkError(
      client.send(new BatchGetSecretValueCommand({ SecretIdList: ['batch/s00'], MaxResults: 5 })),
      InvalidParameterException,
      400,
    );

    expect(tags.message).toContain("'tag-key'");
  });
});
