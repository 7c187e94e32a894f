import { parseValueFrom } from '../../references/parseValueFrom.js';
import { defineCommand, type ParsedArgs, parseChoice, parseRegionAndAccount } from '../args.js';
import { messageOf, UsageError } from '../command.js';
import { type FromEcsResult, renderJson, renderSam, renderTerraform } from '../ecs/renderFromEcs.js';
import { pickContainer, readTaskDefinition } from '../ecs/taskDefinition.js';
import { EXIT_CODES } from '../io.js';
import { buildPolicy, type PolicyScope, partitionOfRegion } from '../policy/buildPolicy.js';

const USAGE = [
  'Usage: middy-ssm-env from-ecs <task-definition.json> [options]',
  '',
  "Reads an ECS task definition (what 'aws ecs describe-task-definition' prints, or the registered JSON) and prints",
  "one container's secrets as middleware options — ssmEnv({ secrets }), the same array — or as env references for",
  'Terraform or SAM, with the least-privilege IAM policy for exactly those reads. Nothing is fetched.',
  '',
  'Options:',
  '  --container <name>  The container (default: the only one, or the only one with secrets)',
  '  --format <f>        json (default: options, env references and policy), terraform or sam',
  '  --region <r>        Region of parameters named without an ARN (default: AWS_REGION, AWS_DEFAULT_REGION, else *)',
  '  --account <id>      Account of parameters named without an ARN (default: *)',
  '  --kms-key <arn>     Customer managed KMS key of the values (repeatable); none needed for aws/ssm or',
  '                      aws/secretsmanager',
  '  -h, --help          Show this help',
];

const OPTIONS = {
  container: { type: 'string' },
  format: { type: 'string' },
  region: { type: 'string' },
  account: { type: 'string' },
  'kms-key': { type: 'string', multiple: true },
} as const;

const fromEcsFlags = ({ values, positionals }: ParsedArgs<typeof OPTIONS>) => {
  const [file] = positionals;
  if (file === undefined) throw new UsageError('missing <task-definition.json>');
  const { region, account } = parseRegionAndAccount(values);
  const scope: PolicyScope = { partition: partitionOfRegion(region), region, account };
  return {
    file,
    container: values.container,
    format: parseChoice(values.format ?? 'json', ['json', 'terraform', 'sam'] as const, '--format'),
    scope,
    kmsKeys: values['kms-key'] ?? [],
  };
};

/**
 * `middy-ssm-env from-ecs <task-definition.json>`: a container's ECS `secrets` as middleware options or env
 * references, with the IAM policy for them. Notes go to stderr so stdout stays a valid document. Exit 0; 2 on bad
 * flags, an unknown container or a `valueFrom` the middleware cannot read; 1 when the file cannot be read.
 */
export const fromEcsCommand = defineCommand(
  {
    name: 'from-ecs',
    usage: USAGE,
    options: OPTIONS,
    positionals: { max: 1, label: '<task-definition.json>' },
  },
  async (args, io) => {
    const parsed = fromEcsFlags(args);
    const { container, secrets } = pickContainer(
      await readTaskDefinition(parsed.file),
      parsed.file,
      parsed.container,
    );
    secrets.forEach((secret, index) => {
      try {
        parseValueFrom(secret.valueFrom);
      } catch (error) {
        throw new UsageError(
          `container ${container}: secrets[${index}] (${secret.name}): ${messageOf(error).replace(/^middy-ssm-env: /, '')}`,
        );
      }
    });
    let result: FromEcsResult;
    try {
      const policy = buildPolicy({
        targets: secrets.map((secret) => secret.valueFrom),
        scope: parsed.scope,
        kmsKeys: parsed.kmsKeys,
        manifest: false,
      });
      result = { container, secrets, policy };
    } catch (error) {
      throw new UsageError(messageOf(error).replace(/^middy-ssm-env: /, ''));
    }
    const render =
      parsed.format === 'terraform' ? renderTerraform : parsed.format === 'sam' ? renderSam : renderJson;
    for (const line of render(result)) io.stdout(line);
    if (secrets.length === 0) io.stderr(`Note: container ${container} has no secrets; nothing to grant.`);
    io.stderr(
      "Note: in ECS the task's execution role reads these; with the middleware, the function's role does — attach the policy there.",
    );
    if (parsed.kmsKeys.length === 0) {
      io.stderr(
        'Note: no kms:Decrypt statement: values under the AWS managed keys aws/ssm and aws/secretsmanager need none. Pass --kms-key <arn> for a customer managed key.',
      );
    }
    return EXIT_CODES.ok;
  },
);
