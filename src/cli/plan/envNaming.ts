/**
 * Environment names for a tree, by the middleware's own rules (`defaultEnvName` relative to the path, reserved and
 * valid names), so a plan never promises a variable the middleware would refuse to write.
 */
import { defaultEnvName, isReservedEnvName, isValidEnvName } from '../../inject/envNames.js';

export interface NamedParameter {
  readonly parameter: string;
  readonly type: string;
  readonly envName: string;
}

export type NameProblemKind = 'reserved' | 'invalid' | 'collision';

/** A parameter whose environment name the middleware would refuse. */
export interface NameProblem {
  readonly parameter: string;
  readonly envName: string;
  readonly problem: NameProblemKind;
}

export interface Naming {
  /** Parameters with a usable, unique name. */
  readonly named: readonly NamedParameter[];
  readonly problems: readonly NameProblem[];
}

/**
 * Names every parameter under `path` (with the `envPrefix`-style `prefix`) and sets aside the ones that are reserved,
 * invalid or collide.
 */
export function nameParameters(
  parameters: readonly { name: string; type: string }[],
  path: string,
  prefix = '',
): Naming {
  const candidates = parameters.map((parameter) => ({
    parameter: parameter.name,
    type: parameter.type,
    envName: defaultEnvName(parameter.name, path, prefix),
  }));
  const uses = new Map<string, number>();
  for (const candidate of candidates) uses.set(candidate.envName, (uses.get(candidate.envName) ?? 0) + 1);
  const named: NamedParameter[] = [];
  const problems: NameProblem[] = [];
  for (const candidate of candidates) {
    const problem = problemOf(candidate.envName, uses.get(candidate.envName) ?? 0);
    if (problem) problems.push({ parameter: candidate.parameter, envName: candidate.envName, problem });
    else named.push(candidate);
  }
  return { named, problems };
}

const problemOf = (envName: string, uses: number): NameProblemKind | undefined => {
  if (!isValidEnvName(envName)) return 'invalid';
  if (isReservedEnvName(envName)) return 'reserved';
  if (uses > 1) return 'collision';
  return undefined;
};
