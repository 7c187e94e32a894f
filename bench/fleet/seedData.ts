/**
 * The field case's data, from the one fixture the CLI, the tests and the demo use (`examples/fieldCase.ts`): its
 * parameters under one path, some of them SecureString secrets under `<prefix>secrets/`. The path scenarios page the
 * whole tree; the by-name scenarios fetch the secrets by name.
 */
import { FIELD_CASE, fieldCaseSeed } from '../../examples/fieldCase.js';
import type { SeedData } from '../../src/testing.js';
import { SECRET_REFERENCE } from './types.js';

export interface FieldData {
  readonly seed: SeedData;
  readonly path: string;
  /** Every parameter name under `path`. */
  readonly parameterNames: readonly string[];
  /** The names of the SecureString secrets (under `<path>secrets/`). */
  readonly secretNames: readonly string[];
  /**
   * The same secrets as Secrets Manager secrets (ids without the leading `/`), named as Parameter Store references
   * (`/aws/reference/secretsmanager/<id>`): what a team that keeps its secrets in Secrets Manager fetches.
   */
  readonly secretReferences: readonly string[];
  readonly source: string;
}

export const fieldData = (parameters: number, secrets: number, prefix = FIELD_CASE.prefix): FieldData => {
  const { parameters: seedParameters } = fieldCaseSeed({ parameters, secrets, prefix });
  const secureStrings = seedParameters.filter((parameter) => parameter.type === 'SecureString');
  const secretsManager = secureStrings.map((parameter) => ({
    name: parameter.name.slice(1),
    value: parameter.value,
  }));
  const seed = { parameters: seedParameters, secrets: secretsManager };
  return {
    seed,
    path: prefix,
    parameterNames: seed.parameters.map((parameter) => parameter.name),
    secretNames: secureStrings.map((parameter) => parameter.name),
    secretReferences: secretsManager.map((secret) => `${SECRET_REFERENCE}${secret.name}`),
    source: `the field-case fixture (examples/fieldCase.ts: ${parameters} parameters under ${prefix}, ${secrets} of them SecureString secrets, also seeded as Secrets Manager secrets)`,
  };
};
