/** The targets of issue 5, checked against one run's figures (reported, never a reason to fail the run). */
import type { CandidateRun } from '../fleet/stampede.js';
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

const ours = (runs: readonly CandidateRun[], scenario: string) =>
  runs.find((run) => run.scenario.id === scenario && run.candidate.startsWith('middy-ssm-env'))?.summary;

export const checkTargets = ({ runs, warm, imports, roundTrips }: Figures): TargetCheck[] => {
  const checks: TargetCheck[] = [];
  const field = ours(runs, 'field');
  if (field) {
    checks.push(
      {
        target: 'field case: 0 failed',
        measured: `${field.failed} of ${field.functions}`,
        met: field.failed === 0,
      },
      {
        target: 'field case: makespan ÷ bound ≤ 1.15',
        measured: field.makespanOverBound?.toFixed(2) ?? '—',
        met: field.makespanOverBound !== undefined && field.makespanOverBound <= 1.15,
      },
      {
        target: 'field case: none past 10 s',
        measured: String(field.pastInitLimit),
        met: field.pastInitLimit === 0,
      },
      {
        target: `field case: exactly ${field.minimumCalls} successful calls`,
        measured: String(field.okCalls),
        met: field.okCalls === field.minimumCalls,
      },
    );
  }
  const ourRuns = runs.filter((run) => run.candidate.startsWith('middy-ssm-env'));
  if (ourRuns.length > 0) {
    const worst = Math.max(...ourRuns.map((run) => run.summary.throttledPerSuccess));
    checks.push({
      target: 'throttled per successful call ≤ 0.2 in every scenario',
      measured: ourRuns
        .map((run) => `${run.scenario.id} ${run.summary.throttledPerSuccess.toFixed(2)}`)
        .join(', '),
      met: worst <= 0.2,
    });
  }
  const big = ours(runs, 'big-deploy');
  if (big) {
    checks.push({
      target: 'bigger deploy: 0 failed, none past 10 s',
      measured: `${big.failed} failed, ${big.pastInitLimit} past 10 s, max ${((big.maxMs ?? 0) / 1000).toFixed(2)} s`,
      met: big.failed === 0 && big.pastInitLimit === 0,
    });
  }
  const manifest = ours(runs, 'high-manifest');
  if (manifest) {
    checks.push({
      target: 'high throughput by manifest: 0 failed, none past 10 s, makespan ≤ 2 s',
      measured: `${manifest.failed} failed, makespan ${(manifest.makespanMs / 1000).toFixed(2)} s`,
      met: manifest.failed === 0 && manifest.pastInitLimit === 0 && manifest.makespanMs <= 2000,
    });
  }
  const warmOurs = warm?.find((result) => result.name === 'middy-ssm-env');
  if (warmOurs) {
    checks.push({
      target: 'warm overhead vs bare middy ≤ 1.10×',
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
