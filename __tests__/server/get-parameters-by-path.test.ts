import {
  GetParametersByPathCommand,
  type GetParametersByPathCommandInput,
  InvalidFilterKey,
  InvalidFilterOption,
  InvalidFilterValue,
  InvalidNextToken,
  type Parameter,
  ValidationException,
} from '@aws-sdk/client-ssm';
import { type LocalSsm, startLocalSsm } from '../../src/server/index.js';
import { clientFor, expectSdkError } from './helpers.js';

/** Follow NextToken to the end; returns every page. */
async function allPages(
  client: ReturnType<typeof clientFor>,
  input: GetParametersByPathCommandInput,
): Promise<Parameter[][]> {
  const pages: Parameter[][] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new GetParametersByPathCommand({ ...input, NextToken }));
    pages.push(page.Parameters ?? []);
    NextToken = page.NextToken;
  } while (NextToken);
  return pages;
}

const names = (parameters: readonly Parameter[] | undefined) =>
  (parameters ?? []).map((parameter) => parameter.Name);

describe('GetParametersByPath', () => {
  let server: LocalSsm;
  let client: ReturnType<typeof clientFor>;

  beforeAll(async () => {
    const many = Object.fromEntries(
      Array.from({ length: 25 }, (_, index) => [`/many/p${String(index).padStart(2, '0')}`, `v${index}`]),
    );
    server = await startLocalSsm({
      throughput: 'high',
      seed: {
        parameters: [
          ...Object.entries(many).map(([name, value]) => ({ name, value })),
          { name: '/app/db/host', value: 'db.local' },
          { name: '/app/db/password', value: 's3cret', type: 'SecureString' },
          { name: '/app/db/replica/host', value: 'replica.local' },
          { name: '/app/features', value: 'a,b', type: 'StringList' },
          { name: '/app/name', value: 'app' },
          { name: '/application/other', value: 'not under /app' },
        ],
      },
    });
    server.putParameter({ name: '/labelled/a', value: 'one' });
    server.putParameter({ name: '/labelled/a', value: 'two' });
    server.putParameter({ name: '/labelled/b', value: 'unlabelled' });
    server.labelParameterVersion('/labelled/a', ['prod'], 1);
    client = clientFor(server);
  });

  afterAll(() => server.close());

  it('returns 25 parameters in pages of 10, 10 and 5: three calls', async () => {
    server.resetStats();

    const pages = await allPages(client, { Path: '/many' });

    expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
    expect(pages.flat().map((parameter) => parameter.Name)).toEqual(
      Array.from({ length: 25 }, (_, index) => `/many/p${String(index).padStart(2, '0')}`),
    );
    expect(server.stats().byOperation.GetParametersByPath?.ok).toBe(3);
  });

  it('honours MaxResults below 10', async () => {
    const pages = await allPages(client, { Path: '/many', MaxResults: 7 });

    expect(pages.map((page) => page.length)).toEqual([7, 7, 7, 4]);
  });

  it('returns only direct children unless Recursive is true (default false, as AWS)', async () => {
    const oneLevel = await client.send(new GetParametersByPathCommand({ Path: '/app' }));
    const recursive = await client.send(new GetParametersByPathCommand({ Path: '/app', Recursive: true }));

    expect(names(oneLevel.Parameters)).toEqual(['/app/features', '/app/name']);
    expect(names(recursive.Parameters)).toEqual([
      '/app/db/host',
      '/app/db/password',
      '/app/db/replica/host',
      '/app/features',
      '/app/name',
    ]);
  });

  it('treats a trailing slash like none and never matches a sibling prefix', async () => {
    const page = await client.send(new GetParametersByPathCommand({ Path: '/app/db/', Recursive: false }));

    expect(names(page.Parameters)).toEqual(['/app/db/host', '/app/db/password']);
  });

  it('lists every hierarchy from the root path', async () => {
    const pages = await allPages(client, { Path: '/', Recursive: true });

    expect(pages.flat()).toHaveLength(33);
  });

  it('returns SecureString ciphertext without decryption and the plaintext with it', async () => {
    const hidden = await client.send(new GetParametersByPathCommand({ Path: '/app/db' }));
    const shown = await client.send(
      new GetParametersByPathCommand({ Path: '/app/db', WithDecryption: true }),
    );

    const hiddenValue = hidden.Parameters?.find((parameter) => parameter.Name === '/app/db/password')?.Value;
    expect(hiddenValue).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(hiddenValue).not.toContain('s3cret');
    expect(shown.Parameters?.find((parameter) => parameter.Name === '/app/db/password')?.Value).toBe(
      's3cret',
    );
    expect(shown.Parameters?.find((parameter) => parameter.Name === '/app/db/host')?.Value).toBe('db.local');
  });

  it('returns the full Parameter shape with an ARN', async () => {
    const page = await client.send(new GetParametersByPathCommand({ Path: '/app', ParameterFilters: [] }));

    expect(page.Parameters?.[1]).toEqual({
      Name: '/app/name',
      Type: 'String',
      Value: 'app',
      Version: 1,
      LastModifiedDate: expect.any(Date),
      ARN: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/name',
      DataType: 'text',
    });
  });

  describe('ParameterFilters', () => {
    it('filters by Type with Equals and BeginsWith', async () => {
      const secure = await client.send(
        new GetParametersByPathCommand({
          Path: '/app',
          Recursive: true,
          ParameterFilters: [{ Key: 'Type', Values: ['SecureString'] }],
        }),
      );
      const stringish = await client.send(
        new GetParametersByPathCommand({
          Path: '/app',
          Recursive: true,
          ParameterFilters: [{ Key: 'Type', Option: 'BeginsWith', Values: ['StringL'] }],
        }),
      );

      expect(names(secure.Parameters)).toEqual(['/app/db/password']);
      expect(names(stringish.Parameters)).toEqual(['/app/features']);
    });

    it('filters by KeyId (SecureStrings default to alias/aws/ssm)', async () => {
      const page = await client.send(
        new GetParametersByPathCommand({
          Path: '/app',
          Recursive: true,
          ParameterFilters: [{ Key: 'KeyId', Values: ['alias/aws/ssm'] }],
        }),
      );

      expect(names(page.Parameters)).toEqual(['/app/db/password']);
    });

    it('filters by Label and returns the labelled version, not the latest', async () => {
      const page = await client.send(
        new GetParametersByPathCommand({
          Path: '/labelled',
          ParameterFilters: [{ Key: 'Label', Values: ['prod'] }],
        }),
      );

      expect(page.Parameters).toEqual([
        expect.objectContaining({ Name: '/labelled/a', Value: 'one', Version: 1 }),
      ]);
    });

    it.each(['Name', 'Path', 'Tier', 'DataType', 'tag:team'])(
      'rejects the %s key with InvalidFilterKey',
      async (key) => {
        const error = await expectSdkError(
          client.send(
            new GetParametersByPathCommand({ Path: '/app', ParameterFilters: [{ Key: key, Values: ['x'] }] }),
          ),
          InvalidFilterKey,
          400,
        );

        expect(error.message).toBe(
          `The following filter key is not valid: ${key}. Valid filter keys include: [Type, KeyId, Label].`,
        );
      },
    );

    it('rejects a key outside the API pattern with ValidationException', async () => {
      const error = await expectSdkError(
        client.send(
          new GetParametersByPathCommand({
            Path: '/app',
            ParameterFilters: [{ Key: 'Colour', Values: ['x'] }],
          }),
        ),
        ValidationException,
        400,
      );

      expect(error.message).toContain("at 'parameterFilters.1.member.key' failed to satisfy constraint");
    });

    it('accepts only Equals for Label', async () => {
      await expectSdkError(
        client.send(
          new GetParametersByPathCommand({
            Path: '/app',
            ParameterFilters: [{ Key: 'Label', Option: 'BeginsWith', Values: ['pr'] }],
          }),
        ),
        InvalidFilterOption,
        400,
      );
    });

    it('rejects a Type value that is not a parameter type', async () => {
      await expectSdkError(
        client.send(
          new GetParametersByPathCommand({
            Path: '/app',
            ParameterFilters: [{ Key: 'Type', Values: ['Number'] }],
          }),
        ),
        InvalidFilterValue,
        400,
      );
    });
  });

  describe('validation', () => {
    it.each([
      [11, 'less than or equal to 10'],
      [0, 'greater than or equal to 1'],
    ])('rejects MaxResults %d with ValidationException', async (maxResults, bound) => {
      const error = await expectSdkError(
        client.send(new GetParametersByPathCommand({ Path: '/many', MaxResults: maxResults })),
        ValidationException,
        400,
      );

      expect(error.message).toBe(
        `1 validation error detected: Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value ${bound}`,
      );
    });

    it.each(['not-a-token', 'x.y'])('rejects the NextToken %p with InvalidNextToken', async (token) => {
      await expectSdkError(
        client.send(new GetParametersByPathCommand({ Path: '/many', NextToken: token })),
        InvalidNextToken,
        400,
      );
    });

    it('rejects a tampered NextToken and a token from another query', async () => {
      const first = await client.send(new GetParametersByPathCommand({ Path: '/many' }));
      const token = first.NextToken ?? '';
      const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;

      await expectSdkError(
        client.send(new GetParametersByPathCommand({ Path: '/many', NextToken: tampered })),
        InvalidNextToken,
        400,
      );
      await expectSdkError(
        client.send(new GetParametersByPathCommand({ Path: '/app', NextToken: token })),
        InvalidNextToken,
        400,
      );
    });

    it.each(['app', '/app//db', '/app/d b'])('rejects the malformed path %p', async (path) => {
      const error = await expectSdkError(
        client.send(new GetParametersByPathCommand({ Path: path })),
        ValidationException,
        400,
      );

      expect(error.message).toMatch(/^The parameter doesn't meet the parameter name requirements/);
    });
  });
});
