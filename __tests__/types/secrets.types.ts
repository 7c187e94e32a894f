/**
 * Type tests for ECS's `secrets` array, checked by `npm run typecheck`: a task definition's array fits as it is
 * (also `as const`, also next to `fetchData`), and an entry without `valueFrom` or with another key does not.
 */
import middy from '@middy/core';
import { type EcsSecret, ssmEnv } from '../../src/index.js';

const fromTaskDefinition = [
  {
    name: 'DATABASE_PASSWORD',
    valueFrom: 'arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/db-AbCdEf:password::',
  },
  { name: 'LOG_LEVEL', valueFrom: '/myapp/prod/LOG_LEVEL' },
] as const;

export const handler = middy(async () => process.env.DATABASE_PASSWORD).use(
  ssmEnv({ secrets: fromTaskDefinition, fetchData: { flags: '/myapp/prod/flags' }, fetchRotationDate: true }),
);

export const typed: readonly EcsSecret[] = fromTaskDefinition;

// @ts-expect-error ECS requires valueFrom
ssmEnv({ secrets: [{ name: 'X' }] });

// @ts-expect-error ECS's field is valueFrom, not value
ssmEnv({ secrets: [{ name: 'X', value: '/x' }] });
