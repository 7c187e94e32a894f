import { defineCommand, type ParsedArgs, parseFormat, parseRegionAndAccount } from '../args.js';
import { messageOf, UsageError } from '../command.js';
import { EXIT_CODES } from '../io.js';
import {
  buildPolicy,
  type PolicyDocument,
  type PolicyScope,
  partitionOfRegion,
} from '../policy/buildPolicy.js';
import { renderTerraformPolicy } from '../policy/renderTerraformPolicy.js';

const USAGE = [
  'Usage: middy-ssm-env policy <path-or-name>... [options]',
  '',
  'Prints the least-privilege IAM policy for what the middleware calls to load the given paths (ending in /),',
  'parameter names, ARNs, name:version / name:label selectors, /aws/reference/secretsmanager/<id> references,',
  'Secrets Manager ARNs (ECS valueFrom syntax, read natively), or ssm:… / secretsmanager:… environment references.',
  '',
  'Options:',
  '  --format <f>        json (default) or terraform (a data "aws_iam_policy_document" block)',
  '  --json              Same as --format json',
  '  --region <r>        Region of the resources (default: AWS_REGION, AWS_DEFAULT_REGION, else *)',
  '  --account <id>      Account of the resources (default: *)',
  '  --partition <p>     ARN partition (default: from the Region: aws, aws-cn, aws-us-gov)',
  '  --manifest          Paths are fetched with a manifest: GetParameters on <path>* instead of GetParametersByPath',
  '  --kms-key <arn>     Customer managed KMS key of the SecureStrings (repeatable); kms:Decrypt through SSM only.',
  '                      None needed for the AWS managed key aws/ssm.',
  '  -h, --help          Show this help',
];

const OPTIONS = {
  format: { type: 'string' },
  json: { type: 'boolean' },
  region: { type: 'string' },
  account: { type: 'string' },
  partition: { type: 'string' },
  manifest: { type: 'boolean' },
  'kms-key': { type: 'string', multiple: true },
} as const;

const policyFlags = ({ values, positionals }: ParsedArgs<typeof OPTIONS>) => {
  if (positionals.length === 0) throw new UsageError('missing <path-or-name> (for example /myapp/prod/)');
  const format = parseFormat(values, ['json', 'terraform'] as const, 'json');
  const { region, account } = parseRegionAndAccount(values);
  const partition = values.partition ?? partitionOfRegion(region);
  if (!/^aws(-[a-z]+)*$/.test(partition))
    throw new UsageError(`--partition must look like aws, aws-cn or aws-us-gov, got '${partition}'`);
  const scope: PolicyScope = { partition, region, account };
  return {
    format,
    input: {
      targets: positionals,
      scope,
      kmsKeys: values['kms-key'] ?? [],
      manifest: values.manifest === true,
    },
  };
};

const notes = (scope: PolicyScope, policy: PolicyDocument, kmsKeys: readonly string[]): string[] => [
  ...(scope.region === '*' ? ['Note: no --region or AWS_REGION: resources match every Region (*).'] : []),
  ...(scope.account === '*'
    ? ['Note: no --account: resources match every account (*); pass --account to pin it.']
    : []),
  ...(kmsKeys.length === 0
    ? [
        'Note: no kms:Decrypt statement: SecureStrings under the AWS managed key aws/ssm need none. Pass --kms-key <arn> for a customer managed key.',
      ]
    : []),
  ...(policy.Statement.length === 0 ? ['Note: nothing to grant.'] : []),
];

/**
 * `middy-ssm-env policy <path-or-name>...`: the IAM policy (JSON or Terraform) for exactly the calls the middleware
 * makes. Notes about defaults go to stderr so stdout stays a valid document. Exit 0, or 2 on bad input.
 */
export const policyCommand = defineCommand(
  {
    name: 'policy',
    usage: USAGE,
    options: OPTIONS,
    positionals: { max: Number.POSITIVE_INFINITY, label: '<path-or-name>' },
  },
  async (parsed, io) => {
    const { format, input } = policyFlags(parsed);
    let policy: PolicyDocument;
    try {
      policy = buildPolicy(input);
    } catch (error) {
      throw new UsageError(messageOf(error).replace(/^middy-ssm-env: /, ''));
    }
    const lines = format === 'terraform' ? renderTerraformPolicy(policy) : [JSON.stringify(policy, null, 2)];
    for (const line of lines) io.stdout(line);
    for (const line of notes(input.scope, policy, input.kmsKeys)) io.stderr(line);
    return EXIT_CODES.ok;
  },
);
