import {
  GetParameterCommand,
  GetParametersCommand,
  ParameterNotFound,
  ParameterVersionNotFound,
  ValidationException,
} from '@aws-sdk/client-ssm';
import { type LocalSsm, startLocalSsm } from '../../src/server/index.js';
import { clientFor, expectSdkError } from './helpers.js';

describe('GetParameters and GetParameter', () => {
  let server: LocalSsm;
  let client: ReturnType<typeof clientFor>;

  beforeAll(async () => {
    server = await startLocalSsm({
      throughput: 'high',
      seed: {
        parameters: [
          { name: '/app/b', value: 'bee' },
          { name: '/app/a', value: 'ay' },
          { name: '/app/secret', value: 'hunter2', type: 'SecureString' },
          { name: 'flat', value: 'no hierarchy' },
        ],
      },
    });
    server.putParameter({ name: '/app/versioned', value: 'first' });
    server.putParameter({ name: '/app/versioned', value: 'second' });
    server.putParameter({ name: '/app/versioned', value: 'third' });
    server.labelParameterVersion('/app/versioned', ['prod'], 2);
    client = clientFor(server);
  });

  afterAll(() => server.close());

  describe('GetParameters', () => {
    it('returns found parameters sorted by name and lists unknown names, with no exception', async () => {
      const result = await client.send(new GetParametersCommand({ Names: ['/app/b', '/missing', '/app/a'] }));

      expect(result.Parameters?.map((parameter) => [parameter.Name, parameter.Value])).toEqual([
        ['/app/a', 'ay'],
        ['/app/b', 'bee'],
      ]);
      expect(result.InvalidParameters).toEqual(['/missing']);
    });

    it('accepts 10 names and rejects 11 with ValidationException', async () => {
      const ten = Array.from({ length: 10 }, (_, index) => `/n${index}`);

      const result = await client.send(new GetParametersCommand({ Names: ten }));
      const error = await expectSdkError(
        client.send(new GetParametersCommand({ Names: [...ten, '/n10'] })),
        ValidationException,
        400,
      );

      expect(result.InvalidParameters).toHaveLength(10);
      expect(error.message).toMatch(
        /^1 validation error detected: Value '\[.*\]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10$/,
      );
    });

    it('rejects an empty list of names', async () => {
      await expectSdkError(client.send(new GetParametersCommand({ Names: [] })), ValidationException, 400);
    });

    it('resolves :version and :label selectors, returning the bare Name and the Selector', async () => {
      const result = await client.send(
        new GetParametersCommand({ Names: ['/app/versioned:1', '/app/versioned:prod', '/app/versioned'] }),
      );

      expect(
        result.Parameters?.map(({ Name, Selector, Value, Version }) => ({ Name, Selector, Value, Version })),
      ).toEqual([
        { Name: '/app/versioned', Selector: ':1', Value: 'first', Version: 1 },
        { Name: '/app/versioned', Selector: ':prod', Value: 'second', Version: 2 },
        { Name: '/app/versioned', Selector: undefined, Value: 'third', Version: 3 },
      ]);
    });

    it('lists unknown versions, unknown labels and malformed selectors as requested', async () => {
      const requested = ['/app/versioned:9', '/app/versioned:staging', '/app/a:1:2', '/app/a'];

      const result = await client.send(new GetParametersCommand({ Names: requested }));

      expect(result.Parameters?.map((parameter) => parameter.Name)).toEqual(['/app/a']);
      expect(result.InvalidParameters).toEqual(['/app/versioned:9', '/app/versioned:staging', '/app/a:1:2']);
    });

    it('resolves full ARNs, with selectors, and returns the bare name', async () => {
      const arn = 'arn:aws:ssm:us-east-1:123456789012:parameter/app/versioned';

      const result = await client.send(
        new GetParametersCommand({
          Names: [arn, `${arn}:1`, 'arn:aws:ssm:us-east-1:123456789012:parameter/flat'],
        }),
      );

      expect(result.Parameters?.map(({ Name, Selector, Value }) => ({ Name, Selector, Value }))).toEqual([
        { Name: '/app/versioned', Selector: undefined, Value: 'third' },
        { Name: '/app/versioned', Selector: ':1', Value: 'first' },
        { Name: 'flat', Selector: undefined, Value: 'no hierarchy' },
      ]);
      expect(result.InvalidParameters).toEqual([]);
    });

    it('lists ARNs of another account or region as invalid', async () => {
      const names = [
        'arn:aws:ssm:us-east-1:999999999999:parameter/app/a',
        'arn:aws:ssm:eu-west-1:123456789012:parameter/app/a',
        'arn:aws:sqs:us-east-1:123456789012:parameter/app/a',
      ];

      const result = await client.send(new GetParametersCommand({ Names: names }));

      expect(result.Parameters).toEqual([]);
      expect(result.InvalidParameters).toEqual(names);
    });

    it('decrypts SecureString only with WithDecryption', async () => {
      const hidden = await client.send(new GetParametersCommand({ Names: ['/app/secret'] }));
      const shown = await client.send(
        new GetParametersCommand({ Names: ['/app/secret'], WithDecryption: true }),
      );

      expect(hidden.Parameters?.[0]?.Value).not.toContain('hunter2');
      expect(hidden.Parameters?.[0]?.Type).toBe('SecureString');
      expect(shown.Parameters?.[0]?.Value).toBe('hunter2');
    });
  });

  describe('GetParameter', () => {
    it('returns the parameter with its ARN, version, type and data type', async () => {
      const { Parameter } = await client.send(new GetParameterCommand({ Name: '/app/a' }));

      expect(Parameter).toEqual({
        Name: '/app/a',
        Type: 'String',
        Value: 'ay',
        Version: 1,
        LastModifiedDate: expect.any(Date),
        ARN: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/a',
        DataType: 'text',
      });
    });

    it('resolves a label selector to the bare name and a Selector', async () => {
      const { Parameter } = await client.send(new GetParameterCommand({ Name: '/app/versioned:prod' }));

      expect(Parameter).toMatchObject({
        Name: '/app/versioned',
        Selector: ':prod',
        Value: 'second',
        Version: 2,
      });
    });

    it('throws ParameterNotFound for an unknown name or label', async () => {
      await expectSdkError(
        client.send(new GetParameterCommand({ Name: '/missing' })),
        ParameterNotFound,
        400,
      );
      await expectSdkError(
        client.send(new GetParameterCommand({ Name: '/app/versioned:staging' })),
        ParameterNotFound,
        400,
      );
    });

    it('throws ParameterVersionNotFound for an unknown version', async () => {
      const error = await expectSdkError(
        client.send(new GetParameterCommand({ Name: '/app/versioned:7' })),
        ParameterVersionNotFound,
        400,
      );

      expect(error.message).toBe(
        'Systems Manager could not find version 7 of /app/versioned. Verify the version and try again.',
      );
    });

    it('throws ValidationException for a malformed selector', async () => {
      await expectSdkError(
        client.send(new GetParameterCommand({ Name: '/app/a:1:2' })),
        ValidationException,
        400,
      );
    });
  });
});

describe('ARNs in every partition', () => {
  it.each([
    ['aws', 'us-west-2'],
    ['aws-cn', 'cn-north-1'],
    ['aws-us-gov', 'us-gov-west-1'],
  ])('resolves %s ARNs for a server in %s', async (partition, region) => {
    const server = await startLocalSsm({
      region,
      accountId: '111122223333',
      seed: { parameters: { '/x/y': 'v' } },
    });
    const client = clientFor(server);
    const arn = `arn:${partition}:ssm:${region}:111122223333:parameter/x/y`;

    try {
      const batch = await client.send(new GetParametersCommand({ Names: [arn, `${arn}:1`] }));
      const single = await client.send(new GetParameterCommand({ Name: arn }));

      expect(batch.Parameters?.map(({ Name, Selector, ARN }) => ({ Name, Selector, ARN }))).toEqual([
        { Name: '/x/y', Selector: undefined, ARN: arn },
        { Name: '/x/y', Selector: ':1', ARN: arn },
      ]);
      expect(single.Parameter?.ARN).toBe(arn);
    } finally {
      await server.close();
    }
  });
});
