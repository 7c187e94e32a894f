/**
 * Lambda's environment budget: all of a function's variables together may take 4 KB, counted as the sum over the
 * variables of the UTF-8 bytes of the key plus the UTF-8 bytes of the value (4,096 bytes).
 *
 * When the candidates do not all fit, the split keeps the most variables: it takes them from the smallest up and
 * leaves the largest values in SSM. Keeping the most variables leaves the fewest names to fetch, which is what
 * decides the number of calls. Ties break by name, so the split is the same on every run.
 */

/** Lambda's limit on all environment variables of a function together. */
export const LAMBDA_ENV_LIMIT_BYTES = 4096;

/** One environment variable and the parameter it comes from. */
export interface EnvVariable {
  readonly name: string;
  readonly value: string;
  /** The SSM parameter name it comes from. */
  readonly parameter: string;
}

/** Bytes a variable takes in the budget: key bytes + value bytes, UTF-8. */
export const variableBytes = (variable: Pick<EnvVariable, 'name' | 'value'>): number =>
  Buffer.byteLength(variable.name, 'utf8') + Buffer.byteLength(variable.value, 'utf8');

/** The bytes of several variables. */
export const totalBytes = (variables: readonly Pick<EnvVariable, 'name' | 'value'>[]): number =>
  variables.reduce((sum, variable) => sum + variableBytes(variable), 0);

export interface BudgetSplit {
  readonly limit: number;
  /** Bytes of the variables that must be there (secret references), whatever happens. */
  readonly fixedBytes: number;
  /** Candidates that fit, sorted by name. */
  readonly kept: readonly EnvVariable[];
  readonly keptBytes: number;
  /** Candidates that stay in SSM, largest first. */
  readonly left: readonly EnvVariable[];
  readonly leftBytes: number;
  /** fixedBytes + keptBytes. */
  readonly usedBytes: number;
  /** False when the fixed variables alone exceed the limit. */
  readonly fits: boolean;
}

const bySizeThenName = (left: EnvVariable, right: EnvVariable): number =>
  variableBytes(left) - variableBytes(right) ||
  (left.name < right.name ? -1 : left.name > right.name ? 1 : 0);

const byName = (left: EnvVariable, right: EnvVariable): number =>
  left.name < right.name ? -1 : left.name > right.name ? 1 : 0;

/**
 * Splits `candidates` into the ones that fit next to `fixed` within `limit` bytes and the ones left in SSM.
 *
 * @example
 * splitEnvBudget([], [{ name: 'A', value: 'x', parameter: '/p/a' }]).keptBytes // → 2
 */
export function splitEnvBudget(
  fixed: readonly EnvVariable[],
  candidates: readonly EnvVariable[],
  limit: number = LAMBDA_ENV_LIMIT_BYTES,
): BudgetSplit {
  const fixedBytes = totalBytes(fixed);
  const kept: EnvVariable[] = [];
  const left: EnvVariable[] = [];
  let used = fixedBytes;
  for (const candidate of [...candidates].sort(bySizeThenName)) {
    const bytes = variableBytes(candidate);
    if (used + bytes <= limit) {
      kept.push(candidate);
      used += bytes;
    } else {
      left.push(candidate);
    }
  }
  left.reverse();
  return {
    limit,
    fixedBytes,
    kept: kept.sort(byName),
    keptBytes: totalBytes(kept),
    left,
    leftBytes: totalBytes(left),
    usedBytes: used,
    fits: fixedBytes <= limit,
  };
}
