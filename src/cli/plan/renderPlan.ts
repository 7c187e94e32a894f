/**
 * The plan as people read it: counts, the stampede arithmetic before and after the split, the 4 KB budget and what
 * stays in SSM, bundling, and names the middleware would refuse. Only names, counts and sizes — never a value.
 */
import { formatCount, formatSeconds, formatTable, plural } from '../render/table.js';
import type { Plan } from './buildPlan.js';
import { LAMBDA_INIT_LIMIT_SECONDS, type StampedeEstimate } from './stampede.js';

const PROBLEM_TEXT = {
  reserved: 'reserved by Lambda',
  invalid: 'not a valid variable name',
  collision: 'same variable as another parameter',
} as const;

const callRow = (label: string, estimate: StampedeEstimate): string[] => [
  label,
  estimate.api,
  formatCount(estimate.callsPerColdStart),
  formatCount(estimate.callsPerDeploy),
  `${formatCount(estimate.quota.rate)}/s${estimate.quota.shared ? ' shared' : ''}`,
  formatSeconds(estimate.quotaSeconds),
  estimate.fitsInit ? 'yes' : 'NO',
];

const countsSection = (plan: Plan): string[] => {
  const typeRows = Object.entries(plan.counts.byType)
    .sort(([left], [right]) => (left < right ? -1 : 1))
    .map(([type, count]) => [type === 'SecureString' ? 'SecureString (secrets)' : type, formatCount(count)]);
  return [
    'Parameters',
    ...formatTable([...typeRows, ['total', formatCount(plan.counts.parameters)]], {
      rightAligned: [1],
      indent: '  ',
    }),
  ];
};

const callsSection = (plan: Plan): string[] => {
  const rows = [
    [
      '',
      'API',
      'per cold start',
      `per deploy (×${formatCount(plan.functions)})`,
      'quota',
      'quota time',
      `under ${LAMBDA_INIT_LIMIT_SECONDS} s init`,
    ],
    callRow('now', plan.calls.now),
    callRow('after the split', plan.calls.afterSplit),
    ...(plan.calls.withBundles ? [callRow('+ bundling', plan.calls.withBundles)] : []),
  ];
  return [
    `Calls (${plan.throughput} throughput)`,
    ...formatTable(rows, { rightAligned: [2, 3, 5], indent: '  ' }),
  ];
};

const budgetSection = (plan: Plan): string[] => {
  const budget = plan.envBudget;
  const available = budget.limit - budget.reserveBytes;
  const reserve =
    budget.reserveBytes > 0 ? `, ${formatCount(budget.reserveBytes)} reserved with --reserve` : '';
  const rows = [
    ...(plan.secretsVia === 'references'
      ? [
          [
            'secret references (ssm:…)',
            plural(budget.secretReferences.count, 'variable'),
            `${formatCount(budget.secretReferences.bytes)} bytes`,
          ],
        ]
      : []),
    ['plain config kept', plural(budget.kept.count, 'variable'), `${formatCount(budget.kept.bytes)} bytes`],
    [
      'total',
      plural(plan.environment.length, 'variable'),
      `${formatCount(budget.usedBytes)} of ${formatCount(available)} bytes`,
    ],
    [
      'plain config left in SSM',
      plural(budget.left.count, 'value'),
      `${formatCount(budget.left.bytes)} bytes`,
    ],
  ];
  const lines = [
    `Environment (Lambda: ${formatCount(budget.limit)} bytes for all variables, key + value bytes, UTF-8${reserve})`,
    ...formatTable(rows, { indent: '  ' }),
  ];
  if (!budget.fits) {
    lines.push(
      `  The secret references alone need ${formatCount(budget.secretReferences.bytes)} bytes: more than the budget. Use --secrets manifest.`,
    );
  }
  if (budget.left.count > 0) {
    lines.push('  Left in SSM (largest first; the smallest values fit the most variables into the budget):');
    const rows = budget.left.variables.map((variable) => [
      variable.envName,
      `${formatCount(variable.bytes)} B`,
      variable.parameter,
    ]);
    lines.push(...formatTable(rows, { rightAligned: [1], indent: '    ' }));
  }
  return lines;
};

const bundlingSection = (plan: Plan): string[] => {
  if (plan.bundling.length === 0) return [];
  const rows = plan.bundling.map((option) => [
    `${option.tier} (${formatCount(option.capacity / 1024)} KB)`,
    plural(option.bundles + option.alone, 'parameter'),
    `→ ${plural(option.callsPerColdStart, 'call')} per cold start`,
    option.savesCalls > 0 ? `saves ${formatCount(option.savesCalls)}` : 'saves none',
  ]);
  return [
    `Bundling the ${plural(plan.envBudget.left.count, 'value')} left in SSM into JSON parameters (read from the context, not the env):`,
    ...formatTable(rows, { indent: '  ' }),
  ];
};

const namesSection = (plan: Plan): string[] => {
  if (plan.problems.length === 0) return ['Names: every parameter maps to a usable, unique variable name.'];
  const rows = plan.problems.map((problem) => [
    problem.envName || '(empty)',
    PROBLEM_TEXT[problem.problem],
    problem.parameter,
  ]);
  return [
    `Names the middleware would refuse (${formatCount(plan.problems.length)}; rename the parameters or pass toEnvName):`,
    ...formatTable(rows, { indent: '  ' }),
  ];
};

const alternativeLine = (plan: Plan): string[] => {
  const { alternative } = plan;
  if (
    alternative.callsPerColdStart === plan.calls.afterSplit.callsPerColdStart &&
    alternative.keptPlain === plan.envBudget.kept.count
  ) {
    return [];
  }
  const how =
    alternative.secretsVia === 'manifest'
      ? 'secrets in a manifest take no environment bytes'
      : 'secrets as ssm: references';
  return [
    `With --secrets ${alternative.secretsVia} (${how}): ${plural(alternative.keptPlain, 'plain value')} fit, ${plural(alternative.callsPerColdStart, 'call')} per cold start after the split.`,
  ];
};

/** The plan as table text, one string per line. */
export function renderPlanTable(plan: Plan): string[] {
  return [
    `Plan for ${plan.path}: ${plural(plan.counts.parameters, 'parameter')}, ${plural(plan.functions, 'function')}, ${plan.throughput} throughput`,
    '',
    ...countsSection(plan),
    '',
    ...callsSection(plan),
    '',
    ...budgetSection(plan),
    '',
    ...bundlingSection(plan),
    ...(plan.bundling.length > 0 ? [''] : []),
    ...namesSection(plan),
    ...alternativeLine(plan),
    '',
    'Quota time = max(0, calls − burst) / rate, from a full bucket (burst = rate) at deploy: a lower bound, since',
    'retries and other callers in the account add to it. Environment block: --format terraform|sam; all: --format json.',
  ];
}
