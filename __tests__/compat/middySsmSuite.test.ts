/**
 * A test suite written for `@middy/ssm`, in its own pattern — `aws-sdk-client-mock`'s `mockClient(SSMClient)`,
 * `AwsClient: SSMClient`, `getInternal` to read values, `clearCache()` from `@middy/util` after each test, plain
 * `node:assert` — with only the import switched to `middy-ssm-env`. Each case passes as it would with `@middy/ssm`,
 * or documents the deliberate difference (README, Migrating).
 */
import { deepStrictEqual, ok, rejects, strictEqual } from 'node:assert/strict';
import { GetParametersByPathCommand, GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, jest, test } from '@jest/globals';
import middy from '@middy/core';
import { clearCache, getInternal } from '@middy/util';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
// The only line that changes when switching: `import ssm, { ssmValidateOptions } from '@middy/ssm'`.
import ssm, { ssmValidateOptions } from 'middy-ssm-env';

type Request = Parameters<typeof getInternal>[1];

/** As the Middy tests' context: only what the middleware reads. */
let context: Context;

beforeEach(() => {
  // As node:test's `t.mock.timers.enable({ apis: ['Date'] })`: only Date is faked, so expiry can be stepped over.
  jest.useFakeTimers({
    doNotFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'nextTick', 'queueMicrotask'],
  });
  context = { getRemainingTimeInMillis: () => 1000 } as Context;
});

afterEach(() => {
  jest.useRealTimers();
  clearCache();
});

/** A handler reading every internal value into `seen`, as the Middy tests' `.before(middleware)` does. */
const handlerFor = (options: Parameters<typeof ssm>[0], seen: { values?: Record<string, unknown> } = {}) =>
  middy(() => {})
    .use(ssm(options))
    .before(async (request) => {
      seen.values = await getInternal(true, request as Request);
    });

/** Options fetching `key` = `/dev/service/key_name` with `cacheExpiry`, as most of the Middy tests do. */
const keyNameOptions = (cacheExpiry: number) => ({
  AwsClient: SSMClient,
  cacheExpiry,
  fetchData: { key: '/dev/service/key_name' },
});

/** An SSM mock answering every GetParameters with `key_name` = `key-value`, as the Middy caching tests set it. */
const mockKeyName = () => {
  const mock = mockClient(SSMClient);
  mock
    .on(GetParametersCommand)
    .resolves({ Parameters: [{ Name: '/dev/service/key_name', Value: 'key-value' }] });
  return mock;
};

test('sets a parameter by name in request.internal', async () => {
  mockClient(SSMClient)
    .on(GetParametersCommand)
    .resolvesOnce({ Parameters: [{ Name: '/dev/service/key_name', Value: 'key-value' }] });
  const seen: { values?: Record<string, unknown> } = {};

  await handlerFor({ ...keyNameOptions(0), disablePrefetch: true }, seen)({}, context);

  strictEqual(seen.values?.key, 'key-value');
});

test('sets a path in request.internal, following NextToken, with StringList as an array', async () => {
  mockClient(SSMClient)
    .on(GetParametersByPathCommand, { Path: '/dev/service/', NextToken: undefined, Recursive: true })
    .resolvesOnce({ NextToken: 'next', Parameters: [{ Name: '/dev/service/key_name', Value: 'key-value' }] })
    .on(GetParametersByPathCommand, { Path: '/dev/service/', NextToken: 'next', Recursive: true })
    .resolvesOnce({ Parameters: [{ Name: '/dev/service/key_pass', Value: 'key,pass', Type: 'StringList' }] });
  const seen: { values?: Record<string, unknown> } = {};

  await handlerFor(
    { AwsClient: SSMClient, cacheExpiry: 0, fetchData: { key: '/dev/service/' }, disablePrefetch: true },
    seen,
  )({}, context);

  deepStrictEqual(seen.values?.key, { key_name: 'key-value', key_pass: ['key', 'pass'] });
});

test('sets a parameter on the context with setToContext', async () => {
  mockClient(SSMClient)
    .on(GetParametersCommand)
    .resolvesOnce({ Parameters: [{ Name: '/dev/service/key_name', Value: 'key-value' }] });
  let onContext: unknown;

  await middy(() => {})
    .use(
      ssm({
        AwsClient: SSMClient,
        cacheExpiry: 0,
        fetchData: { key: '/dev/service/key_name' },
        setToContext: true,
        disablePrefetch: true,
      }),
    )
    .before(async (request) => {
      onContext = (request.context as unknown as Record<string, unknown>).key;
      // With setToContext the handler's context type carries the values (as @middy/ssm's types say too), so the
      // bare Lambda context this suite invokes with is passed as that type.
    })({}, context as never);

  strictEqual(onContext, 'key-value');
});

test('batches more than 10 names into calls of 10', async () => {
  const names = Array.from({ length: 15 }, (_, i) => `/dev/service/key_name${i}`);
  const answer = (batch: string[]) => ({
    Parameters: batch.map((name) => ({ Name: name, Value: name.replace('key_name', 'key-value') })),
  });
  const mock = mockClient(SSMClient);
  mock
    .on(GetParametersCommand, { Names: names.slice(0, 10), WithDecryption: true })
    .resolvesOnce(answer(names.slice(0, 10)))
    .on(GetParametersCommand, { Names: names.slice(10), WithDecryption: true })
    .resolvesOnce(answer(names.slice(10)));
  const seen: { values?: Record<string, unknown> } = {};

  await handlerFor(
    {
      AwsClient: SSMClient,
      cacheExpiry: 0,
      fetchData: Object.fromEntries(names.map((name, i) => [`key${i}`, name])),
      disablePrefetch: true,
    },
    seen,
  )({}, context);

  strictEqual(seen.values?.key11, '/dev/service/key-value11');
  strictEqual(mock.send.callCount, 2);
});

test('resolves a cross-account ARN answered with the bare name', async () => {
  const arn = 'arn:aws:ssm:us-east-1:000000000000:parameter/dev/service/key_name0';
  mockClient(SSMClient)
    .on(GetParametersCommand, { Names: [arn], WithDecryption: true })
    .resolvesOnce({ Parameters: [{ ARN: arn, Name: '/dev/service/key_name0', Value: 'key-value0' }] });
  const seen: { values?: Record<string, unknown> } = {};

  await handlerFor(
    { AwsClient: SSMClient, cacheExpiry: 0, fetchData: { key0: arn }, disablePrefetch: true },
    seen,
  )({}, context);

  strictEqual(seen.values?.key0, 'key-value0');
});

test('calls SSM once when cached forever', async () => {
  const mock = mockKeyName();
  const handler = handlerFor(keyNameOptions(-1));

  await handler({}, context);
  await handler({}, context);

  strictEqual(mock.send.callCount, 1);
});

test('calls SSM on every invocation with cacheExpiry 0', async () => {
  const mock = mockKeyName();
  const handler = handlerFor({ ...keyNameOptions(0), disablePrefetch: true });

  await handler({}, context);
  await handler({}, context);

  strictEqual(mock.send.callCount, 2);
});

test('calls SSM again once the cached value has expired', async () => {
  const mock = mockKeyName();
  const handler = handlerFor({ ...keyNameOptions(4), disablePrefetch: true });

  await handler({}, context);
  jest.advanceTimersByTime(5);
  await handler({}, context);

  strictEqual(mock.send.callCount, 2);
});

test('recovers from InvalidSignatureException (Signature expired) with one immediate retry', async () => {
  // Made as @middy/ssm's own test makes it: a plain Error carrying AWS's `__type`.
  const expired: Error & { __type?: string } = new Error(
    'InvalidSignatureException: Signature expired: 20231103T171116Z is now earlier than 20231103T171224Z (20231103T171724Z - 5 min.)',
  );
  expired.__type = 'InvalidSignatureException';
  const mock = mockClient(SSMClient);
  mock
    .on(GetParametersCommand)
    .resolvesOnce({ Parameters: [{ Name: '/dev/service/key_name', Value: 'key-value' }] })
    .rejectsOnce(expired)
    .resolves({ Parameters: [{ Name: '/dev/service/key_name', Value: 'key-value' }] });
  const seen: { values?: Record<string, unknown> } = {};
  const handler = handlerFor({ ...keyNameOptions(4), disablePrefetch: true }, seen);

  await handler({}, context);
  jest.advanceTimersByTime(5);
  await handler({}, context);
  jest.advanceTimersByTime(5);
  await handler({}, context);

  strictEqual(seen.values?.key, 'key-value');
  strictEqual(mock.send.callCount, 4);
});

// Difference: the error is this package's, naming every key and why; `cause` follows Middy's convention with
// `package: 'middy-ssm-env'` and `data` listing the failures (value-free objects rather than Errors).
test('fails, naming every invalid parameter, when SSM lists them in InvalidParameters', async () => {
  mockClient(SSMClient)
    .on(GetParametersCommand)
    .resolvesOnce({ InvalidParameters: ['invalid-ssm-param-name', 'another-invalid-ssm-param'] });
  const handler = handlerFor({
    AwsClient: SSMClient,
    cacheExpiry: 0,
    fetchData: { a: 'invalid-ssm-param-name', b: 'another-invalid-ssm-param' },
    disablePrefetch: true,
    setToContext: true,
  });

  await rejects(
    () => handler({}, context),
    (error: Error & { cause: { package: string; data: { key: string; reason: string }[] } }) => {
      strictEqual(error.cause.package, 'middy-ssm-env');
      deepStrictEqual(
        error.cause.data.map(({ key, reason }) => [key, reason]),
        [
          ['a', 'not-found'],
          ['b', 'not-found'],
        ],
      );
      ok(error.message.includes('a: invalid-ssm-param-name — not found (listed in InvalidParameters)'));
      return true;
    },
  );
});

test('fails with the cause when a call is rejected, without retrying what cannot pass', async () => {
  const mock = mockClient(SSMClient);
  mock.on(GetParametersByPathCommand).rejects('timeout');
  const handler = handlerFor({
    AwsClient: SSMClient,
    cacheExpiry: 0,
    fetchData: { path: '/dev/service_path/' },
    disablePrefetch: true,
  });

  await rejects(() => handler({}, context), /path: \/dev\/service_path\/ — Error: timeout/);
  strictEqual(mock.send.callCount, 1);
});

// Difference: a name under a requested path is read from the path's pages (one call fewer), so the path's answer
// must hold it — as SSM's does; @middy/ssm's own test mocks a path answer without the names it then asks for.
test('reads names under a requested path from its pages', async () => {
  const mock = mockClient(SSMClient);
  mock.on(GetParametersByPathCommand).resolvesOnce({
    Parameters: [
      { Name: '/dev/service/path0', Value: 'path-value-0' },
      { Name: '/dev/service/key_name0', Value: 'key-value-0' },
    ],
  });
  const seen: { values?: Record<string, unknown> } = {};

  await handlerFor(
    {
      AwsClient: SSMClient,
      cacheExpiry: 0,
      fetchData: { key0: '/dev/service/key_name0', key2: '/dev/service/' },
      disablePrefetch: true,
    },
    seen,
  )({}, context);

  deepStrictEqual(
    { ...seen.values },
    { key0: 'key-value-0', key2: { path0: 'path-value-0', key_name0: 'key-value-0' } },
  );
  strictEqual(mock.send.callCount, 1);
});

// Difference: a required path with nothing under it fails (a typo in a path should not look like an empty config);
// `optional: true` gives @middy/ssm's empty object.
test('fails on an empty required path, and gives {} for an optional one', async () => {
  mockClient(SSMClient).on(GetParametersByPathCommand).resolves({});
  const options = { AwsClient: SSMClient, cacheExpiry: 0, disablePrefetch: true };
  await rejects(
    () => handlerFor({ ...options, fetchData: { key: '/dev/service/' } })({}, context),
    /key: \/dev\/service\/ — no parameters under this path/,
  );

  const seen: { values?: Record<string, unknown> } = {};
  await handlerFor({ ...options, fetchData: { key: { path: '/dev/service/', optional: true } } }, seen)(
    {},
    context,
  );

  deepStrictEqual({ ...(seen.values?.key as object) }, {});
});

// Difference: a fetch that fails part-way applies nothing, so the next invocation fetches every path again rather
// than only the one that failed (3 calls with @middy/ssm).
test('fetches everything again after a fetch that failed part-way', async () => {
  let calls = 0;
  const mock = mockClient(SSMClient);
  mock.on(GetParametersByPathCommand).callsFake(async (input: { Path: string }) => {
    calls += 1;
    if (calls === 2 && input.Path === '/dev/path2/') throw new Error('timeout');
    return { Parameters: [{ Name: `${input.Path}key`, Value: `value of ${input.Path}` }] };
  });
  const seen: { values?: Record<string, unknown> } = {};
  const handler = handlerFor(
    { AwsClient: SSMClient, cacheExpiry: 1000, fetchData: { path1: '/dev/path1/', path2: '/dev/path2/' } },
    seen,
  );

  await rejects(() => handler({}, context));
  await handler({}, context);

  deepStrictEqual({ ...(seen.values?.path2 as object) }, { key: 'value of /dev/path2/' });
  strictEqual(mock.send.callCount, 4);
});

test('ssmValidateOptions accepts valid options', () => {
  ssmValidateOptions({
    AwsClient: SSMClient,
    cacheExpiry: 0,
    fetchData: { key: '/dev/param' },
    disablePrefetch: true,
    setToContext: false,
    awsRequestLimit: 10,
  });
});

// Difference: a configuration that fetches nothing is refused (@middy/ssm accepts `{}`).
test('ssmValidateOptions refuses options that fetch nothing', () => {
  for (const options of [{}, undefined]) {
    try {
      ssmValidateOptions(options);
      ok(false, 'expected throw');
    } catch (error) {
      ok(error instanceof TypeError);
      ok(error.message.includes('fetchData'));
    }
  }
});

test.each<[string, unknown, string]>([
  ['an unknown key (typo)', { fetchData: { a: '/a' }, cachExpiry: 60 }, 'cachExpiry'],
  ['fetchData not an object', { fetchData: 'no' }, 'fetchData'],
  ['cacheExpiry below -1', { fetchData: { a: '/a' }, cacheExpiry: -5 }, 'cacheExpiry'],
  ['awsRequestLimit zero', { fetchData: { a: '/a' }, awsRequestLimit: 0 }, 'awsRequestLimit'],
  ['setToContext not a boolean', { fetchData: { a: '/a' }, setToContext: 'yes' }, 'setToContext'],
])('ssmValidateOptions throws a TypeError on %s, with cause.package', (_label, options, option) => {
  try {
    ssmValidateOptions(options);
    ok(false, 'expected throw');
  } catch (error) {
    ok(error instanceof TypeError);
    ok(error.message.includes(option));
    // Middy's convention, with this package's name where @middy/ssm has '@middy/ssm'.
    strictEqual((error.cause as { package?: unknown }).package, 'middy-ssm-env');
  }
});
