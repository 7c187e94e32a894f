/**
 * The field case's data, from the one fixture the CLI, the tests and the demo use (`examples/fieldCase.ts`): its
 * parameters under one path, some of them SecureString secrets under `<prefix>secrets/`. The path scenarios page the
 * whole tree; the by-name scenarios fetch the secrets by name.
 */
import { FIELD_CASE, fieldCaseSeed } from '../../examples/fieldCase.js';
import type { SeedData } from '../../src/testing.js';

export interface FieldData {
  readonly seed: SeedData;
  readonly path: string;
  /** Every parameter name under `path`. */
  readonly parameterNames: readonly string[];
  /** The names of the SecureString secrets (under `<path>secrets/`). */
  readonly secretNames: readonly string[];
  readonly source: string;
}

export const fieldData = (parameters: number, secrets: number, prefix = FIELD_CASE.prefix): FieldData => {
  const seed = fieldCaseSeed({ parameters, secrets, prefix });
  return {
    seed,
    path: prefix,
    parameterNames: seed.parameters.map((parameter) => parameter.name),
    secretNames: seed.parameters
      .filter((parameter) => parameter.type === 'SecureString')
      .map((parameter) => parameter.name),
    source: `the field-case fixture (examples/fieldCase.ts: ${parameters} parameters under ${prefix}, ${secrets} of them SecureString secrets)`,
  };
};
