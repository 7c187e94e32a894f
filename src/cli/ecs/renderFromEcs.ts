/**
 * What `from-ecs` prints for one container's `secrets`: the middleware options (the array as it is), or the same
 * reads as env references for Terraform or SAM, with the least-privilege IAM policy for exactly those reads. Only
 * names and references are printed — there are no values to print: nothing is fetched.
 */
import { parseValueFrom } from '../../references/parseValueFrom.js';
import type { EcsSecret } from '../../types.js';
import type { PolicyDocument, PolicyStatement } from '../policy/buildPolicy.js';
import { renderTerraformPolicy } from '../policy/renderTerraformPolicy.js';
import { hclString, yamlString } from '../render/escape.js';

/** The env reference that reads what `valueFrom` names: `ssm:<name-or-ARN>` or `secretsmanager:<ARN>[:fields]`. */
export const envReferenceOf = (valueFrom: string): string =>
  `${parseValueFrom(valueFrom).service === 'secretsmanager' ? 'secretsmanager' : 'ssm'}:${valueFrom}`;

export interface FromEcsResult {
  readonly container: string;
  readonly secrets: readonly EcsSecret[];
  readonly policy: PolicyDocument;
}

/** JSON: the options for `ssmEnv`, the equivalent env references, and the policy. */
export function renderJson(result: FromEcsResult): string[] {
  const document = {
    container: result.container,
    options: { secrets: result.secrets },
    environment: Object.fromEntries(
      result.secrets.map((secret) => [secret.name, envReferenceOf(secret.valueFrom)]),
    ),
    policy: result.policy,
  };
  return [JSON.stringify(document, null, 2)];
}

const header = (result: FromEcsResult): string[] => [
  `middy-ssm-env from-ecs: the ${result.secrets.length} secret(s) of container ${result.container} as env references.`,
  'Middleware: ssmEnv({ resolveEnvReferences: true })  (or ssmEnv({ secrets }) with the array itself: --format json)',
];

/** Terraform: an `environment` block for an `aws_lambda_function`, then the policy document. */
export function renderTerraform(result: FromEcsResult): string[] {
  const width = Math.max(0, ...result.secrets.map((secret) => secret.name.length));
  return [
    ...header(result).map((line) => `# ${line}`),
    'environment {',
    '  variables = {',
    ...result.secrets.map(
      (secret) => `    ${secret.name.padEnd(width)} = ${hclString(envReferenceOf(secret.valueFrom))}`,
    ),
    '  }',
    '}',
    '',
    ...renderTerraformPolicy(result.policy),
  ];
}

const yamlList = (items: readonly string[], indent: string): string[] =>
  items.map((item) => `${indent}- ${yamlString(item)}`);

const yamlStatement = (statement: PolicyStatement): string[] => [
  `      - Sid: ${yamlString(statement.Sid)}`,
  `        Effect: ${yamlString(statement.Effect)}`,
  '        Action:',
  ...yamlList(statement.Action, '          '),
  '        Resource:',
  ...yamlList(statement.Resource, '          '),
  ...(statement.Condition
    ? [
        '        Condition:',
        ...Object.entries(statement.Condition).flatMap(([test, variables]) => [
          `          ${yamlString(test)}:`,
          ...Object.entries(variables).flatMap(([variable, values]) => [
            `            ${yamlString(variable)}:`,
            ...yamlList(values, '              '),
          ]),
        ]),
      ]
    : []),
];

/** SAM: a function's `Environment` and `Policies` properties. */
export function renderSam(result: FromEcsResult): string[] {
  return [
    ...header(result).map((line) => `# ${line}`),
    'Environment:',
    ...(result.secrets.length === 0
      ? ['  Variables: {}']
      : [
          '  Variables:',
          ...result.secrets.map(
            (secret) => `    ${secret.name}: ${yamlString(envReferenceOf(secret.valueFrom))}`,
          ),
        ]),
    'Policies:',
    `  - Version: ${yamlString(result.policy.Version)}`,
    ...(result.policy.Statement.length === 0
      ? ['    Statement: []']
      : ['    Statement:', ...result.policy.Statement.flatMap(yamlStatement)]),
  ];
}
