import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetParameterCommand, GetParametersCommand } from '@aws-sdk/client-ssm';
import { type SeedData, startLocalSsm } from '../../src/server/index.js';
import { clientFor } from './helpers.js';

describe('seeding', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'local-ssm-seed-'));
  });

  afterAll(() => rm(directory, { recursive: true, force: true }));

  async function seedFile(content: string): Promise<string> {
    const path = join(directory, `seed-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(path, content);
    return path;
  }

  it('loads parameters (with types and labels) and secrets from a JSON file', async () => {
    const data: SeedData = {
      parameters: [
        { name: '/s/plain', value: 'p' },
        { name: '/s/secure', value: 'hidden', type: 'SecureString', labels: ['prod'] },
      ],
      secrets: [{ name: 'svc/key', value: 'current', previous: 'older' }],
    };
    const server = await startLocalSsm({ seed: await seedFile(JSON.stringify(data)) });
    const client = clientFor(server);

    const result = await client.send(
      new GetParametersCommand({
        Names: ['/s/plain', '/s/secure:prod', '/aws/reference/secretsmanager/svc/key:AWSPREVIOUS'],
        WithDecryption: true,
      }),
    );
    await server.close();

    expect(result.Parameters?.map(({ Name, Type, Value }) => ({ Name, Type, Value }))).toEqual([
      { Name: '/aws/reference/secretsmanager/svc/key', Type: 'SecureString', Value: 'older' },
      { Name: '/s/plain', Type: 'String', Value: 'p' },
      { Name: '/s/secure', Type: 'SecureString', Value: 'hidden' },
    ]);
  });

  it('accepts a map of name to String value', async () => {
    const server = await startLocalSsm({ seed: { parameters: { '/m/a': 'one', '/m/b': 'two' } } });

    const { Parameter } = await clientFor(server).send(new GetParameterCommand({ Name: '/m/b' }));
    await server.close();

    expect(Parameter).toMatchObject({ Type: 'String', Value: 'two' });
  });

  it('seeds at runtime through seed() and PutParameter-like helpers', async () => {
    const server = await startLocalSsm();
    server.seed({ parameters: { '/r/a': 'a' } });
    server.seed({ parameters: { '/r/a': 'a2' } });

    const { Parameter } = await clientFor(server).send(new GetParameterCommand({ Name: '/r/a' }));
    await server.close();

    expect(Parameter).toMatchObject({ Value: 'a2', Version: 2 });
  });

  it.each([
    ['{ not json', /Cannot read seed file .*seed-.*\.json/],
    ['{"params": {}}', /Unknown key\(s\) in .*: params/],
    ['{"parameters": [{"name": "/x"}]}', /parameters\[0\] \('\/x'\)\.value to be a string/],
    [
      '{"parameters": [{"name": "/x", "value": "v", "type": "Number"}]}',
      /parameters\[0\] \('\/x'\)\.type to be one of/,
    ],
    ['{"secrets": [{"name": "s", "value": "v", "previous": 3}]}', /secrets\[0\] \('s'\)\.previous/],
  ])('rejects the seed file %s with a clear message', async (content, message) => {
    const path = await seedFile(content);

    await expect(startLocalSsm({ seed: path })).rejects.toThrow(message);
  });

  it('rejects a seed file that does not exist', async () => {
    await expect(startLocalSsm({ seed: join(directory, 'missing.json') })).rejects.toThrow(
      /Cannot read seed file/,
    );
  });
});
