/**
 * `from-ecs`: a task definition's secrets as middleware options or env references, with the least-privilege policy
 * for exactly those reads — and the env references it prints resolve through the middleware to the same values.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromEcsCommand } from '../../src/cli/commands/fromEcs.js';
import { buildPolicy } from '../../src/cli/policy/buildPolicy.js';
import { runCli } from '../../src/cli/run.js';
import { findEnvReferences } from '../../src/references/envReferences.js';
import { recordingIo, temporaryDirectory } from './helpers.js';

const SECRETS = [
  {
    name: 'DATABASE_PASSWORD',
    valueFrom: 'arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/db-AbCdEf:password::',
  },
  { name: 'API_KEY', valueFrom: 'arn:aws:ssm:us-west-2:123456789012:parameter/myapp/prod/API_KEY' },
  { name: 'LOG_LEVEL', valueFrom: '/myapp/prod/LOG_LEVEL' },
];
const PLAIN_VALUE = 'plain-environment-value-never-printed';
const describeOutput = {
  taskDefinition: {
    family: 'app',
    containerDefinitions: [
      { name: 'app', image: 'app', environment: [{ name: 'PLAIN', value: PLAIN_VALUE }], secrets: SECRETS },
      { name: 'sidecar', image: 'envoy' },
    ],
  },
};
const SCOPE = ['--region', 'us-west-2', '--account', '123456789012'];

let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
let described: string;
let registered: string;

beforeAll(async () => {
  directory = await temporaryDirectory();
  described = join(directory.path, 'described.json');
  registered = join(directory.path, 'registered.json');
  await writeFile(described, JSON.stringify(describeOutput));
  await writeFile(
    registered,
    JSON.stringify({
      containerDefinitions: [
        { name: 'web', secrets: SECRETS.slice(0, 1) },
        { name: 'worker', secrets: SECRETS.slice(1) },
      ],
    }),
  );
});

afterAll(() => directory.remove());

const run = async (args: string[]) => {
  const io = recordingIo();
  const code = await fromEcsCommand(args, io);
  return { code, io };
};

describe('middy-ssm-env from-ecs', () => {
  it('prints the secrets array as options, the env references and the policy (describe-task-definition shape)', async () => {
    const { code, io } = await run([described, ...SCOPE]);

    expect(code).toBe(0);
    const document = JSON.parse(io.out.join('\n'));
    expect(document.container).toBe('app');
    expect(document.options).toEqual({ secrets: SECRETS });
    expect(document.environment).toEqual({
      DATABASE_PASSWORD: `secretsmanager:${SECRETS[0]?.valueFrom}`,
      API_KEY: `ssm:${SECRETS[1]?.valueFrom}`,
      LOG_LEVEL: 'ssm:/myapp/prod/LOG_LEVEL',
    });
    expect(document.policy.Statement).toEqual([
      {
        Sid: 'ReadParametersByName',
        Effect: 'Allow',
        Action: ['ssm:GetParameters'],
        Resource: [
          'arn:aws:ssm:us-west-2:123456789012:parameter/myapp/prod/API_KEY',
          'arn:aws:ssm:us-west-2:123456789012:parameter/myapp/prod/LOG_LEVEL',
        ],
      },
      {
        Sid: 'ReadSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: [
          'arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/db-AbCdEf',
          'arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/db-AbCdEf-??????',
        ],
      },
    ]);
    expect(io.text()).not.toContain(PLAIN_VALUE);
  });

  it('prints env references the middleware reads natively (Terraform), with the policy block', async () => {
    const { code, io } = await run([described, ...SCOPE, '--format', 'terraform']);

    expect(code).toBe(0);
    const text = io.out.join('\n');
    expect(text).toContain('# Middleware: ssmEnv({ resolveEnvReferences: true })');
    expect(text).toMatch(/DATABASE_PASSWORD = "secretsmanager:arn:aws:secretsmanager:.*:password::"/);
    expect(text).toContain('data "aws_iam_policy_document" "middy_ssm_env" {');
    const env = Object.fromEntries(
      [...text.matchAll(/^ {4}(\w+)\s+= "(.*)"$/gm)].map((match) => [match[1], match[2]]),
    );
    expect(findEnvReferences(env).map(({ variable, service }) => [variable, service])).toEqual([
      ['DATABASE_PASSWORD', 'secretsmanager'],
      ['API_KEY', 'ssm'],
      ['LOG_LEVEL', 'ssm'],
    ]);
  });

  it('prints SAM Environment and Policies', async () => {
    const { code, io } = await run([described, ...SCOPE, '--format', 'sam']);

    expect(code).toBe(0);
    expect(io.out).toEqual(
      expect.arrayContaining([
        'Environment:',
        '  Variables:',
        '    LOG_LEVEL: "ssm:/myapp/prod/LOG_LEVEL"',
        'Policies:',
        '  - Version: "2012-10-17"',
        '          - "secretsmanager:GetSecretValue"',
      ]),
    );
  });

  it('reads the registered JSON shape and picks the container by --container', async () => {
    const { code, io } = await run([registered, ...SCOPE, '--container', 'worker']);

    expect(code).toBe(0);
    expect(JSON.parse(io.out.join('\n')).options.secrets).toEqual(SECRETS.slice(1));
  });

  it('asks for --container when several containers have secrets, and names them', async () => {
    const { code, io } = await run([registered]);

    expect(code).toBe(2);
    expect(io.err[0]).toContain(
      '2 containers with secrets; choose one with --container (containers: web, worker)',
    );
  });

  it('refuses a valueFrom the middleware cannot read, naming the entry', async () => {
    const bad = join(directory.path, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify({
        containerDefinitions: [{ name: 'app', secrets: [{ name: 'X', valueFrom: 'arn:aws:s3:::b' }] }],
      }),
    );

    const { code, io } = await run([bad]);

    expect(code).toBe(2);
    expect(io.err[0]).toContain(
      "container app: secrets[0] (X): invalid valueFrom 'arn:aws:s3:::b': unknown service 's3'",
    );
  });

  it('fails without quoting a file that is not JSON', async () => {
    const broken = join(directory.path, 'broken.json');
    await writeFile(broken, `{"secret": "${PLAIN_VALUE}"`);

    const { code, io } = await run([broken]);

    expect(code).toBe(1);
    expect(io.text()).not.toContain(PLAIN_VALUE);
  });

  it('is registered in the command table', async () => {
    const io = recordingIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out.join('\n')).toContain('from-ecs');
  });
});

describe('policy for Secrets Manager ARNs', () => {
  const scope = { partition: 'aws', region: 'us-east-1', account: '123456789012' };

  it('grants GetSecretValue on partial and full ARNs, and BatchGetSecretValue when current versions are batched', () => {
    const policy = buildPolicy({
      targets: [
        'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db:password::',
        'secretsmanager:prod/api:key::',
        'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/old::AWSPREVIOUS:',
      ],
      scope,
      kmsKeys: [],
      manifest: false,
    });

    expect(policy.Statement).toEqual([
      {
        Sid: 'ReadSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: [
          'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api-??????',
          'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-??????',
          'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/old-??????',
        ],
      },
      {
        Sid: 'ReadSecretsInBatches',
        Effect: 'Allow',
        Action: ['secretsmanager:BatchGetSecretValue'],
        Resource: ['*'],
      },
    ]);
  });

  it('grants kms:Decrypt through Secrets Manager only, for a customer managed key', () => {
    const key = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const policy = buildPolicy({
      targets: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db'],
      scope,
      kmsKeys: [key],
      manifest: false,
    });

    expect(policy.Statement.at(-1)).toEqual({
      Sid: 'DecryptSecureStrings',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [key],
      Condition: { StringEquals: { 'kms:ViaService': ['secretsmanager.us-east-1.amazonaws.com'] } },
    });
  });
});
