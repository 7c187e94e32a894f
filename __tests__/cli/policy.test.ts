import { buildPolicy, type PolicyInput } from 'middy-ssm-env/policy';
import { policyCommand } from '../../src/cli/commands/policy.js';
import { recordingIo } from './helpers.js';

const SCOPE = { partition: 'aws', region: 'us-east-1', account: '123456789012' };
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

// Through the public entry, with its defaults (no KMS keys, paths read by path) unless a test says otherwise.
const policyFor = (targets: string[], overrides: Partial<PolicyInput> = {}) =>
  buildPolicy({ targets, scope: SCOPE, ...overrides });

describe('buildPolicy', () => {
  it('grants GetParametersByPath on the path itself, with and without its trailing slash, and nothing below', () => {
    expect(policyFor(['/myapp/prod/'])).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadPathsByPath',
          Effect: 'Allow',
          Action: ['ssm:GetParametersByPath'],
          Resource: [
            'arn:aws:ssm:us-east-1:123456789012:parameter/myapp/prod',
            'arn:aws:ssm:us-east-1:123456789012:parameter/myapp/prod/',
          ],
        },
      ],
    });
  });

  it('grants GetParameters on the names below a path fetched with a manifest, instead of ByPath', () => {
    expect(policyFor(['/myapp/prod/'], { manifest: true }).Statement).toEqual([
      {
        Sid: 'ReadParametersByName',
        Effect: 'Allow',
        Action: ['ssm:GetParameters'],
        Resource: ['arn:aws:ssm:us-east-1:123456789012:parameter/myapp/prod/*'],
      },
    ]);
  });

  it('grants GetParameters on each name, without selector or JSON key, an ARN on its own account and Region', () => {
    const policy = policyFor([
      '/myapp/prod/db/host',
      '/myapp/prod/flag:3',
      '/myapp/prod/feature:live',
      'ssm:/myapp/prod/config#timeout',
      'plain-name',
      'arn:aws-cn:ssm:cn-north-1:999999999999:parameter/shared/key:2',
      '/myapp/prod/db/host',
    ]);

    expect(policy.Statement).toEqual([
      {
        Sid: 'ReadParametersByName',
        Effect: 'Allow',
        Action: ['ssm:GetParameters'],
        Resource: [
          'arn:aws-cn:ssm:cn-north-1:999999999999:parameter/shared/key',
          'arn:aws:ssm:us-east-1:123456789012:parameter/myapp/prod/config',
          'arn:aws:ssm:us-east-1:123456789012:parameter/myapp/prod/db/host',
          'arn:aws:ssm:us-east-1:123456789012:parameter/myapp/prod/feature',
          'arn:aws:ssm:us-east-1:123456789012:parameter/myapp/prod/flag',
          'arn:aws:ssm:us-east-1:123456789012:parameter/plain-name',
        ],
      },
    ]);
  });

  it('grants GetSecretValue on a referenced secret, whatever its random suffix', () => {
    const policy = policyFor([
      '/aws/reference/secretsmanager/prod/db:AWSPREVIOUS',
      'secretsmanager:prod/api#key',
    ]);

    expect(policy.Statement).toEqual([
      {
        Sid: 'ReadParametersByName',
        Effect: 'Allow',
        Action: ['ssm:GetParameters'],
        Resource: [
          'arn:aws:ssm:us-east-1:123456789012:parameter/aws/reference/secretsmanager/prod/api',
          'arn:aws:ssm:us-east-1:123456789012:parameter/aws/reference/secretsmanager/prod/db',
        ],
      },
      {
        Sid: 'ReadSecretsManagerReferences',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: [
          'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api-??????',
          'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-??????',
        ],
      },
    ]);
  });

  it('grants kms:Decrypt on customer managed keys only through SSM (and Secrets Manager when secrets are referenced)', () => {
    const ssmOnly = policyFor(['/myapp/prod/'], { kmsKeys: [KEY] });
    const withSecrets = policyFor(['/myapp/prod/', 'secretsmanager:prod/db'], { kmsKeys: [KEY] });

    expect(ssmOnly.Statement.at(-1)).toEqual({
      Sid: 'DecryptSecureStrings',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [KEY],
      Condition: { StringEquals: { 'kms:ViaService': ['ssm.us-east-1.amazonaws.com'] } },
    });
    expect(withSecrets.Statement.at(-1)?.Condition).toEqual({
      StringEquals: {
        'kms:ViaService': ['ssm.us-east-1.amazonaws.com', 'secretsmanager.us-east-1.amazonaws.com'],
      },
    });
  });

  it('matches any Region with StringLike when the Region is *, and uses .com.cn in China', () => {
    const anyRegion = buildPolicy({
      targets: ['/a/'],
      scope: { partition: 'aws', region: '*', account: '*' },
      kmsKeys: [KEY],
      manifest: false,
    });
    const china = buildPolicy({
      targets: ['/a/'],
      scope: { partition: 'aws-cn', region: 'cn-north-1', account: '123456789012' },
      kmsKeys: ['arn:aws-cn:kms:cn-north-1:123456789012:key/abcd'],
      manifest: false,
    });

    expect(anyRegion.Statement[0]?.Resource).toEqual([
      'arn:aws:ssm:*:*:parameter/a',
      'arn:aws:ssm:*:*:parameter/a/',
    ]);
    expect(anyRegion.Statement[1]?.Condition).toEqual({
      StringLike: { 'kms:ViaService': ['ssm.*.amazonaws.com'] },
    });
    expect(china.Statement[1]?.Condition).toEqual({
      StringEquals: { 'kms:ViaService': ['ssm.cn-north-1.amazonaws.com.cn'] },
    });
  });

  it('refuses a KMS alias, which IAM cannot grant Decrypt on, and a malformed target', () => {
    expect(() =>
      policyFor(['/a/'], { kmsKeys: ['arn:aws:kms:us-east-1:123456789012:alias/aws/ssm'] }),
    ).toThrow('cannot grant kms:Decrypt by alias');
    expect(() => policyFor(['/a//b'])).toThrow("invalid parameter reference '/a//b'");
  });
});

describe('middy-ssm-env policy', () => {
  it('prints the JSON policy for the field case, region and account pinned, with no notes but the KMS one', async () => {
    const io = recordingIo();

    const code = await policyCommand(
      ['/myapp/prod/', '--region', 'eu-west-1', '--account', '111122223333'],
      io,
    );

    expect(code).toBe(0);
    expect(JSON.parse(io.out.join('\n'))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadPathsByPath',
          Effect: 'Allow',
          Action: ['ssm:GetParametersByPath'],
          Resource: [
            'arn:aws:ssm:eu-west-1:111122223333:parameter/myapp/prod',
            'arn:aws:ssm:eu-west-1:111122223333:parameter/myapp/prod/',
          ],
        },
      ],
    });
    expect(io.err).toEqual([
      'Note: no kms:Decrypt statement: SecureStrings under the AWS managed key aws/ssm need none. Pass --kms-key <arn> for a customer managed key.',
    ]);
  });

  it('prints a Terraform aws_iam_policy_document', async () => {
    const io = recordingIo();

    await policyCommand(
      [
        '/myapp/prod/',
        '/myapp/prod/secrets/database-password',
        '--format',
        'terraform',
        '--region',
        'us-east-1',
        '--account',
        '123456789012',
        '--kms-key',
        KEY,
      ],
      io,
    );

    expect(io.out).toEqual([
      'data "aws_iam_policy_document" "middy_ssm_env" {',
      '  statement {',
      '    sid       = "ReadPathsByPath"',
      '    effect    = "Allow"',
      '    actions   = ["ssm:GetParametersByPath"]',
      '    resources = [',
      '      "arn:aws:ssm:us-east-1:123456789012:parameter/myapp/prod",',
      '      "arn:aws:ssm:us-east-1:123456789012:parameter/myapp/prod/",',
      '    ]',
      '  }',
      '',
      '  statement {',
      '    sid       = "ReadParametersByName"',
      '    effect    = "Allow"',
      '    actions   = ["ssm:GetParameters"]',
      '    resources = ["arn:aws:ssm:us-east-1:123456789012:parameter/myapp/prod/secrets/database-password"]',
      '  }',
      '',
      '  statement {',
      '    sid       = "DecryptSecureStrings"',
      '    effect    = "Allow"',
      '    actions   = ["kms:Decrypt"]',
      `    resources = ["${KEY}"]`,
      '',
      '    condition {',
      '      test     = "StringEquals"',
      '      variable = "kms:ViaService"',
      '      values   = ["ssm.us-east-1.amazonaws.com"]',
      '    }',
      '  }',
      '}',
    ]);
    expect(io.err).toEqual([]);
  });

  it('defaults the Region to AWS_REGION and the account to *, and says so on stderr', async () => {
    const io = recordingIo();

    await policyCommand(['/a/', '--kms-key', KEY], io);

    expect(JSON.parse(io.out.join('\n')).Statement[0].Resource).toEqual([
      'arn:aws:ssm:us-east-1:*:parameter/a',
      'arn:aws:ssm:us-east-1:*:parameter/a/',
    ]);
    expect(io.err).toEqual([
      'Note: no --account: resources match every account (*); pass --account to pin it.',
    ]);
  });

  it.each([
    [[], 'missing <path-or-name>'],
    [['/a/', '--account', '123'], '--account must be a 12-digit account id'],
    [['/a/', '--region', 'Mars'], '--region must be a Region such as us-east-1'],
    [['/a/', '--format', 'yaml'], '--format must be one of json, terraform'],
    [['/a/', '--kms-key', 'alias/aws/ssm'], 'IAM cannot grant kms:Decrypt by alias'],
    [['arn:aws:ssm:us-east-1:1:parameter/x'], 'expected an ARN of the form'],
  ])('exits 2 on %j', async (args, message) => {
    const io = recordingIo();

    expect(await policyCommand(args, io)).toBe(2);
    expect(io.err[0]).toContain(message);
    expect(io.out).toEqual([]);
  });
});
