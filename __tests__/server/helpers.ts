import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { type LocalSsm, type SeedSecret, startLocalSsm } from '../../src/server/index.js';

/** A real SDK client on the local server; one attempt, so SDK retries never hide what the server did. */
export function clientFor(server: LocalSsm, accessKeyId?: string): SSMClient {
  return new SSMClient({ ...server.clientConfig(accessKeyId), maxAttempts: 1 });
}

/** A real Secrets Manager client on the same server and port; one attempt. */
export function secretsClientFor(server: LocalSsm, accessKeyId?: string): SecretsManagerClient {
  return new SecretsManagerClient({ ...server.clientConfig(accessKeyId), maxAttempts: 1 });
}

/** A server seeded with `secrets` only, and a Secrets Manager client on it ({@link secretsClientFor}). */
export async function startWithSecrets(
  secrets: readonly SeedSecret[],
): Promise<{ server: LocalSsm; client: SecretsManagerClient }> {
  const server = await startLocalSsm({ seed: { secrets } });
  return { server, client: secretsClientFor(server) };
}

/** A clock the test moves by hand. */
export function manualClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

/** The rejection of `promise`, failing the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('Expected the call to fail, but it succeeded');
    },
    (error: unknown) => error,
  );
}

/** Assert that an SDK call fails with `errorClass` and the HTTP status AWS uses; returns the error. */
export async function expectSdkError<E extends Error>(
  promise: Promise<unknown>,
  errorClass: abstract new (...args: never[]) => E,
  httpStatusCode: number,
): Promise<E> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(errorClass);
  expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(
    httpStatusCode,
  );
  return error as E;
}

/** Poll until `condition` holds (for state the server reaches asynchronously), without a fixed sleep. */
export async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
