import { parseArgs } from 'node:util';
import {
  parseChoice,
  parseNonNegativeInteger,
  parsePositiveInteger,
  runCommand,
  UsageError,
} from '../command.js';
import { type CliIo, EXIT_CODES } from '../io.js';
import { buildPlan, SECURE_STRING, type SecretsVia } from '../plan/buildPlan.js';
import { renderSamEnvironment, renderTerraformEnvironment } from '../plan/renderEnvironment.js';
import { renderPlanTable } from '../plan/renderPlan.js';
import type { Throughput } from '../plan/stampede.js';
import { parsePathArgument, readTree, SOURCE_OPTIONS, SOURCE_USAGE } from '../source.js';

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
  ...SOURCE_USAGE,
  '  -h, --help            Show this help',
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

const parsePlanArgs = (args: string[]) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      functions: { type: 'string' },
      throughput: { type: 'string' },
      secrets: { type: 'string' },
      reserve: { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      ...SOURCE_OPTIONS,
    },
  });
  if (values.help) return { help: true as const };
  if (positionals.length > 1) throw new UsageError(`expected one <path>, got ${positionals.length}`);
  if (values.json && values.format !== undefined && values.format !== 'json') {
    throw new UsageError('use either --json or --format, not both');
  }
  const reserveBytes =
    values.reserve === undefined ? 0 : parseNonNegativeInteger(values.reserve, '--reserve');
  if (reserveBytes >= 4096) throw new UsageError(`--reserve must be below 4096, got ${reserveBytes}`);
  const flags: PlanFlags = {
    path: parsePathArgument(positionals[0]),
    functions: values.functions === undefined ? 1 : parsePositiveInteger(values.functions, '--functions'),
    throughput: parseChoice(values.throughput ?? 'standard', ['standard', 'high'] as const, '--throughput'),
    secretsVia: parseChoice(values.secrets ?? 'references', ['references', 'manifest'] as const, '--secrets'),
    reserveBytes,
    format: values.json ? 'json' : parseChoice(values.format ?? 'table', FORMATS, '--format'),
  };
  return {
    help: false as const,
    flags,
    source: { endpoint: values.endpoint, from: values.from, region: values.region },
  };
};

/**
 * `middy-ssm-env plan <path>`: the cost of loading a path today and after the secret/config split, and the
 * environment block of the split. Exit 0 with the plan, 1 when SSM cannot be read, 2 on bad flags.
 */
export async function planCommand(args: string[], io: CliIo): Promise<number> {
  return runCommand('plan', io, async () => {
    const parsed = parsePlanArgs(args);
    if (parsed.help) {
      for (const line of USAGE) io.stdout(line);
      return EXIT_CODES.ok;
    }
    const { flags } = parsed;
    const tree = await readTree(flags.path, parsed.source, io);
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
}
