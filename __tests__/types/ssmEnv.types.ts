/**
 * Type tests, checked by `npm run typecheck` (tsc): the middleware fits Middy's `.use()`, options are typed, and
 * `ssmParam` carries value types. A line marked `@ts-expect-error` fails the typecheck if it ever compiles.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { type SsmEnvValues, ssmEnv, ssmParam } from '../../src/index.js';

const fetchData = {
  config: ssmParam<{ host: string; port: number }>('/myapp/prod/config'),
  hosts: ssmParam<string[]>('/myapp/prod/hosts'),
  plain: '/myapp/prod/plain',
};

export const handler = middy<{ id: string }, string, Error, Context>(
  async (event: { id: string }) => event.id,
).use(ssmEnv({ fetchData, setToEnv: true, cacheExpiry: 60_000, retry: { retries: 3 } }));

type Values = SsmEnvValues<typeof fetchData>;
export const host: string = ({} as Values).config.host;
export const firstHost: string | undefined = ({} as Values).hosts[0];
export const plain: unknown = ({} as Values).plain;

// @ts-expect-error cacheExpiry is a number of milliseconds
ssmEnv({ fetchData, cacheExpiry: '5m' });

// @ts-expect-error a path spec takes `recursive`, not `recurse`
ssmEnv({ fetchData: { app: { path: '/myapp/', recurse: true } } });

// @ts-expect-error the retry options are typed
ssmEnv({ fetchData, retry: { retries: 'many' } });
