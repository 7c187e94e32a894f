import {
  defineCommand,
  type ParsedArgs,
  parseChoice,
  parseFormat,
  parseNonNegativeInteger,
  parsePositiveInteger,
} from '../args.js';
import { UsageError } from '../command.js';
import { EXIT_CODES } from '../io.js';
import { buildPlan, SECURE_STRING, type SecretsVia } from '../plan/buildPlan.js';
import { renderSamEnvironment, renderTerraformEnvironment } from '../plan/renderEnvironment.js';
import { renderPlanTable } from '../plan/renderPlan.js';
import type { Throughput } from '../plan/stampede.js';
import { parsePathArgument, readRequiredTree, sourceFlagsOf, treeCommandSpec } from '../source.js';

const FORMATS = ['table', 'json', 'terraform', 'sam'] as const;
type PlanFormat = (typeof FORMATS)[number];

const USAGE = [
  'Usage: middy-ssm-env plan <path> [options]',
  '',
  'Counts the parameters under <path> (secrets = SecureString, plain config = String/StringList), the SSM calls of',
  'a cold start now (GetParametersByPath pages) and after moving plain config into static environment variables',
  "(GetParameters by name), the deploy stampede against the account's quota, and Lambda's 4 KB environment budget.",
  '',
  'Options:',
  '  --functions <n>       Functions that cold-start together on a deploy (default: 1)',
  '  --throughput <t>      standard (40/s shared) or high (ByPath 100/s, GetParameters 3,000/s) (default: standard)',
  '  --secrets <how>       references: NAME=ssm:/path variables (default); manifest: fetched by name, no env bytes',
  '  --reserve <bytes>     Bytes of the 4 KB kept for variables you set yourself (default: 0)',
  '  --format <f>          table (default), json, terraform (environment block), sam (Environment: Variables:)',
  '  --json                Same as --format json',
];

const NOTES = [
  '',
  'SecureString values are never printed; plain config values appear in terraform/sam output (they become',
  'static environment variables).',
];

interface PlanFlags {
  readonly path: string;
  readonly functions: number;
  readonly throughput: Throughput;
  readonly secretsVia: SecretsVia;
  readonly reserveBytes: number;
  readonly format: PlanFormat;
}

const OPTIONS = {
  functions: { type: 'string' },
  throughput: { type: 'string' },
  secrets: { type: 'string' },
  reserve: { type: 'string' },
  format: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const SPEC = treeCommandSpec({ name: 'plan', usage: USAGE, notes: NOTES, options: OPTIONS });

const planFlags = ({ values, positionals }: ParsedArgs<typeof SPEC.options>): PlanFlags => {
  const reserveBytes =
    values.reserve === undefined ? 0 : parseNonNegativeInteger(values.reserve, '--reserve');
  if (reserveBytes >= 4096) throw new UsageError(`--reserve must be below 4096, got ${reserveBytes}`);
  return {
    path: parsePathArgument(positionals[0]),
    functions: values.functions === undefined ? 1 : parsePositiveInteger(values.functions, '--functions'),
    throughput: parseChoice(values.throughput ?? 'standard', ['standard', 'high'] as const, '--throughput'),
    secretsVia: parseChoice(values.secrets ?? 'references', ['references', 'manifest'] as const, '--secrets'),
    reserveBytes,
    format: parseFormat(values, FORMATS, 'table'),
  };
};

/**
 * `middy-ssm-env plan <path>`: the cost of loading a path today and after the secret/config split, and the
 * environment block of the split. Exit 0 with the plan, 1 when SSM cannot be read or the path is empty, 2 on bad
 * flags.
 */
export const planCommand = defineCommand(SPEC, async (parsed, io) => {
  const flags = planFlags(parsed);
  const source = sourceFlagsOf(parsed.values);
  const tree = await readRequiredTree(flags.path, source, io);
  // Secret values are dropped as soon as they arrive: nothing downstream can print what it never holds.
  const parameters = tree.parameters.map((parameter) =>
    parameter.type === SECURE_STRING ? { ...parameter, value: '' } : parameter,
  );
  const plan = buildPlan({ ...flags, parameters });
  const lines =
    flags.format === 'json'
      ? [JSON.stringify(plan, null, 2)]
      : flags.format === 'terraform'
        ? renderTerraformEnvironment(plan)
        : flags.format === 'sam'
          ? renderSamEnvironment(plan)
          : renderPlanTable(plan);
  for (const line of lines) io.stdout(line);
  return EXIT_CODES.ok;
});
