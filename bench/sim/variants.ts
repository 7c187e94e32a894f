/**
 * Pacer variants for the virtual-time model: `npx tsx bench/sim/fleetSim.ts [seeds] ./variants.ts`
 * (`SIM_SCENARIOS=field,big` to pick scenarios; `SIM_TRACE=1` or `2` for calls per second and per process). The
 * fourth tuning round in bench/results/TUNING.md started here.
 */
import type { SimVariant } from './fleetSim.js';

const hinted = (name: string, pacer?: SimVariant['pacer']): SimVariant[] =>
  [1, 0.5, 2, 4].map((hint) => ({
    name: `${name}, hint ×${hint}`,
    hint,
    ...(pacer ? { pacer } : {}),
  }));

export const VARIANTS: readonly SimVariant[] = [
  { name: 'no hint (fleet-blind, F4)', quota: true },
  { name: 'no hint, size estimated', quota: true, pacer: { estimateSize: true } },
  ...hinted('default'),
  ...hinted('H5', { fleetRecoveryHalfLife: 5000 }),
  ...hinted('H15', { fleetRecoveryHalfLife: 15_000 }),
  ...hinted('no surplus wait', { fleetSurplusWait: 0 }),
];
