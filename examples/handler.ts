/**
 * The example function: an order service that reads its database password and configuration from `process.env`,
 * as it would with ECS `valueFrom` — it never touches the SSM client. The middleware fills the environment from
 * Parameter Store before the handler runs, and refreshes it when the cache expires.
 */
import middy from '@middy/core';
import { type SsmEnvOptions, ssmEnv } from 'middy-ssm-env';

export interface OrderEvent {
  readonly orderId: string;
}

/** What the handler reports: which variables it could read (never their values). */
export interface OrderResult {
  readonly orderId: string;
  readonly databaseHost: string | undefined;
  readonly passwordFingerprint: string;
  readonly variables: number;
}

/** A short, non-reversible marker of a secret, so the demo can show a rotation without printing the secret. */
const fingerprint = (value: string | undefined): string => {
  if (!value) return '(unset)';
  let hash = 0;
  for (const char of value) hash = (Math.imul(hash, 31) + (char.codePointAt(0) ?? 0)) >>> 0;
  return `#${hash.toString(16).padStart(8, '0').slice(0, 6)}`;
};

const processOrder = async (event: OrderEvent): Promise<OrderResult> => ({
  orderId: event.orderId,
  databaseHost: process.env.DB_HOST,
  passwordFingerprint: fingerprint(process.env.SECRETS_DATABASE_PASSWORD),
  variables: Object.keys(process.env).length,
});

/** Wraps the handler with the middleware: every parameter under `/myapp/prod/` becomes an environment variable. */
export const createHandler = (overrides: SsmEnvOptions = {}) =>
  middy(processOrder).use(
    ssmEnv({
      fetchData: { app: '/myapp/prod/' },
      setToEnv: true,
      cacheExpiry: 5 * 60_000,
      ...overrides,
    }),
  );
