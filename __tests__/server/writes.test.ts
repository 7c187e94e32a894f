import {
  DeleteParameterCommand,
  DeleteParametersCommand,
  GetParameterCommand,
  LabelParameterVersionCommand,
  ParameterAlreadyExists,
  ParameterNotFound,
  ParameterVersionNotFound,
  PutParameterCommand,
  ValidationException,
} from '@aws-sdk/client-ssm';
import { type LocalSsm, LocalSsmError, startLocalSsm } from '../../src/server/index.js';
import { clientFor, expectSdkError } from './helpers.js';

describe('writes', () => {
  let server: LocalSsm;
  let client: ReturnType<typeof clientFor>;

  beforeAll(async () => {
    server = await startLocalSsm();
    client = clientFor(server);
  });

  afterAll(() => server.close());

  describe('PutParameter', () => {
    it('creates version 1, then increments with Overwrite, and returns the tier', async () => {
      const created = await client.send(
        new PutParameterCommand({ Name: '/w/a', Value: '1', Type: 'String' }),
      );
      const updated = await client.send(
        new PutParameterCommand({ Name: '/w/a', Value: '2', Overwrite: true }),
      );
      const { Parameter } = await client.send(new GetParameterCommand({ Name: '/w/a' }));

      expect([created.Version, created.Tier]).toEqual([1, 'Standard']);
      expect(updated.Version).toBe(2);
      expect(Parameter).toMatchObject({ Value: '2', Version: 2, Type: 'String' });
    });

    it('throws ParameterAlreadyExists without Overwrite', async () => {
      await client.send(new PutParameterCommand({ Name: '/w/exists', Value: '1', Type: 'String' }));

      await expectSdkError(
        client.send(new PutParameterCommand({ Name: '/w/exists', Value: '2', Type: 'String' })),
        ParameterAlreadyExists,
        400,
      );
    });

    it.each(['String', 'StringList', 'SecureString'] as const)('stores a %s', async (type) => {
      await client.send(new PutParameterCommand({ Name: `/w/type/${type}`, Value: 'a,b', Type: type }));

      const { Parameter } = await client.send(
        new GetParameterCommand({ Name: `/w/type/${type}`, WithDecryption: true }),
      );

      expect(Parameter).toMatchObject({ Type: type, Value: 'a,b' });
    });

    it('requires a type for a new parameter', async () => {
      await expectSdkError(
        client.send(new PutParameterCommand({ Name: '/w/untyped', Value: 'x' })),
        ValidationException,
        400,
      );
    });

    it.each(['/aws/mine', 'ssm-thing', '/a//b', '/has space'])('rejects the name %p', async (name) => {
      await expectSdkError(
        client.send(new PutParameterCommand({ Name: name, Value: 'x', Type: 'String' })),
        ValidationException,
        400,
      );
    });

    it('rejects a standard value over 4 KB and accepts it in the advanced tier', async () => {
      const big = 'x'.repeat(5000);

      await expectSdkError(
        client.send(new PutParameterCommand({ Name: '/w/big', Value: big, Type: 'String' })),
        ValidationException,
        400,
      );
      const advanced = await client.send(
        new PutParameterCommand({ Name: '/w/big', Value: big, Type: 'String', Tier: 'Advanced' }),
      );

      expect(advanced.Tier).toBe('Advanced');
    });
  });

  describe('DeleteParameter(s)', () => {
    it('deletes every version, then throws ParameterNotFound', async () => {
      server.putParameter({ name: '/w/gone', value: '1' });
      server.putParameter({ name: '/w/gone', value: '2' });

      await client.send(new DeleteParameterCommand({ Name: '/w/gone' }));

      await expectSdkError(
        client.send(new GetParameterCommand({ Name: '/w/gone:1' })),
        ParameterNotFound,
        400,
      );
      await expectSdkError(
        client.send(new DeleteParameterCommand({ Name: '/w/gone' })),
        ParameterNotFound,
        400,
      );
    });

    it('reports deleted and invalid names', async () => {
      server.putParameter({ name: '/w/d1', value: '1' });
      server.putParameter({ name: '/w/d2', value: '2' });

      const result = await client.send(new DeleteParametersCommand({ Names: ['/w/d1', '/w/nope', '/w/d2'] }));

      expect(result.DeletedParameters).toEqual(['/w/d1', '/w/d2']);
      expect(result.InvalidParameters).toEqual(['/w/nope']);
    });
  });

  describe('LabelParameterVersion', () => {
    it('labels the latest version by default and moves a label between versions', async () => {
      server.putParameter({ name: '/w/l', value: 'one' });
      server.putParameter({ name: '/w/l', value: 'two' });

      const first = await client.send(new LabelParameterVersionCommand({ Name: '/w/l', Labels: ['prod'] }));
      const before = await client.send(new GetParameterCommand({ Name: '/w/l:prod' }));
      await client.send(
        new LabelParameterVersionCommand({ Name: '/w/l', Labels: ['prod'], ParameterVersion: 1 }),
      );
      const after = await client.send(new GetParameterCommand({ Name: '/w/l:prod' }));

      expect(first).toMatchObject({ ParameterVersion: 2, InvalidLabels: [] });
      expect(before.Parameter?.Value).toBe('two');
      expect(after.Parameter?.Value).toBe('one');
    });

    it('returns labels that break the naming rules as InvalidLabels', async () => {
      server.putParameter({ name: '/w/bad-labels', value: 'x' });

      const result = await client.send(
        new LabelParameterVersionCommand({
          Name: '/w/bad-labels',
          Labels: ['1st', 'awsy', 'ok_label', 'sp ace'],
        }),
      );

      expect(result.InvalidLabels).toEqual(['1st', 'awsy', 'sp ace']);
    });

    it('throws ParameterVersionNotFound for a missing version and ParameterNotFound for a missing name', async () => {
      server.putParameter({ name: '/w/one-version', value: 'x' });

      await expectSdkError(
        client.send(
          new LabelParameterVersionCommand({ Name: '/w/one-version', Labels: ['a'], ParameterVersion: 5 }),
        ),
        ParameterVersionNotFound,
        400,
      );
      await expectSdkError(
        client.send(new LabelParameterVersionCommand({ Name: '/w/none', Labels: ['a'] })),
        ParameterNotFound,
        400,
      );
    });
  });

  describe('in-process API', () => {
    it('putParameter overwrites by default and returns the version', () => {
      expect(server.putParameter({ name: '/w/api', value: '1' })).toBe(1);
      expect(server.putParameter({ name: '/w/api', value: '2' })).toBe(2);
    });

    it('putParameter with overwrite false throws ParameterAlreadyExists as a LocalSsmError', () => {
      server.putParameter({ name: '/w/api-strict', value: '1' });

      expect(() => server.putParameter({ name: '/w/api-strict', value: '2', overwrite: false })).toThrow(
        expect.objectContaining({ type: 'ParameterAlreadyExists' }),
      );
    });

    it('deleteParameter throws for a missing name', () => {
      expect(() => server.deleteParameter('/w/never')).toThrow(LocalSsmError);
    });
  });
});
