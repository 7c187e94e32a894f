/**
 * `middy-ssm-env/testing`: a local SSM Parameter Store and Secrets Manager server (one port, AWS JSON 1.1, the real
 * SDK clients) for tests and benchmarks.
 * @packageDocumentation
 */
import type { LocalSsm } from './server/index.js';

export * from './server/index.js';

/** What {@link useLocalSsm} unsets so a shell's own credentials are never picked up instead of the server's. */
const UNSET = ['AWS_SESSION_TOKEN', 'AWS_PROFILE'] as const;

/**
 * Points every SDK client created from the environment — the handler under test's — at `server`: its endpoints
 * (`AWS_ENDPOINT_URL_SSM`, `AWS_ENDPOINT_URL_SECRETS_MANAGER`), its region, and its static test credentials, with `AWS_PROFILE` and `AWS_SESSION_TOKEN`
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
  const values = server.env();
  const saved = new Map([...Object.keys(values), ...UNSET].map((name) => [name, env[name]]));
  Object.assign(env, values);
  for (const name of UNSET) delete env[name];
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
  };
};
