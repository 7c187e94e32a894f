/**
 * `middy-ssm-env/testing`: a local SSM Parameter Store server for tests and benchmarks.
 * @packageDocumentation
 */
import type { LocalSsm } from './server/index.js';

export * from './server/index.js';

/** What {@link useLocalSsm} sets, and what it unsets so a shell's own credentials are never picked up instead. */
const SET = ['AWS_ENDPOINT_URL_SSM', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
const UNSET = ['AWS_SESSION_TOKEN', 'AWS_PROFILE'] as const;

/**
 * Points every SDK client created from the environment — the handler under test's — at `server`: its endpoint
 * (`AWS_ENDPOINT_URL_SSM`), its region, and its static test credentials, with `AWS_PROFILE` and `AWS_SESSION_TOKEN`
 * unset, so real credentials in the shell are never used. Call it in `beforeAll` (the handler may be imported
 * before); the returned function puts the environment back as it was.
 *
 * @example
 * ```ts
 * let ssm: LocalSsm;
 * let restoreEnv: () => void;
 * beforeAll(async () => {
 *   ssm = await startLocalSsm({ seed });
 *   restoreEnv = useLocalSsm(ssm);
 * });
 * afterAll(async () => {
 *   restoreEnv();
 *   await ssm.close();
 * });
 * ```
 */
export const useLocalSsm = (server: LocalSsm, env: NodeJS.ProcessEnv = process.env): (() => void) => {
  const saved = new Map([...SET, ...UNSET].map((name) => [name, env[name]]));
  const { endpoint, region, credentials } = server.clientConfig();
  const values: Record<(typeof SET)[number], string> = {
    AWS_ENDPOINT_URL_SSM: endpoint,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };
  for (const name of SET) env[name] = values[name];
  for (const name of UNSET) delete env[name];
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
  };
};
