/**
 * Type tests, checked by `npm run typecheck` (tsc): the middleware fits Middy's `.use()`, options are typed as the
 * checks at creation accept them, and values are typed from `ssmParam` hints, `parseValues` and schemas. A line
 * marked `@ts-expect-error` fails the typecheck if it ever compiles; `assertType<Equal<…>>` fails unless the two types
 * are the same.
 */

import middy from '@middy/core';
import { getInternal } from '@middy/util';
import type { StandardSchemaV1 as SpecStandardSchemaV1 } from '@standard-schema/spec';
import type { Context as LambdaContext } from 'aws-lambda';
import * as v from 'valibot';
import * as z from 'zod';
import {
  type Context,
  type Internal,
  type SsmEnvMiddleware,
  type SsmEnvOptions,
  type SsmEnvValues,
  type StandardSchemaV1,
  ssmEnv,
  ssmParam,
} from '../../src/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T | undefined => undefined;

/** The `request.internal` type a middleware gives Middy. */
type InternalOf<M> = M extends middy.MiddlewareObj<unknown, unknown, Error, infer _C, infer I> ? I : never;
type ContextOf<M> = M extends middy.MiddlewareObj<unknown, unknown, Error, infer C, infer _I> ? C : never;

const fetchData = {
  config: ssmParam<{ host: string; port: number }>('/myapp/prod/config'),
  hosts: ssmParam<string[]>('/myapp/prod/hosts'),
  plain: '/myapp/prod/plain',
};

export const handler = middy<{ id: string }, string, Error, LambdaContext>(
  async (event: { id: string }) => event.id,
).use(ssmEnv({ fetchData, setToEnv: true, cacheExpiry: 60_000, retry: { retries: 3 } }));

type Values = SsmEnvValues<typeof fetchData>;
assertType<Equal<Values['config'], { host: string; port: number }>>();
assertType<Equal<Values['hosts'], string[]>>();
assertType<Equal<Values['plain'], unknown>>();

// --- What each kind of entry puts in request.internal -------------------------------------------------------------
const kinds = ssmEnv({
  fetchData: {
    path: '/myapp/prod/',
    name: '/myapp/prod/name',
    picked: '/aws/reference/secretsmanager/prod/db#password',
    optional: { name: ssmParam<number>('/myapp/prod/port'), optional: true },
    defaulted: { name: ssmParam<number>('/myapp/prod/port'), optional: true, default: '5432' },
    tree: { path: '/myapp/prod/tree/', types: ['String', 'StringList'] },
  },
});
type Kinds = InternalOf<typeof kinds>;
assertType<Equal<Kinds['path'], Record<string, unknown>>>();
assertType<Equal<Kinds['name'], unknown>>();
assertType<Equal<Kinds['picked'], unknown>>();
assertType<Equal<Kinds['optional'], number | undefined>>();
assertType<Equal<Kinds['defaulted'], number>>();
assertType<Equal<Kinds['tree'], Record<string, unknown>>>();

// With parseValues: false every value is text.
const texts = ssmEnv({
  fetchData: { path: '/myapp/prod/', name: '/myapp/prod/name', maybe: { name: '/x', optional: true } },
  parseValues: false,
});
assertType<
  Equal<InternalOf<typeof texts>, { path: Record<string, string>; name: string; maybe: string | undefined }>
>();

// --- Schemas: their output is the type ----------------------------------------------------------------------------
const zodPort = z.coerce.number().int().min(1);
const valibotHosts = v.object({ host: v.string(), port: v.pipe(v.string(), v.transform(Number)) });
const validated = ssmEnv({
  fetchData: {
    port: { name: '/myapp/prod/port', schema: zodPort },
    db: { path: '/myapp/prod/db/', schema: valibotHosts },
    untouched: '/myapp/prod/plain',
  },
  setToContext: true,
});
assertType<Equal<InternalOf<typeof validated>['port'], number>>();
assertType<Equal<InternalOf<typeof validated>['db'], { host: string; port: number }>>();
assertType<Equal<ContextOf<typeof validated>['port'], number>>();

// A top-level schema's output is the whole of request.internal (and of the values on the context).
const whole = z.object({ port: z.coerce.number(), region: z.enum(['eu-west-1', 'us-east-1']) });
const wholeOptions = {
  fetchData: { port: '/myapp/prod/port', region: '/myapp/prod/region' },
  schema: whole,
  setToContext: true,
} as const;
assertType<Equal<Internal<typeof wholeOptions>, { port: number; region: 'eu-west-1' | 'us-east-1' }>>();
assertType<Equal<Context<typeof wholeOptions>['region'], 'eu-west-1' | 'us-east-1'>>();
export const withWhole = middy<unknown, number, Error, Context<typeof wholeOptions>>()
  .use(ssmEnv(wholeOptions))
  .before(async (request) => {
    const { port } = await getInternal(['port'], request);
    const typed: number = port;
    return typed;
  })
  .handler(async (_event, context) => context.port);

// Async schemas fit too (valibot's *Async).
ssmEnv({
  fetchData: {
    token: {
      name: '/t',
      schema: v.pipeAsync(
        v.string(),
        v.checkAsync(async () => true),
      ),
    },
  },
});

// The copied interface and the spec's are the same shape, both ways.
assertType<Equal<keyof StandardSchemaV1, keyof SpecStandardSchemaV1>>();
export const fromSpec = (schema: SpecStandardSchemaV1<unknown, number>): StandardSchemaV1<unknown, number> =>
  schema;
export const toSpec = (schema: StandardSchemaV1<unknown, number>): SpecStandardSchemaV1<unknown, number> =>
  schema;

// --- Options typed as SsmEnvOptions still fit (checked at creation) ------------------------------------------------
export const fromVariable = (options: SsmEnvOptions): SsmEnvMiddleware => ssmEnv(options);
// Any `{ context, internal }` can call `before` directly (a script, a test).
export const direct = (middleware: SsmEnvMiddleware) => middleware.before({ context: {}, internal: {} });

// --- What the checks at creation refuse, the types refuse -----------------------------------------------------------
// @ts-expect-error cacheExpiry is a number of milliseconds
ssmEnv({ fetchData, cacheExpiry: '5m' });

// @ts-expect-error a path spec takes `recursive`, not `recurse`
ssmEnv({ fetchData: { app: { path: '/myapp/', recurse: true } } });

// @ts-expect-error the retry options are typed
ssmEnv({ fetchData, retry: { retries: 'many' } });

// @ts-expect-error a misspelt retry option
ssmEnv({ fetchData, retry: { retires: 3 } });

// @ts-expect-error a misspelt fleet option
ssmEnv({ fetchData, fleet: { size: 25, rte: 40 } });

// @ts-expect-error a misspelt key in a secrets item
ssmEnv({ secrets: [{ name: 'DB_PASSWORD', valueFrom: '/prod/db/password', valuefrom: 'x' }] });

ssmEnv({
  // @ts-expect-error one item of several misspelt
  secrets: [
    { name: 'A', valueFrom: '/a' },
    { name: 'B', valueFrom: '/b', optional: true },
  ],
});

ssmEnv({ fetchData, fleet: { size: 25, rate: 40 } });
ssmEnv({
  secrets: [
    { name: 'A', valueFrom: '/a' },
    { name: 'B', valueFrom: '/b' },
  ],
});

// @ts-expect-error a misspelt top-level option
ssmEnv({ fetchData, cacheExpiery: 1000 });

// @ts-expect-error `recursive` belongs to paths
ssmEnv({ fetchData: { a: { name: '/a', recursive: true } } });

// @ts-expect-error `jsonKey` belongs to names
ssmEnv({ fetchData: { a: { path: '/a/', jsonKey: 'k' } } });

// @ts-expect-error a spec is a name or a path, not both
ssmEnv({ fetchData: { a: { name: '/a', path: '/b/' } } });

// @ts-expect-error a spec needs a name or a path
ssmEnv({ fetchData: { a: { optional: true } } });

// @ts-expect-error parameter types are SSM's three
ssmEnv({ fetchData: { a: { path: '/a/', types: ['Sekurestring'] } } });

// @ts-expect-error the types filter needs at least one type
ssmEnv({ fetchData: { a: { path: '/a/', types: [] } } });

// @ts-expect-error a schema is a Standard Schema, not a function
ssmEnv({ fetchData: { a: { name: '/a', schema: (value: unknown) => value } } });

// @ts-expect-error the top-level schema outputs an object (the values by key)
ssmEnv({ fetchData: { a: '/a' }, schema: z.string() });

// @ts-expect-error nothing to fetch
ssmEnv({});

// @ts-expect-error nothing to fetch
ssmEnv({ setToEnv: true, resolveEnvReferences: false });

// @ts-expect-error options are required (there must be something to fetch)
ssmEnv();

ssmEnv({ resolveEnvReferences: true });
