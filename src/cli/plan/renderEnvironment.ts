/**
 * The environment block of a plan, ready to paste: Terraform's `environment { variables = { … } }` and SAM's /
 * CloudFormation's `Environment: Variables:`. Plain configuration appears with its value (it becomes a static
 * variable); secrets appear only as `ssm:` references.
 */
import { hclString, yamlString } from '../render/escape.js';
import { formatCount, plural } from '../render/table.js';
import type { Plan } from './buildPlan.js';

/** Comment lines that say what the block holds and what the middleware must be told. */
const headerComments = (plan: Plan): string[] => {
  const budget = plan.envBudget;
  const lines = [
    `middy-ssm-env plan ${plan.path}: ${plural(plan.environment.length, 'variable')}, ${formatCount(budget.usedBytes)} of ${formatCount(budget.limit - budget.reserveBytes)} bytes (key + value, UTF-8).`,
  ];
  const options: string[] = ['setToEnv: true'];
  if (plan.secretsVia === 'references' && budget.secretReferences.count > 0 && budget.fits) {
    options.push('resolveEnvReferences: true');
    lines.push(
      `${plural(budget.secretReferences.count, 'secret')} as ssm: references, resolved before the handler runs.`,
    );
  }
  if (plan.manifestNames.length > 0) {
    options.push(`fetchData: { app: { path: '${plan.path}', manifest } }`);
    lines.push(
      `${plural(plan.manifestNames.length, 'parameter')} fetched by name from a manifest (the names: --format json, "manifestNames").`,
    );
  }
  lines.push(`Middleware: ssmEnv({ ${options.join(', ')} })`);
  if (plan.fleetHint) {
    lines.push(
      `Fleet hint: ${plan.fleetHint.size} functions cold-start together on ${plan.fleetHint.rate} calls/s, so each paces its calls at its share from the first (MIDDY_SSM_ENV_* below; fleet: { size: ${plan.fleetHint.size} } in code takes no bytes).`,
    );
  }
  if (plan.problems.length > 0) {
    lines.push(
      `${plural(plan.problems.length, 'parameter')} left out: their variable names are reserved, invalid or collide.`,
    );
  }
  return lines;
};

/** Terraform: an `environment` block for an `aws_lambda_function`. */
export function renderTerraformEnvironment(plan: Plan): string[] {
  const width = Math.max(0, ...plan.environment.map((variable) => variable.name.length));
  return [
    ...headerComments(plan).map((line) => `# ${line}`),
    'environment {',
    '  variables = {',
    ...plan.environment.map(
      (variable) => `    ${variable.name.padEnd(width)} = ${hclString(variable.value)}`,
    ),
    '  }',
    '}',
  ];
}

/** SAM / CloudFormation: the `Environment` property of a function (or of `Globals: Function:`). */
export function renderSamEnvironment(plan: Plan): string[] {
  return [
    ...headerComments(plan).map((line) => `# ${line}`),
    'Environment:',
    ...(plan.environment.length === 0
      ? ['  Variables: {}']
      : [
          '  Variables:',
          ...plan.environment.map((variable) => `    ${variable.name}: ${yamlString(variable.value)}`),
        ]),
  ];
}
