/**
 * Standard Schema validation with two real validators (zod and valibot), through `middy().use()` and the real SDK
 * against the local server: values pass and are transformed, a cold start fails with one error naming every key and
 * rule and never a value, a refresh that fails keeps the last good values, async schemas, and a shared cacheKey.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import middy from '@middy/core';
import { getInternal } from '@middy/util';
import * as v from 'valibot';
import * as z from 'zod';
import { CacheStore } from '../../src/cache/cacheRecord.js';
import { SchemaValidationError } from '../../src/errors.js';
import { ssmEnv } from '../../src/index.js';
import { buildConfig } from '../../src/middleware/config.js';
import type { LocalSsm } from '../../src/testing.js';
import { lambdaContext, rejectionOf, resetCaches, startServer, wire } from '../helpers/harness.js';
import { findLeaks, registerSecret } from '../helpers/leakRegistry.js';

// Secrets whose values a validator would quote ("received …") if it were allowed to.
const TOKEN = registerSecret('tok_9f83b2c1e7a04d55');
const REGION = registerSecret('mars-north-9-secret');
const BAD_PORT = registerSecret('port-is-secret-abc');

let server: LocalSsm;

beforeAll(async () => {
  server = await startServer({
    parameters: [
      { name: '/app/port', value: '5432' },
      { name: '/app/region', value: 'eu-west-1' },
      { name: '/app/token', value: TOKEN, type: 'SecureString' },
      { name: '/app/db/host', value: 'db.internal' },
      { name: '/app/db/port', value: '5432' },
      { name: '/app/json', value: '{"retries":3,"mode":"fast"}' },
      { name: '/bad/region', value: REGION, type: 'SecureString' },
      { name: '/bad/port', value: BAD_PORT, type: 'SecureString' },
      { name: '/bad/json', value: `{"retries":"${BAD_PORT}","mode":"${REGION}"}`, type: 'SecureString' },
    ],
  });
});

afterAll(() => server.close());
afterEach(() => {
  resetCaches();
  server.resetStats();
  server.faults.clear();
  server.putParameter({ name: '/app/port', value: '5432' });
  server.putParameter({ name: '/app/region', value: 'eu-west-1' });
});

/** The error a cold start threw, with its message and issues checked against every registered secret. */
const coldStartError = async (invoke: () => Promise<unknown>): Promise<SchemaValidationError> => {
  const error = await rejectionOf(invoke());
  expect(error).toBeInstanceOf(SchemaValidationError);
  const failure = error as SchemaValidationError;
  expect(findLeaks(`${failure.message}\n${failure.stack}\n${JSON.stringify(failure.issues)}`)).toEqual([]);
  expect(findLeaks(JSON.stringify(failure.cause))).toEqual([]);
  return failure;
};

describe.each([
  {
    validator: 'zod',
    port: z.coerce.number().int().min(1).max(65535),
    region: z.enum(['eu-west-1', 'us-east-1']),
    token: z.string().startsWith('tok_'),
    db: z.object({ host: z.string(), port: z.coerce.number() }),
    json: z.object({ retries: z.number(), mode: z.literal('fast') }),
  },
  {
    validator: 'valibot',
    port: v.pipe(v.string(), v.transform(Number), v.integer(), v.minValue(1), v.maxValue(65535)),
    region: v.picklist(['eu-west-1', 'us-east-1']),
    token: v.pipe(v.string(), v.startsWith('tok_')),
    db: v.object({ host: v.string(), port: v.pipe(v.string(), v.transform(Number)) }),
    json: v.object({ retries: v.number(), mode: v.literal('fast') }),
  },
])('$validator', (schemas) => {
  it('passes valid values and hands the handler the schemas’ outputs; process.env keeps the text', async () => {
    const wired = wire(server, {
      fetchData: {
        PORT: { name: '/app/port', schema: schemas.port },
        REGION: { name: '/app/region', schema: schemas.region },
        TOKEN: { name: '/app/token', schema: schemas.token },
        db: { path: '/app/db/', schema: schemas.db, envPrefix: false },
        json: { name: '/app/json', schema: schemas.json, env: false },
      },
      setToEnv: true,
      setToContext: true,
    });

    const seen = await wired.invoke();

    expect(seen.internal).toEqual({
      PORT: 5432,
      REGION: 'eu-west-1',
      TOKEN,
      db: { host: 'db.internal', port: 5432 },
      json: { retries: 3, mode: 'fast' },
    });
    expect(seen.context.PORT).toBe(5432);
    expect(seen.env.PORT).toBe('5432');
  });

  it('fails the cold start with one error naming every key and rule, never a value', async () => {
    const wired = wire(server, {
      fetchData: {
        PORT: { name: '/bad/port', schema: schemas.port },
        REGION: { name: '/bad/region', schema: schemas.region },
        TOKEN: { name: '/app/token', schema: schemas.token },
        json: { name: '/bad/json', schema: schemas.json },
      },
    });

    const error = await coldStartError(() => wired.invoke());

    const keys = [...new Set(error.issues.map((issue) => issue.key))].sort();
    expect(keys).toEqual(['PORT', 'REGION', 'json']);
    expect(error.message).toMatch(/^middy-ssm-env: 3 values failed schema validation:/);
    expect(error.message).toContain('PORT (/bad/port): ');
    expect(error.message).toContain('REGION (/bad/region): ');
    expect(error.message).toContain('json.retries (/bad/json): ');
    expect(error.message).toContain('json.mode (/bad/json): ');
    expect(error.issues.find((issue) => issue.key === 'json' && issue.path[0] === 'mode')?.message).toMatch(
      /fast/,
    );
    expect(wired.metrics.at(-1)?.ok).toBe(false);
  });

  it('keeps the last good values when a refresh fails validation, with a warning naming the key', async () => {
    const wired = wire(server, {
      fetchData: {
        PORT: { name: '/app/port', schema: schemas.port },
        REGION: { name: '/app/region', schema: schemas.region },
      },
      setToEnv: true,
    });
    await wired.invoke();

    server.putParameter({ name: '/app/region', value: REGION });
    wired.middleware.invalidate();
    const seen = await wired.invoke();

    expect(seen.internal).toEqual({ PORT: 5432, REGION: 'eu-west-1' });
    expect(seen.env.REGION).toBe('eu-west-1');
    expect(wired.logger.warnings).toHaveLength(1);
    expect(wired.logger.warnings[0]).toMatch(
      /refresh failed — SchemaValidationError: .*REGION \(\/app\/region\)/s,
    );
    expect(wired.logger.warnings[0]).toContain('serving the last good values of: PORT, REGION');

    // Once the parameter is fixed, the next refresh applies it.
    server.putParameter({ name: '/app/region', value: 'us-east-1' });
    wired.middleware.invalidate();
    expect((await wired.invoke()).internal.REGION).toBe('us-east-1');
  });

  it('validates all the values at once with a top-level schema, whose output becomes request.internal', async () => {
    const all =
      schemas.validator === 'zod'
        ? z.object({ port: z.coerce.number(), region: z.enum(['eu-west-1', 'us-east-1']) })
        : v.object({
            port: v.pipe(v.string(), v.transform(Number)),
            region: v.picklist(['eu-west-1', 'us-east-1']),
          });
    const good = wire(server, { fetchData: { port: '/app/port', region: '/app/region' }, schema: all });
    expect((await good.invoke()).internal).toEqual({ port: 5432, region: 'eu-west-1' });

    resetCaches();
    const bad = wire(server, { fetchData: { port: '/app/port', region: '/bad/region' }, schema: all });
    const error = await coldStartError(() => bad.invoke());
    expect(error.issues.map((issue) => [issue.key, issue.parameter])).toEqual([['region', '/bad/region']]);
  });
});

describe('messages', () => {
  it('withholds a valibot message that quotes the value, keeping the rule', async () => {
    const wired = wire(server, {
      fetchData: { REGION: { name: '/bad/region', schema: v.picklist(['eu-west-1', 'us-east-1']) } },
    });

    const error = await coldStartError(() => wired.invoke());

    expect(error.issues).toEqual([
      {
        key: 'REGION',
        parameter: '/bad/region',
        path: [],
        message:
          'picklist, expected ("eu-west-1" | "us-east-1") (the message is withheld: it quoted the value)',
      },
    ]);
  });

  it('keeps a zod message that does not quote the value', async () => {
    const wired = wire(server, {
      fetchData: { REGION: { name: '/bad/region', schema: z.enum(['eu-west-1', 'us-east-1']) } },
    });

    const error = await coldStartError(() => wired.invoke());

    expect(error.issues.map((issue) => issue.message)).toEqual([
      'Invalid option: expected one of "eu-west-1"|"us-east-1"',
    ]);
  });

  it('withholds a custom message that quotes the value, and never repeats what a throwing schema said', async () => {
    const quoting = z
      .string()
      .refine((text) => text.startsWith('x'), { error: (issue) => `bad: ${issue.input}` });
    const throwing = z.string().transform((text): string => {
      throw new Error(`cannot use ${text}`);
    });
    const wired = wire(server, {
      fetchData: {
        a: { name: '/bad/region', schema: quoting },
        b: { name: '/bad/port', schema: throwing },
      },
    });

    const error = await coldStartError(() => wired.invoke());

    expect(error.issues.map((issue) => [issue.key, issue.message])).toEqual([
      ['a', 'custom (the message is withheld: it quoted the value)'],
      ['b', 'the schema threw Error'],
    ]);
  });
});

describe('async schemas', () => {
  const allowList = async (token: string) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return token.startsWith('tok_');
  };

  it.each([
    ['zod', z.string().refine(allowList, 'not an allowed token')],
    ['valibot', v.pipeAsync(v.string(), v.checkAsync(allowList, 'not an allowed token'))],
  ])('%s: passes and fails like a sync one', async (_validator, schema) => {
    const good = wire(server, { fetchData: { TOKEN: { name: '/app/token', schema } } });
    expect((await good.invoke()).internal.TOKEN).toBe(TOKEN);

    resetCaches();
    const bad = wire(server, { fetchData: { TOKEN: { name: '/bad/region', schema } } });
    const error = await coldStartError(() => bad.invoke());
    expect(error.issues).toEqual([
      { key: 'TOKEN', parameter: '/bad/region', path: [], message: 'not an allowed token' },
    ]);
  });
});

describe('through the public ssmEnv and getInternal', () => {
  it('types and delivers the outputs', async () => {
    let port = 0;
    const handler = middy(async () => port)
      .use(
        ssmEnv({
          fetchData: { port: { name: '/app/port', schema: z.coerce.number() } },
          awsClientOptions: server.clientConfig(),
          disablePrefetch: true,
        }),
      )
      .before(async (request) => {
        // Typed number: no cast.
        port = (await getInternal(['port'], request)).port + 1;
      });

    expect(await handler({}, lambdaContext())).toBe(5433);
  });
});

describe('a shared cacheKey', () => {
  it('validates values another middleware committed, keeping its own last good values', async () => {
    const cache = new CacheStore();
    const lenient = wire(server, { fetchData: { REGION: '/app/region' }, cacheKey: 'shared' }, { cache });
    const strict = wire(
      server,
      {
        fetchData: { REGION: '/app/region' },
        cacheKey: 'shared',
        schema: z.object({ REGION: z.enum(['eu-west-1', 'us-east-1']) }),
      },
      { cache },
    );
    await lenient.invoke();
    expect((await strict.invoke()).internal.REGION).toBe('eu-west-1');

    server.putParameter({ name: '/app/region', value: REGION });
    lenient.middleware.invalidate();
    await lenient.invoke();
    const seen = await strict.invoke();
    await strict.invoke();

    expect(seen.internal.REGION).toBe('eu-west-1');
    expect(strict.logger.warnings).toEqual([
      "warn: middy-ssm-env: values shared under cacheKey shared failed this middleware's schema at REGION; serving the last good values.",
    ]);
  });

  it('fails a cold start on values another middleware committed that its schema rejects', async () => {
    const cache = new CacheStore();
    const lenient = wire(
      server,
      { fetchData: { REGION: '/bad/region' }, cacheKey: 'shared-cold' },
      { cache },
    );
    const strict = wire(
      server,
      {
        fetchData: { REGION: '/bad/region' },
        cacheKey: 'shared-cold',
        schema: z.object({ REGION: z.enum(['eu-west-1', 'us-east-1']) }),
      },
      { cache },
    );
    await lenient.invoke();

    await coldStartError(() => strict.invoke());
    expect(server.stats().byOperation.GetParameters?.total).toBe(1);
  });
});

describe('the option', () => {
  it.each([
    [{ fetchData: { a: { name: '/a', schema: (value: unknown) => value } } }, 'fetchData.a.schema'],
    [{ fetchData: { a: { path: '/a/', schema: { '~standard': { version: 2 } } } } }, 'fetchData.a.schema'],
    [{ fetchData: { a: '/a' }, schema: 'zod' }, '`schema`'],
  ])('refuses a schema that is not a Standard Schema (%#)', (options, named) => {
    expect(() => ssmEnv(options as never)).toThrow(TypeError);
    expect(() => ssmEnv(options as never)).toThrow(named);
  });

  it('keeps the default cacheKey of a fetchData whatever its schemas', () => {
    const keyOf = (spec: object) =>
      buildConfig({ fetchData: { a: { name: '/app/port', ...spec } } }, {}).cacheKey;

    expect(keyOf({ schema: z.string() })).toBe(keyOf({}));
    expect(keyOf({ schema: v.string() })).toBe(keyOf({}));
    expect(keyOf({ optional: true })).not.toBe(keyOf({}));
  });
});
