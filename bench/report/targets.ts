/** The targets of the fleet-hint issue, checked against one run's figures (reported, never a reason to fail it). */
import { HOLDOUT_SCENARIO } from '../fleet/scenarios.js';
import type { CandidateRun } from '../fleet/stampede.js';
import type { RunSummary } from '../fleet/summarize.js';
import type { CandidateId } from '../fleet/types.js';
import type { ImportCost } from '../warm/importCost.js';
import type { RoundTrips } from '../warm/roundTrips.js';
import type { WarmResult } from '../warm/warmPath.js';

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | undefined;
}

export interface Figures {
  readonly runs: readonly CandidateRun[];
  readonly warm?: readonly WarmResult[];
  readonly imports?: readonly ImportCost[];
  readonly roundTrips?: readonly RoundTrips[];
}

/** What one stampede target asks of one candidate in one scenario. */
interface StampedeTarget {
  readonly scenario: string;
  readonly candidate: CandidateId;
  readonly label: string;
  /** Every cold start up. */
  readonly allUp?: boolean;
  readonly nonePast10s?: boolean;
  /** Exactly the minimum number of successful calls (nothing fetched twice). */
  readonly exactCalls?: boolean;
  readonly maxOverBound?: number;
  readonly maxThrottledPerOk?: number;
}

export const STAMPEDE_TARGETS: readonly StampedeTarget[] = [
  {
    scenario: 'field',
    candidate: 'middy-ssm-env (fleet hint)',
    label: 'field case, right hint',
    allUp: true,
    nonePast10s: true,
    exactCalls: true,
    maxOverBound: 1.1,
    maxThrottledPerOk: 0.1,
  },
  {
    scenario: 'big-deploy',
    candidate: 'middy-ssm-env (fleet hint)',
    label: '100 × 40, right hint',
    allUp: true,
    nonePast10s: true,
    maxThrottledPerOk: 0.3,
  },
  {
    scenario: 'field',
    candidate: 'middy-ssm-env (hint ×0.5)',
    label: 'field case, hint half the fleet',
    allUp: true,
    maxOverBound: 1.3,
  },
  {
    scenario: 'field',
    candidate: 'middy-ssm-env (hint ×2)',
    label: 'field case, hint double the fleet',
    allUp: true,
    maxOverBound: 1.3,
  },
  {
    scenario: 'field',
    candidate: 'middy-ssm-env',
    label: 'field case, no hint',
    allUp: true,
    nonePast10s: true,
    maxOverBound: 1.15,
    maxThrottledPerOk: 0.2,
  },
  {
    scenario: 'big-deploy',
    candidate: 'middy-ssm-env',
    label: '100 × 40, no hint',
    allUp: true,
    nonePast10s: true,
    maxThrottledPerOk: 0.6,
  },
];

const summaryOf = (runs: readonly CandidateRun[], scenario: string, candidate: CandidateId) =>
  runs.find((run) => run.scenario.id === scenario && run.candidate === candidate && !run.variant)?.summary;

const checkStampede = (target: StampedeTarget, s: RunSummary): TargetCheck => {
  const parts: { text: string; ok: boolean }[] = [];
  if (target.allUp) parts.push({ text: `${s.functions - s.failed}/${s.functions} up`, ok: s.failed === 0 });
  if (target.nonePast10s) parts.push({ text: `${s.pastInitLimit} past 10 s`, ok: s.pastInitLimit === 0 });
  if (target.exactCalls)
    parts.push({ text: `${s.okCalls} calls (min ${s.minimumCalls})`, ok: s.okCalls === s.minimumCalls });
  if (target.maxOverBound !== undefined)
    parts.push({
      text: `${s.makespanOverBound?.toFixed(2) ?? '—'}× bound (≤ ${target.maxOverBound})`,
      // No bound (everything fits in the burst, as in a smoke run): nothing to hold the makespan to.
      ok: s.makespanOverBound === undefined || s.makespanOverBound <= target.maxOverBound,
    });
  if (target.maxThrottledPerOk !== undefined)
    parts.push({
      text: `${s.throttledPerSuccess.toFixed(2)} throttled ÷ ok (≤ ${target.maxThrottledPerOk})`,
      ok: s.throttledPerSuccess <= target.maxThrottledPerOk,
    });
  return {
    target: target.label,
    measured: parts.map((part) => (part.ok ? part.text : `**${part.text}**`)).join(', '),
    met: parts.every((part) => part.ok),
  };
};

export const checkTargets = ({ runs, warm, imports, roundTrips }: Figures): TargetCheck[] => {
  const checks: TargetCheck[] = [];
  for (const target of STAMPEDE_TARGETS) {
    const summary = summaryOf(runs, target.scenario, target.candidate);
    if (summary) checks.push(checkStampede(target, summary));
  }
  const holdout = summaryOf(runs, HOLDOUT_SCENARIO, 'middy-ssm-env (fleet hint)');
  if (holdout) {
    checks.push({
      target: 'holdout (no variant tuned on it), right hint: all up, none past 10 s (reported)',
      measured: `${holdout.functions - holdout.failed}/${holdout.functions} up, ${holdout.pastInitLimit} past 10 s, ${holdout.makespanOverBound?.toFixed(2) ?? '—'}× bound, ${holdout.throttledPerSuccess.toFixed(2)} throttled ÷ ok`,
      met: holdout.failed === 0 && holdout.pastInitLimit === 0,
    });
  }
  for (const scenario of new Set(runs.map((run) => run.scenario.id))) {
    const native = summaryOf(runs, scenario, 'middy-ssm-env (native secrets)');
    const referenced = summaryOf(runs, scenario, 'middy-ssm-env');
    if (!native || !referenced) continue;
    checks.push({
      target: `${scenario}: secrets read natively are all up, unthrottled and sooner than through /aws/reference`,
      measured: `${native.functions - native.failed}/${native.functions} up, ${native.throttledCalls} throttled, makespan ${(native.makespanMs / 1000).toFixed(2)} s vs ${(referenced.makespanMs / 1000).toFixed(2)} s (${referenced.throttledCalls} throttled)`,
      met: native.failed === 0 && native.throttledCalls === 0 && native.makespanMs < referenced.makespanMs,
    });
  }
  const manifest = summaryOf(runs, 'high-manifest', 'middy-ssm-env (manifest)');
  if (manifest) {
    checks.push({
      target: 'high throughput by manifest: all up, none past 10 s, makespan ≤ 2 s',
      measured: `${manifest.failed} failed, makespan ${(manifest.makespanMs / 1000).toFixed(2)} s`,
      met: manifest.failed === 0 && manifest.pastInitLimit === 0 && manifest.makespanMs <= 2000,
    });
  }
  const warmOurs = warm?.find((result) => result.name === 'middy-ssm-env');
  if (warmOurs) {
    checks.push({
      target: 'warm invocation ≤ 1.10× bare middy',
      measured: `${warmOurs.ratioToBare.toFixed(2)}×`,
      met: warmOurs.ratioToBare <= 1.1,
    });
  }
  const importOurs = imports?.find((cost) => cost.name === 'middy-ssm-env');
  const importTheirs = imports?.find((cost) => cost.name === '@middy/ssm');
  if (importOurs && importTheirs) {
    checks.push({
      target: 'import cost ≤ @middy/ssm',
      measured: `${importOurs.medianMs.toFixed(1)} ms vs ${importTheirs.medianMs.toFixed(1)} ms`,
      met: importOurs.medianMs <= importTheirs.medianMs,
    });
  }
  const manifestTrips = roundTrips?.find((trip) => trip.mode.startsWith('manifest'));
  const pagedTrips = roundTrips?.find((trip) => trip.mode.startsWith('path'));
  if (manifestTrips && pagedTrips) {
    checks.push({
      target: '130 known names ≤ 2 round trips (paging: 13)',
      measured: `${manifestTrips.roundTrips.toFixed(2)} vs paging ${pagedTrips.roundTrips.toFixed(2)}`,
      met: manifestTrips.roundTrips <= 2,
    });
  }
  return checks;
};
