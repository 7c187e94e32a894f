import {
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  ParameterNotFound,
  ValidationException,
} from '@aws-sdk/client-ssm';
import { type LocalSsm, startLocalSsm } from '../../src/server/index.js';
import { clientFor, expectSdkError } from './helpers.js';

const REF = '/aws/reference/secretsmanager';
const PREVIOUS_ID = '11111111-1111-4111-8111-111111111111';
const CURRENT_ID = '22222222-2222-4222-8222-222222222222';

describe('Secrets Manager references', () => {
  let server: LocalSsm;
  let client: ReturnType<typeof clientFor>;

  beforeAll(async () => {
    server = await startLocalSsm({
      seed: {
        secrets: [
          {
            name: 'prod/db',
            value: '{"password":"new"}',
            versionId: CURRENT_ID,
            stages: ['blue'],
            previous: { value: '{"password":"old"}', versionId: PREVIOUS_ID },
          },
        ],
      },
    });
    client = clientFor(server);
  });

  afterAll(() => server.close());

  it('returns the AWSCURRENT SecretString as a SecureString, with SourceResult', async () => {
    const { Parameter } = await client.send(
      new GetParameterCommand({ Name: `${REF}/prod/db`, WithDecryption: true }),
    );

    expect(Parameter).toEqual({
      Name: `${REF}/prod/db`,
      Type: 'SecureString',
      Value: '{"password":"new"}',
      Version: 0,
      SourceResult: expect.any(String),
      LastModifiedDate: expect.any(Date),
      ARN: expect.stringMatching(
        /^arn:aws:secretsmanager:us-east-1:123456789012:secret:prod\/db-[A-Za-z0-9]{6}$/,
      ),
    });
    expect(JSON.parse(Parameter?.SourceResult ?? '')).toEqual({
      ARN: Parameter?.ARN,
      name: 'prod/db',
      versionId: CURRENT_ID,
      secretString: '{"password":"new"}',
      versionStages: ['AWSCURRENT', 'blue'],
      createdDate: expect.any(String),
    });
  });

  it.each([
    ['AWSPREVIOUS', '{"password":"old"}'],
    ['AWSCURRENT', '{"password":"new"}'],
    ['blue', '{"password":"new"}'],
    [PREVIOUS_ID, '{"password":"old"}'],
  ])('selects the version by :%s', async (selector, value) => {
    const { Parameter } = await client.send(
      new GetParameterCommand({ Name: `${REF}/prod/db:${selector}`, WithDecryption: true }),
    );

    expect(Parameter).toMatchObject({ Name: `${REF}/prod/db`, Selector: `:${selector}`, Value: value });
  });

  it('requires WithDecryption for GetParameter, with AWS message', async () => {
    const error = await expectSdkError(
      client.send(new GetParameterCommand({ Name: `${REF}/prod/db` })),
      ValidationException,
      400,
    );

    expect(error.message).toBe('WithDecryption flag must be True for retrieving a Secret Manager secret.');
  });

  it('lists references read without decryption as invalid in GetParameters (as measured on AWS)', async () => {
    server.putParameter({ name: '/plain', value: 'p' });

    const result = await client.send(new GetParametersCommand({ Names: [`${REF}/prod/db`, '/plain'] }));

    expect(result.Parameters?.map((parameter) => parameter.Value)).toEqual(['p']);
    expect(result.InvalidParameters).toEqual([`${REF}/prod/db`]);
  });

  it('resolves references in GetParameters with decryption, unknown ones listed as requested', async () => {
    const result = await client.send(
      new GetParametersCommand({
        Names: [`${REF}/prod/db:AWSPREVIOUS`, `${REF}/prod/missing`, `${REF}/prod/db:NOSUCHSTAGE`],
        WithDecryption: true,
      }),
    );

    expect(result.Parameters?.map(({ Value, Selector }) => ({ Value, Selector }))).toEqual([
      { Value: '{"password":"old"}', Selector: ':AWSPREVIOUS' },
    ]);
    expect(result.InvalidParameters).toEqual([`${REF}/prod/missing`, `${REF}/prod/db:NOSUCHSTAGE`]);
  });

  it('throws ParameterNotFound for an unknown secret or stage', async () => {
    const error = await expectSdkError(
      client.send(new GetParameterCommand({ Name: `${REF}/prod/missing`, WithDecryption: true })),
      ParameterNotFound,
      400,
    );
    await expectSdkError(
      client.send(new GetParameterCommand({ Name: `${REF}/prod/db:NOSUCHSTAGE`, WithDecryption: true })),
      ParameterNotFound,
      400,
    );

    expect(error.message).toContain('when referencing Secrets Manager');
  });

  it('rejects GetParametersByPath on the reference prefix', async () => {
    await expectSdkError(
      client.send(new GetParametersByPathCommand({ Path: REF, WithDecryption: true })),
      ValidationException,
      400,
    );
    await expectSdkError(
      client.send(
        new GetParametersByPathCommand({ Path: `${REF}/prod`, Recursive: true, WithDecryption: true }),
      ),
      ValidationException,
      400,
    );
  });

  it('makes a new secret value AWSCURRENT and the old one AWSPREVIOUS', async () => {
    server.putSecret({ name: 'rotating', value: 'v1' });
    server.putSecret({ name: 'rotating', value: 'v2' });
    const newest = server.putSecret({ name: 'rotating', value: 'v3' });

    const result = await client.send(
      new GetParametersCommand({
        Names: [`${REF}/rotating`, `${REF}/rotating:AWSPREVIOUS`, `${REF}/rotating:${newest}`],
        WithDecryption: true,
      }),
    );

    expect(result.Parameters?.map((parameter) => parameter.Value)).toEqual(['v3', 'v2', 'v3']);
  });
});
