/**
 * The function the CDK stack deploys. Its configuration lives in its own environment as references
 * (`DATABASE_PASSWORD=ssm:/myapp/prod/secrets/database-password`); the middleware replaces each with the parameter's
 * value before the handler runs, and refreshes them every five minutes. The handler reports which variables were
 * resolved — never their values.
 */
import middy from '@middy/core';
import { ssmEnv } from 'middy-ssm-env';

const REFERENCE = /^(ssm|secretsmanager):/;

const lambdaHandler = async () => {
  const resolved = ['DATABASE_PASSWORD', 'DB_HOST', 'DB_USER'].filter((name) => {
    const value = process.env[name];
    return value !== undefined && !REFERENCE.test(value);
  });
  return { statusCode: 200, body: JSON.stringify({ resolved, logLevel: process.env.LOG_LEVEL }) };
};

export const handler = middy(lambdaHandler).use(
  ssmEnv({ resolveEnvReferences: true, cacheExpiry: 5 * 60_000 }),
);
