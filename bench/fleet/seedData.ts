/**
 * The field case's data: 130 parameters under one path (some SecureString) and 40 Secrets Manager secrets. Uses the
 * shared fixture when it exists (so the CLI, tests and bench agree), else generates the same shape here.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SeedData, SeedParameter, SeedSecret } from '../../src/testing.js';

export interface FieldData {
  readonly seed: SeedData;
  readonly path: string;
  /** Every parameter name under `path`. */
  readonly parameterNames: readonly string[];
  /** `/aws/reference/secretsmanager/<id>` names of every secret. */
  readonly secretNames: readonly string[];
  readonly source: 'shared fixture' | 'bench generator';
}

const FIXTURE = new URL('../../__tests__/fixtures/fieldCase.ts', import.meta.url);
const SECRET_REFERENCE = '/aws/reference/secretsmanager/';

const generate = (parameters: number, secrets: number, prefix: string): SeedData => ({
  parameters: Array.from(
    { length: parameters },
    (_, index): SeedParameter => ({
      // Two levels, as real trees have (`db/host`, `feature/x`), so the recursive fetch matters.
      name: `${prefix}${['db', 'api', 'feature', 'cache', 'queue'][index % 5]}/setting-${index}`,
      value: `value-${index}-${'x'.repeat(40)}`,
      type: index % 4 === 0 ? 'SecureString' : 'String',
    }),
  ),
  secrets: Array.from(
    { length: secrets },
    (_, index): SeedSecret => ({
      name: `myapp/prod/secret-${index}`,
      value: JSON.stringify({ password: `pw-${index}` }),
    }),
  ),
});

const parameterNamesOf = (seed: SeedData): string[] => {
  const { parameters } = seed;
  if (!parameters) return [];
  return Array.isArray(parameters)
    ? (parameters as readonly SeedParameter[]).map((parameter) => parameter.name)
    : Object.keys(parameters);
};

type FixtureModule = {
  fieldCaseSeed?: (options: { parameters: number; secrets: number; prefix: string }) => unknown;
};

const fromFixture = async (
  parameters: number,
  secrets: number,
  prefix: string,
): Promise<SeedData | undefined> => {
  if (!existsSync(fileURLToPath(FIXTURE))) return undefined;
  const module = (await import(FIXTURE.href)) as FixtureModule;
  const seed = module.fieldCaseSeed?.({ parameters, secrets, prefix });
  // Accept it only if it has the shape we rely on; a fixture mid-edit must not break the bench.
  if (typeof seed !== 'object' || seed === null) return undefined;
  const data = seed as SeedData;
  const ok = parameterNamesOf(data).length === parameters && (data.secrets?.length ?? 0) === secrets;
  return ok ? data : undefined;
};

export const fieldData = async (
  parameters: number,
  secrets: number,
  prefix = '/myapp/prod/',
): Promise<FieldData> => {
  const shared = await fromFixture(parameters, secrets, prefix).catch(() => undefined);
  const seed = shared ?? generate(parameters, secrets, prefix);
  return {
    seed,
    path: prefix,
    parameterNames: parameterNamesOf(seed).filter((name) => name.startsWith(prefix)),
    secretNames: (seed.secrets ?? []).map((secret) => `${SECRET_REFERENCE}${secret.name}`),
    source: shared ? 'shared fixture' : 'bench generator',
  };
};
