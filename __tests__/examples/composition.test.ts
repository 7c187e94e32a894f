/**
 * The composition example, bundled and run in a fresh Node process against the local server, as Lambda runs it: a
 * cold start that cannot load a parameter answers 500 through `httpErrorHandler` (the parameter's name in the error
 * log, nothing in the response), the next invocation recovers once the parameter exists, and nothing the function
 * prints — what CloudWatch would receive — holds a secret.
 *
 * Out of process on purpose: under Jest's VM modules `structuredClone` returns objects of another realm, and
 * `inputOutputLogger` then skips `omitPaths` (it checks `constructor === Object`); a plain Node process behaves as
 * Lambda does.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LocalSsm } from '../../src/testing.js';
import { startServer } from '../helpers/harness.js';
import { findLeaks, registerSecret } from '../helpers/leakRegistry.js';
import {
  type BundleRuntime,
  bundleDirectory,
  bundleExample,
  startBundleRuntime,
  type TemporaryDirectory,
} from './helpers.js';

const API_KEY = registerSecret('composition-payment-api-key');
const BEARER = registerSecret('Bearer caller-token-never-logged');

let server: LocalSsm;
let directory: TemporaryDirectory;
let runtime: BundleRuntime;

const request = (body: string, contentType = 'application/json') => ({
  httpMethod: 'POST',
  path: '/orders',
  headers: { 'content-type': contentType, authorization: BEARER },
  body,
});

/** The JSON lines `inputOutputLogger` printed. */
const ioLines = (): Array<Record<string, unknown>> =>
  runtime.logs.stdout.map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(async () => {
  // The secret is missing at first: the cold start must fail.
  server = await startServer({
    parameters: [{ name: '/myapp/prod/config/payment-api-url', value: 'https://pay.example.com' }],
  });
  directory = await bundleDirectory();
  const { outfile } = await bundleExample(
    'examples/composition/handler.ts',
    join(directory.path, 'index.mjs'),
  );
  runtime = startBundleRuntime(outfile, { AWS_ENDPOINT_URL_SSM: server.endpoint });
});

afterAll(async () => {
  await runtime.close();
  await server.close();
  await directory.remove();
});

describe('composition with http-json-body-parser, http-error-handler and input-output-logger', () => {
  it('answers a failed cold start with a 500 through the error handler, naming the parameter only in the log', async () => {
    const response = await runtime.invoke(request('{"orderId":"o-1"}'));

    expect(response).toEqual({
      statusCode: 500,
      headers: { 'Content-Type': 'text/plain' },
      body: 'Internal Server Error',
    });
    expect(runtime.logs.stderr).toContain('ParameterResolutionError');
    expect(runtime.logs.stderr).toContain('PAYMENT_API_KEY: /myapp/prod/secrets/payment-api-key — not found');
    // The logger is outermost: it logged the request as it came and the 500 the error handler made.
    const [logged, answered] = ioLines();
    expect(Object.keys(logged ?? {})).toEqual(['event', 'context']);
    expect(answered).toMatchObject({ response: { statusCode: 500 }, context: { functionName: 'example' } });
  });

  it('recovers on the next invocation once the parameter exists', async () => {
    server.putParameter({
      name: '/myapp/prod/secrets/payment-api-key',
      value: API_KEY,
      type: 'SecureString',
    });

    const response = await runtime.invoke(request('{"orderId":"o-2"}'));

    expect(response).toEqual({
      statusCode: 201,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ orderId: 'o-2', paymentApi: 'https://pay.example.com', paymentKeyLoaded: true }),
    });
  });

  it('answers a body that is not JSON with the parser’s 415, without another SSM call', async () => {
    const callsBefore = server.stats().total.total;

    const response = await runtime.invoke(request('orderId=o-3', 'text/plain'));

    expect(response).toMatchObject({ statusCode: 415, body: 'Unsupported Media Type' });
    expect(server.stats().total.total).toBe(callsBefore);
  });

  it('prints no secret: not the parameter, not the authorization header the logger omits', () => {
    const printed = [...runtime.logs.stdout, runtime.logs.stderr].join('\n');

    expect(ioLines()).toHaveLength(6);
    expect(findLeaks(printed)).toEqual([]);
    expect(printed).not.toContain('authorization');
  });
});
