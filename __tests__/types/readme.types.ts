/**
 * The README's TypeScript examples, as written there ("Usage with TypeScript", "Validating values with a schema"),
 * so they keep compiling without a cast. Checked by `npm run typecheck`.
 */
import middy from '@middy/core';
import { getInternal } from '@middy/util';
import { type Context, ssmEnv, ssmParam } from 'middy-ssm-env';
import * as z from 'zod';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T | undefined => undefined;

// --- Usage with TypeScript ----------------------------------------------------------------------------------------
const options = {
  fetchData: {
    limits: ssmParam<{ perSecond: number }>('/myapp/prod/config/rate-limits'), // asserted
    port: { name: '/myapp/prod/db/port', schema: z.coerce.number() }, // checked
  },
  setToContext: true,
} as const;

export const handler = middy<unknown, number, Error, Context<typeof options>>()
  .use(ssmEnv(options))
  .before(async (request) => {
    const { port } = await getInternal(['port'], request); // number
    assertType<Equal<typeof port, number>>();
    if (port === 0) throw new Error('no port');
  })
  .handler(async (_event, context) => context.limits.perSecond * context.port);

// --- Validating values with a schema --------------------------------------------------------------------------------
export const config = ssmEnv({
  fetchData: {
    port: { name: '/myapp/prod/db/port', schema: z.coerce.number().int().min(1).max(65535) },
    db: { path: '/myapp/prod/db/', schema: z.object({ host: z.string(), user: z.string() }) },
    mode: '/myapp/prod/mode',
  },
  schema: z.looseObject({ mode: z.enum(['live', 'maintenance']) }),
});
