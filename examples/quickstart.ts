import middy from '@middy/core';
import { ssmEnv } from 'middy-ssm-env';

const lambdaHandler = async () => {
  // Set before the handler runs, refreshed every 5 minutes, never fetched by application code.
  const password = process.env.DATABASE_PASSWORD;
  const host = process.env.DB_HOST;
  return { statusCode: 200, body: `connecting to ${host} (password set: ${password !== undefined})` };
};

export const handler = middy(lambdaHandler).use(
  ssmEnv({
    fetchData: {
      DATABASE_PASSWORD: '/myapp/prod/secrets/database-password', // one parameter, by name
      config: '/myapp/prod/config/', // every parameter under a path: DB_HOST, DB_PORT, …
    },
    setToEnv: true,
    cacheExpiry: 5 * 60_000,
  }),
);
