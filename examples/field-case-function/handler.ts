/**
 * The field case's function after the split `npx middy-ssm-env plan /myapp/prod/` computes, as the Terraform and
 * SAM examples deploy it: the plain values that fit travel as static environment variables, the secrets as `ssm:`
 * references resolved before the handler runs, and the rest of the plain values are fetched by name from a
 * manifest — parallel `GetParameters` instead of thirteen `GetParametersByPath` pages.
 */
import middy from '@middy/core';
import { ssmEnv } from 'middy-ssm-env';
// The names `plan --format json` lists as "manifestNames"; esbuild inlines the file into the bundle.
import manifest from './manifest.json' with { type: 'json' };

const lambdaHandler = async () => ({
  statusCode: 200,
  body: JSON.stringify({
    databaseHost: process.env.DB_HOST,
    databasePasswordSet: (process.env.SECRETS_DATABASE_PASSWORD ?? 'ssm:').startsWith('ssm:') === false,
  }),
});

export const handler = middy(lambdaHandler).use(
  ssmEnv({
    setToEnv: true,
    resolveEnvReferences: true,
    fetchData: { app: { path: '/myapp/prod/', manifest } },
    cacheExpiry: 5 * 60_000,
  }),
);
