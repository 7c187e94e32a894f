/**
 * Packing values left in SSM into JSON parameters (`{ "DB_HOST": "…", … }`), so one name fetches many values:
 * 4 KB a value for a standard parameter, 8 KB for an advanced one. First-fit decreasing: largest values first, each
 * into the first bundle with room. A value too large for any bundle stays a parameter of its own.
 */
import type { EnvVariable } from './envBudget.js';

/** Largest value of a standard parameter, in bytes. */
export const STANDARD_VALUE_LIMIT_BYTES = 4096;
/** Largest value of an advanced parameter, in bytes. */
export const ADVANCED_VALUE_LIMIT_BYTES = 8192;

export interface Bundle {
  /** Variable names in the bundle, in packing order. */
  readonly names: readonly string[];
  /** Bytes of the bundle's JSON text. */
  readonly bytes: number;
}

export interface Packing {
  readonly capacity: number;
  readonly bundles: readonly Bundle[];
  /** Variables too large to share a bundle: each stays its own parameter. */
  readonly alone: readonly string[];
  /** Names to fetch instead of the variables: bundles + alone. */
  readonly parameters: number;
}

/** Bytes one `"key":value` member adds to a JSON object. */
const memberBytes = (variable: Pick<EnvVariable, 'name' | 'value'>): number =>
  Buffer.byteLength(JSON.stringify(variable.name), 'utf8') +
  1 +
  Buffer.byteLength(JSON.stringify(variable.value), 'utf8');

/** The JSON object `{}` plus its members and the commas between them. */
const objectBytes = (members: number, memberTotal: number): number =>
  2 + memberTotal + Math.max(0, members - 1);

/**
 * Packs variables into JSON bundles of at most `capacity` bytes.
 *
 * @example
 * packBundles([{ name: 'A', value: '1', parameter: '/p/a' }], 4096).bundles[0]?.bytes // → 9 ('{"A":"1"}')
 */
export function packBundles(variables: readonly EnvVariable[], capacity: number): Packing {
  const open: { names: string[]; members: number; memberTotal: number }[] = [];
  const alone: string[] = [];
  const largestFirst = [...variables].sort(
    (left, right) => memberBytes(right) - memberBytes(left) || (left.name < right.name ? -1 : 1),
  );
  for (const variable of largestFirst) {
    const bytes = memberBytes(variable);
    if (objectBytes(1, bytes) > capacity) {
      alone.push(variable.name);
      continue;
    }
    const bundle = open.find(
      (candidate) => objectBytes(candidate.members + 1, candidate.memberTotal + bytes) <= capacity,
    );
    if (bundle) {
      bundle.names.push(variable.name);
      bundle.members += 1;
      bundle.memberTotal += bytes;
    } else {
      open.push({ names: [variable.name], members: 1, memberTotal: bytes });
    }
  }
  const bundles = open.map((bundle) => ({
    names: bundle.names,
    bytes: objectBytes(bundle.members, bundle.memberTotal),
  }));
  return { capacity, bundles, alone, parameters: bundles.length + alone.length };
}
