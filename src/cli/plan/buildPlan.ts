/**
 * The plan for one path: what the tree holds, what a cold start costs now (paging the whole path), and after the
 * split — plain configuration moved into static environment variables within Lambda's 4 KB, secrets (and whatever
 * did not fit) fetched by name with GetParameters — plus what bundling the leftovers into JSON parameters would save.
 *
 * Secrets reach the function in one of two ways:
 * - `references` (default): one `NAME=ssm:/path/to/secret` variable each, resolved by the middleware
 *   (`resolveEnvReferences: true`) — ECS's `valueFrom`, but the references take environment bytes;
 * - `manifest`: listed in a manifest (`fetchData: { app: { path, manifest } }`), taking no environment bytes.
 * Either way they cost the same calls: every name is fetched with GetParameters, 10 a call.
 *
 * Pure: no I/O. SecureString values are never read here; only names and types of secrets matter.
 */

import { DEFAULT_QUOTA_TPS, FLEET_SIZE_VARIABLE, QUOTA_TPS_VARIABLE } from '../../core/fleetVariables.js';
import { ADVANCED_VALUE_LIMIT_BYTES, packBundles, STANDARD_VALUE_LIMIT_BYTES } from './bundles.js';
import {
  type EnvVariable,
  LAMBDA_ENV_LIMIT_BYTES,
  splitEnvBudget,
  totalBytes,
  variableBytes,
} from './envBudget.js';
import { type NameProblem, nameParameters } from './envNaming.js';
import {
  byNameCalls,
  byPathCalls,
  estimateStampede,
  QUOTAS,
  type StampedeEstimate,
  type Throughput,
} from './stampede.js';

export type SecretsVia = 'references' | 'manifest';

export const SECURE_STRING = 'SecureString';

export interface PlanInput {
  readonly path: string;
  /** The tree under the path; values of SecureString parameters are not used. */
  readonly parameters: readonly { readonly name: string; readonly type: string; readonly value: string }[];
  readonly functions: number;
  readonly throughput: Throughput;
  readonly secretsVia: SecretsVia;
  /** Bytes of the 4 KB kept for variables the deployment sets itself (NODE_ENV…). */
  readonly reserveBytes: number;
}

export interface LeftVariable {
  readonly envName: string;
  readonly parameter: string;
  readonly bytes: number;
}

export interface BundleOption {
  readonly tier: 'standard' | 'advanced';
  readonly capacity: number;
  /** JSON parameters to create for the values left in SSM. */
  readonly bundles: number;
  /** Values too large to share a bundle. */
  readonly alone: number;
  readonly callsPerColdStart: number;
  /** Calls saved per cold start against the split without bundles. */
  readonly savesCalls: number;
  /** Variable names in each bundle. */
  readonly contents: readonly (readonly string[])[];
}

/** A variable of the plan's environment block; the fleet hint's come from no parameter. */
export type PlanVariable = Omit<EnvVariable, 'parameter'> & { readonly parameter?: string };

export interface Plan {
  readonly path: string;
  readonly functions: number;
  readonly throughput: Throughput;
  readonly secretsVia: SecretsVia;
  readonly counts: {
    readonly parameters: number;
    readonly secrets: number;
    readonly plain: number;
    readonly byType: Readonly<Record<string, number>>;
  };
  readonly envBudget: {
    readonly limit: number;
    readonly reserveBytes: number;
    /** Bytes of the environment block the plan writes: secret references (when they fit) + plain config kept. */
    readonly usedBytes: number;
    readonly fits: boolean;
    readonly secretReferences: { readonly count: number; readonly bytes: number };
    readonly plainConfig: { readonly count: number; readonly bytes: number };
    readonly kept: { readonly count: number; readonly bytes: number };
    /** Plain values that stay in SSM, largest first. */
    readonly left: {
      readonly count: number;
      readonly bytes: number;
      readonly variables: readonly LeftVariable[];
    };
  };
  readonly calls: {
    readonly now: StampedeEstimate;
    readonly afterSplit: StampedeEstimate;
    /** After the split with the leftovers bundled into standard parameters; absent when nothing is left. */
    readonly withBundles?: StampedeEstimate;
  };
  readonly bundling: readonly BundleOption[];
  /**
   * The fleet hint the middleware reads (`MIDDY_SSM_ENV_FLEET_SIZE`, and `MIDDY_SSM_ENV_QUOTA_TPS` unless the quota is
   * the default 40/s), so each function paces its calls at its share of the quota from its first call. Present when
   * the deploy's calls overflow the quota's burst. Its variables are in `environment` and counted in the budget.
   */
  readonly fleetHint?: { readonly size: number; readonly rate: number };
  /** The environment block: plain config kept, secret references and the fleet hint, by name. */
  readonly environment: readonly PlanVariable[];
  /** Parameter names the middleware fetches by name after the split (GetParameters, 10 a call). */
  readonly fetchedByName: readonly string[];
  /**
   * The names to list in a manifest (`fetchData: { app: { path, manifest } }`): plain values left in SSM, and the
   * secrets unless they arrive as references. Parameters with unusable names are in neither: rename them first.
   */
  readonly manifestNames: readonly string[];
  readonly problems: readonly NameProblem[];
  /** Calls per cold start after the split with the other way of delivering secrets, for comparison. */
  readonly alternative: {
    readonly secretsVia: SecretsVia;
    readonly callsPerColdStart: number;
    readonly keptPlain: number;
  };
}

/** The `ssm:` reference the middleware resolves (`resolveEnvReferences: true`). */
export const secretReference = (parameter: string): string => `ssm:${parameter}`;

const countByType = (parameters: PlanInput['parameters']): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const parameter of parameters) counts[parameter.type] = (counts[parameter.type] ?? 0) + 1;
  return counts;
};

const byName = (left: PlanVariable, right: PlanVariable): number =>
  left.name < right.name ? -1 : left.name > right.name ? 1 : 0;

interface Split {
  readonly references: readonly EnvVariable[];
  readonly budget: ReturnType<typeof splitEnvBudget>;
  readonly fetchedByName: readonly string[];
  readonly manifestNames: readonly string[];
  readonly problems: readonly NameProblem[];
}

type FleetHint = NonNullable<Plan['fleetHint']>;

const fleetVariables = (hint: Plan['fleetHint']): PlanVariable[] =>
  hint
    ? [
        { name: FLEET_SIZE_VARIABLE, value: String(hint.size) },
        ...(hint.rate === DEFAULT_QUOTA_TPS ? [] : [{ name: QUOTA_TPS_VARIABLE, value: String(hint.rate) }]),
      ]
    : [];

const splitFor = (input: PlanInput, secretsVia: SecretsVia, hint?: FleetHint): Split => {
  const { named, problems } = nameParameters(input.parameters, input.path);
  const valueByName = new Map(input.parameters.map((parameter) => [parameter.name, parameter.value]));
  const secrets = named.filter((entry) => entry.type === SECURE_STRING);
  const plain = named.filter((entry) => entry.type !== SECURE_STRING);
  const references: EnvVariable[] =
    secretsVia === 'references'
      ? secrets.map((entry) => ({
          name: entry.envName,
          value: secretReference(entry.parameter),
          parameter: entry.parameter,
        }))
      : [];
  const candidates: EnvVariable[] = plain.map((entry) => ({
    name: entry.envName,
    value: valueByName.get(entry.parameter) ?? '',
    parameter: entry.parameter,
  }));
  const hintBytes = totalBytes(fleetVariables(hint));
  const budget = splitEnvBudget(
    references,
    candidates,
    LAMBDA_ENV_LIMIT_BYTES - input.reserveBytes - hintBytes,
  );
  const secretsInManifest =
    secretsVia === 'manifest' || !budget.fits ? secrets.map((entry) => entry.parameter) : [];
  const manifestNames = [...secretsInManifest, ...budget.left.map((variable) => variable.parameter)].sort();
  // Names the middleware cannot write are counted as fetched by name too: once renamed, they still cost a fetch.
  const fetchedByName = [
    ...secrets.map((entry) => entry.parameter),
    ...budget.left.map((variable) => variable.parameter),
    ...problems.map((problem) => problem.parameter),
  ].sort();
  return { references, budget, fetchedByName, manifestNames, problems };
};

const bundleOption = (
  tier: BundleOption['tier'],
  capacity: number,
  split: Split,
  splitCalls: number,
): BundleOption => {
  const packing = packBundles(split.budget.left, capacity);
  const otherNames = split.fetchedByName.length - split.budget.left.length;
  const callsPerColdStart = byNameCalls(otherNames + packing.parameters);
  return {
    tier,
    capacity,
    bundles: packing.bundles.length,
    alone: packing.alone.length,
    callsPerColdStart,
    savesCalls: splitCalls - callsPerColdStart,
    contents: packing.bundles.map((bundle) => bundle.names),
  };
};

/**
 * Builds the plan. Deterministic: the same tree gives the same plan.
 *
 * @example
 * buildPlan({ path: '/myapp/prod/', parameters, functions: 25, throughput: 'standard', secretsVia: 'references', reserveBytes: 0 })
 */
/**
 * The fleet hint, when the deploy's calls after the split overflow the quota's burst (one function, or a fleet the
 * burst absorbs, is never throttled: the hint would only take bytes). After the split every name is fetched with
 * GetParameters, so the hint carries that API's quota.
 */
const fleetHintFor = (input: PlanInput, secretsVia: SecretsVia): FleetHint | undefined => {
  const quota = QUOTAS[input.throughput].GetParameters;
  const callsPerDeploy = byNameCalls(splitFor(input, secretsVia).fetchedByName.length) * input.functions;
  return input.functions > 1 && callsPerDeploy > quota.burst
    ? { size: input.functions, rate: quota.rate }
    : undefined;
};

export function buildPlan(input: PlanInput): Plan {
  const fleetHint = fleetHintFor(input, input.secretsVia);
  const split = splitFor(input, input.secretsVia, fleetHint);
  const other: SecretsVia = input.secretsVia === 'references' ? 'manifest' : 'references';
  const otherSplit = splitFor(input, other, fleetHintFor(input, other));
  const { budget } = split;
  // Secret references that do not fit are not written at all (the plan says so); the secrets go to the manifest.
  const environment = [
    ...(budget.fits ? split.references : []),
    ...budget.kept,
    ...fleetVariables(fleetHint),
  ].sort(byName);
  const secrets = input.parameters.filter((parameter) => parameter.type === SECURE_STRING).length;
  const plainCandidates = budget.kept.length + budget.left.length;

  const now = estimateStampede(
    'GetParametersByPath',
    byPathCalls(input.parameters.length),
    input.functions,
    input.throughput,
  );
  const splitCalls = byNameCalls(split.fetchedByName.length);
  const afterSplit = estimateStampede('GetParameters', splitCalls, input.functions, input.throughput);
  const bundling =
    budget.left.length === 0
      ? []
      : [
          bundleOption('standard', STANDARD_VALUE_LIMIT_BYTES, split, splitCalls),
          bundleOption('advanced', ADVANCED_VALUE_LIMIT_BYTES, split, splitCalls),
        ];
  const standardBundles = bundling[0];

  return {
    path: input.path,
    functions: input.functions,
    throughput: input.throughput,
    secretsVia: input.secretsVia,
    counts: {
      parameters: input.parameters.length,
      secrets,
      plain: input.parameters.length - secrets,
      byType: countByType(input.parameters),
    },
    envBudget: {
      limit: LAMBDA_ENV_LIMIT_BYTES,
      reserveBytes: input.reserveBytes,
      usedBytes: totalBytes(environment),
      fits: budget.fits,
      secretReferences: { count: split.references.length, bytes: budget.fixedBytes },
      plainConfig: { count: plainCandidates, bytes: budget.keptBytes + budget.leftBytes },
      kept: { count: budget.kept.length, bytes: budget.keptBytes },
      left: {
        count: budget.left.length,
        bytes: budget.leftBytes,
        variables: budget.left.map((variable) => ({
          envName: variable.name,
          parameter: variable.parameter,
          bytes: variableBytes(variable),
        })),
      },
    },
    calls: {
      now,
      afterSplit,
      ...(standardBundles
        ? {
            withBundles: estimateStampede(
              'GetParameters',
              standardBundles.callsPerColdStart,
              input.functions,
              input.throughput,
            ),
          }
        : {}),
    },
    bundling,
    ...(fleetHint ? { fleetHint } : {}),
    environment,
    fetchedByName: split.fetchedByName,
    manifestNames: split.manifestNames,
    problems: split.problems,
    alternative: {
      secretsVia: other,
      callsPerColdStart: byNameCalls(otherSplit.fetchedByName.length),
      keptPlain: otherSplit.budget.kept.length,
    },
  };
}
