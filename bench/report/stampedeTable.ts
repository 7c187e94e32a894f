/** The per-scenario table of the stampede: one row per candidate. */
import type { CandidateRun } from '../fleet/stampede.js';
import { markdownTable, ms, ratio } from './format.js';

export const STAMPEDE_HEADER = [
  'candidate',
  'cold starts up',
  'why not',
  'p50',
  'p95',
  'max',
  'past 10 s',
  'calls (ok)',
  'throttled',
  'throttled ÷ ok',
  'makespan',
  'bound',
  'makespan ÷ bound',
] as const;

const reasonsText = (reasons: Readonly<Record<string, number>>): string =>
  Object.entries(reasons)
    .map(([reason, count]) => `${count}× ${reason}`)
    .join('; ') || '—';

export const stampedeRow = (run: CandidateRun): string[] => {
  const s = run.summary;
  return [
    run.variant ? `${run.candidate} [${run.variant}]` : run.candidate,
    `${s.functions - s.failed} of ${s.functions}`,
    reasonsText(s.reasons),
    ms(s.p50Ms),
    ms(s.p95Ms),
    ms(s.maxMs),
    String(s.pastInitLimit),
    `${s.okCalls} (min ${s.minimumCalls})`,
    String(s.throttledCalls),
    s.throttledPerSuccess.toFixed(2),
    ms(s.makespanMs),
    ms(s.boundMs),
    ratio(s.makespanOverBound),
  ];
};

export const stampedeTable = (runs: readonly CandidateRun[]): string =>
  markdownTable(STAMPEDE_HEADER, runs.map(stampedeRow));
