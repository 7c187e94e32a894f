/**
 * Pacer tunings to compare in one run: `npm run bench -- --only=field --variants=default,H5` runs each of this
 * package's candidates once per variant (the anchors once), so the variants share the machine's noise. Each is
 * handed to the middleware as a dependency (`createSsmEnv(options, { pacerOptions })`), never by mutating the
 * defaults. The fourth round of bench/results/TUNING.md used these.
 */
import type { RetryVariant } from './types.js';

export const VARIANTS: readonly RetryVariant[] = [
  { name: 'default' },
  /** Narrow past the fair share with time (5 s half-life): outgrows a size too big, probes the quota. */
  { name: 'H5', pacer: { fleetRecoveryHalfLife: 5000 } },
  { name: 'H15', pacer: { fleetRecoveryHalfLife: 15_000 } },
  { name: 'no surplus wait', pacer: { fleetSurplusWait: 0 } },
  /** The fourth round's rule: parallel calls paced at the share, not to finish with the fleet (fifth round). */
  { name: 'no finish together', pacer: { fleetFinishTogether: 0 } },
  /** A 10 s attempt timeout: tells calls retried because a starved machine answered late from real duplicates. */
  { name: 'attempt 10 s', retry: { attemptTimeout: 10_000 } },
  /** Without a size: estimate one at the first throttle instead of the fleet-blind rule. */
  { name: 'estimate', pacer: { estimateSize: true } },
];
