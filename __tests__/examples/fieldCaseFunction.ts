/**
 * The field case's function as the Terraform and SAM examples deploy it: bundled, started with the environment a
 * deployment file gives it, against the field case on the local server. After one invocation every one of the 130
 * parameters must be in its environment with the right value — the static variables, the resolved references and
 * the manifest together are the whole configuration, nothing lost in the split.
 */
import { join } from 'node:path';
import { defaultEnvName } from '../../src/inject/envNames.js';
import type { LocalSsm } from '../../src/testing.js';
import { fieldCaseSeed } from '../fixtures/fieldCase.js';
import { startServer } from '../helpers/harness.js';
import { registerSecret } from '../helpers/leakRegistry.js';
import {
  bundleDirectory,
  bundleExample,
  envDigest,
  invokeBundle,
  type TemporaryDirectory,
} from './helpers.js';

/** The Secrets Manager secret both examples reference (`DB_USER=secretsmanager:prod/db#username`). */
const DB_SECRET = { username: 'orders', password: 'field-case-sm-password' };

export interface FieldCaseFunction {
  readonly server: LocalSsm;
  /** Runs the function once with `environment`; resolves to the response and digests of its environment after. */
  run(environment: Record<string, string>): Promise<{ response: unknown; env: Record<string, string> }>;
  /** The digest of every variable the function must end with: one per parameter, plus DB_USER. */
  expectedDigests(): Record<string, string>;
  close(): Promise<void>;
}

export const startFieldCaseFunction = async (): Promise<FieldCaseFunction> => {
  registerSecret(DB_SECRET.password);
  const seed = fieldCaseSeed();
  const server = await startServer({
    ...seed,
    secrets: [{ name: 'prod/db', value: JSON.stringify(DB_SECRET) }],
  });
  const directory: TemporaryDirectory = await bundleDirectory();
  const { outfile } = await bundleExample(
    'examples/field-case-function/handler.ts',
    join(directory.path, 'index.mjs'),
  );
  return {
    server,
    run: async (environment) => {
      const result = await invokeBundle(
        outfile,
        { ...environment, AWS_ENDPOINT_URL_SSM: server.endpoint },
        {},
        { reportEnv: true },
      );
      if (result.exitCode !== 0) throw new Error(`the function failed: ${result.stderr}`);
      return JSON.parse(result.stdout) as { response: unknown; env: Record<string, string> };
    },
    expectedDigests: () => ({
      ...Object.fromEntries(
        seed.parameters.map((parameter) => [
          defaultEnvName(parameter.name, '/myapp/prod/'),
          envDigest(parameter.value),
        ]),
      ),
      DB_USER: envDigest(DB_SECRET.username),
    }),
    close: async () => {
      await server.close();
      await directory.remove();
    },
  };
};
