/**
 * A `@middy/ssm` user's file with only the import switched to `middy-ssm-env` — it must compile unchanged (a test
 * compiles this same file against `@middy/ssm` too, so it stays a genuine `@middy/ssm` user's file). Checked by
 * `npm run typecheck`.
 */
import middy from '@middy/core';
import { getInternal } from '@middy/util';
import type { Context as LambdaContext } from 'aws-lambda';
import ssm, { type Context, ssmParam } from 'middy-ssm-env';

/** Exact type equality: `Equal<A, B>` is `true` only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T | undefined => undefined;

const options = {
  fetchData: {
    limits: ssmParam<{ perSecond: number }>('/myapp/prod/config/rate-limits'),
    accessToken: ssmParam<string>('/myapp/prod/secrets/access-token'),
  },
  setToContext: true,
  cacheExpiry: 15 * 60 * 1000,
  cacheKey: 'ssm-limits',
} as const;

// The handler reads the values off the context, typed: no cast.
export const handler = middy<unknown, number, Error, Context<typeof options>>()
  .use(ssm(options))
  .handler(async (_event, context) => context.limits.perSecond);

assertType<Equal<Context<typeof options>['limits'], { perSecond: number }>>();
assertType<Equal<Context<typeof options>['accessToken'], string>>();

// Without setToContext the context is Lambda's own.
const internalOnly = { fetchData: { defaults: ssmParam<string>('/dev/defaults') }, cacheKey: 'ssm-defaults' };
assertType<Equal<Context<typeof internalOnly>, LambdaContext>>();

// A chain of two middlewares; getInternal reads typed values from request.internal.
export const chained = middy(async (_event: unknown, _context: LambdaContext) => ({}))
  .use(ssm(internalOnly))
  .use(
    ssm({
      fetchData: {
        accessToken: ssmParam<string>('/dev/service_name/access_token'),
        dbParams: ssmParam<{ user: string; pass: string }>('/dev/service_name/database/'),
      },
      cacheExpiry: 15 * 60 * 1000,
      cacheKey: 'ssm-secrets',
      setToContext: true,
    }),
  )
  .before(async (request) => {
    const data = await getInternal(['accessToken', 'dbParams', 'defaults'], request);
    const token: string = data.accessToken;
    const user: string = data.dbParams.user;
    const defaults: string = data.defaults;
    const fromContext: { user: string; pass: string } = request.context.dbParams;
    return { token, user, defaults, fromContext };
  });

// Plain strings (no hint) are `unknown`, as with `@middy/ssm`.
export const plain = middy(async (_event: unknown, _context: LambdaContext) => ({}))
  .use(ssm({ fetchData: { lorem: '/lorem', ipsum: '/ipsum' } }))
  .before(async (request) => {
    const { lorem } = await getInternal(['lorem'], request);
    // @ts-expect-error an unhinted value is unknown
    lorem.toUpperCase();
  });
