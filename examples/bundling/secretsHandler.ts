/**
 * A handler that reads a Secrets Manager secret natively (ECS's `secrets` array) and ships its own SDK in the bundle:
 * the Secrets Manager module is passed as `secretsManagerSdk`, so the bundler includes it. Loaded by name, as the
 * middleware does otherwise, it would come from the runtime in Lambda and be missing anywhere else.
 */
import * as secretsManagerSdk from '@aws-sdk/client-secrets-manager';
import middy from '@middy/core';
import { ssmEnv } from 'middy-ssm-env';

const secrets = [
  {
    name: 'DATABASE_PASSWORD',
    valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf:password::',
  },
];

const app = async () => ({ passwordSet: process.env.DATABASE_PASSWORD !== undefined });

export const handler = middy(app).use(ssmEnv({ secrets, secretsManagerSdk }));
