import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, GetParametersCommand } from '@aws-sdk/client-ssm';
import fc from 'fast-check';
import { type SeedData, startLocalSsm } from '../../src/server/index.js';
import { jsonErrorPosition } from '../../src/server/json-position.js';
import { clientFor, rejectionOf, secretsClientFor } from './helpers.js';

const SECRET = 'S3CR3T-hunter2-value';

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
    ['{"parameters": [{"name": "/x"}]}', /parameters\[0\]\.value to be a string \(parameter '\/x'\)/],
    [
      '{"parameters": [{"name": "/x", "value": "v", "type": "Number"}]}',
      /parameters\[0\]\.type to be one of .* \(parameter '\/x'\)/,
    ],
    ['{"secrets": [{"name": "s", "value": "v", "previous": 3}]}', /secrets\[0\]\.previous .* \(secret 's'\)/],
  ])('rejects the seed file %s with a clear message', async (content, message) => {
    const path = await seedFile(content);

    await expect(startLocalSsm({ seed: path })).rejects.toThrow(message);
  });

  it('loads binary secrets, descriptions and rotation from a file, for the Secrets Manager API', async () => {
    const path = await seedFile(
      JSON.stringify({
        secrets: [
          { name: 'bin/key', value: Buffer.from([9, 8, 7]).toString('base64'), binary: true },
          {
            name: 'rot/db',
            value: 'pw',
            description: 'rotated monthly',
            rotation: { automaticallyAfterDays: 30, nextRotationDate: '2027-02-01T00:00:00Z' },
          },
        ],
      }),
    );
    const server = await startLocalSsm({ seed: path });
    const client = secretsClientFor(server);

    const binary = await client.send(new GetSecretValueCommand({ SecretId: 'bin/key' }));
    const described = await client.send(new DescribeSecretCommand({ SecretId: 'rot/db' }));
    await server.close();

    expect(Buffer.from(binary.SecretBinary ?? new Uint8Array())).toEqual(Buffer.from([9, 8, 7]));
    expect(described).toMatchObject({
      Description: 'rotated monthly',
      RotationEnabled: true,
      RotationRules: { AutomaticallyAfterDays: 30 },
      NextRotationDate: new Date('2027-02-01T00:00:00Z'),
    });
  });

  describe('errors name the file, position, parameter or secret, never a value', () => {
    it('reports invalid JSON by line and column, without the text V8 quotes', async () => {
      const path = await seedFile(
        `{\n  "parameters": [\n    { "name": "/db/password", "value": ${SECRET} }\n  ]\n}\n`,
      );

      const error = (await rejectionOf(startLocalSsm({ seed: path }))) as Error;

      expect(error.message).toBe(
        `Cannot read seed file ${path}: invalid JSON at line 3, column 40 (unexpected character)`,
      );
      expect(error.message).not.toContain('S3CR3T');
      expect(String(error.stack)).not.toContain('S3CR3T');
    });

    it('reports JSON that stops early by where it stops', async () => {
      const path = await seedFile(`{"secrets": [{"name": "s", "value": "${SECRET}"`);

      const error = (await rejectionOf(startLocalSsm({ seed: path }))) as Error;

      expect(error.message).toMatch(/invalid JSON at line 1, column \d+ \(unexpected end of input\)$/);
      expect(error.message).not.toContain(SECRET);
    });

    it.each([
      [
        'a reserved name',
        { parameters: [{ name: 'aws/reserved', value: SECRET }] },
        /parameter 'aws\/reserved'.*can't be prefixed with "aws"/,
      ],
      ['a name with a space (map form)', { parameters: { 'bad name!': SECRET } }, /parameter 'bad name!'/],
      [
        'a value too long',
        { parameters: [{ name: '/long', value: `${SECRET}${'x'.repeat(5000)}` }] },
        /parameter '\/long'.*4096 characters/,
      ],
      [
        'an invalid label',
        { parameters: [{ name: '/labelled', value: SECRET, labels: ['1st'] }] },
        /parameter '\/labelled'.*invalid label\(s\) '1st'/,
      ],
      [
        'an invalid secret name',
        { secrets: [{ name: 'has space', value: SECRET }] },
        /secret 'has space'.*Invalid name/,
      ],
      [
        'binary that is not base64',
        { secrets: [{ name: 'b', value: SECRET, binary: true }] },
        /secrets\[0\]\.value to be base64.* \(secret 'b'\)/,
      ],
      [
        'a secret too large',
        { secrets: [{ name: 'big', value: SECRET.repeat(4000) }] },
        /secret 'big'.*less than or equal to 65536/,
      ],
      [
        'a bad rotation date',
        { secrets: [{ name: 'r', value: SECRET, rotation: { nextRotationDate: 'soon' } }] },
        /rotation\.nextRotationDate/,
      ],
    ])('names what it could not seed: %s', async (_, data, message) => {
      const path = await seedFile(JSON.stringify(data));

      const fromFile = (await rejectionOf(startLocalSsm({ seed: path }))) as Error;
      const inline = (await rejectionOf(startLocalSsm({ seed: data as SeedData }))) as Error;

      expect(fromFile.message).toMatch(message);
      expect(inline.message).toMatch(message);
      expect(`${fromFile.message}${inline.message}`).not.toContain('S3CR3T');
    });
  });

  it('agrees with JSON.parse on what is valid, and on the position where V8 names one', () => {
    /** JSON.parse's verdict, and the offset its message names, if it names one. */
    const parse = (text: string): { valid: boolean; offset?: number } => {
      try {
        JSON.parse(text);
        return { valid: true };
      } catch (error) {
        const offset = /at position (\d+)/.exec((error as Error).message)?.[1];
        return offset === undefined ? { valid: false } : { valid: false, offset: Number(offset) };
      }
    };
    const lineAndColumn = (text: string, offset: number) => {
      const before = text.slice(0, offset).split('\n');
      return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
    };
    const texts = fc.oneof(
      fc.json(),
      fc.json().map((json) => json.slice(0, Math.max(0, json.length - 1))),
      fc.tuple(fc.json(), fc.string({ maxLength: 3 }), fc.nat()).map(([json, noise, at]) => {
        const cut = at % (json.length + 1);
        return `${json.slice(0, cut)}${noise}${json.slice(cut)}`;
      }),
    );

    fc.assert(
      fc.property(texts, (text) => {
        const expected = parse(text);
        const found = jsonErrorPosition(text);
        expect(found === undefined).toBe(expected.valid);
        if (found && expected.offset !== undefined) {
          expect({ line: found.line, column: found.column }).toEqual(lineAndColumn(text, expected.offset));
        }
      }),
    );
  });

  it('rejects a seed file that does not exist', async () => {
    await expect(startLocalSsm({ seed: join(directory, 'missing.json') })).rejects.toThrow(
      /Cannot read seed file/,
    );
  });
});
