/**
 * An HTTP API handler composed with Middy's companions. The order of `.use()` is the point of this example:
 *
 * 1. `inputOutputLogger` first (outermost): its `before` sees the event as it arrived, and because `after` and
 *    `onError` run in reverse order, its `onError` runs last — so it logs the final response, including the 500
 *    that `httpErrorHandler` made from a failure.
 * 2. `httpErrorHandler` next: every middleware's `onError` runs when anything fails, so it catches what `ssmEnv`
 *    throws on a failed cold start (`ParameterResolutionError`) and what the body parser throws (415). It turns a
 *    non-HTTP error into a plain 500 whose body is the fallback message: the error's text (parameter names, never
 *    values) goes to its `logger`, not to the client.
 * 3. `ssmEnv` before the handler's own middlewares: the configuration is in `process.env` before anything that may
 *    read it (a validator, the handler) runs.
 * 4. `httpJsonBodyParser` last, right before the handler.
 *
 * `ssmEnv` writes to `process.env` (`setToEnv`), not to the context: `inputOutputLogger({ awsContext: true })` logs
 * only the context's standard Lambda fields, but keeping secrets out of the context keeps them out of any logger
 * that logs it whole.
 */
import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import inputOutputLogger from '@middy/input-output-logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ssmEnv } from 'middy-ssm-env';

/** The event once the body parser has run. */
type OrderEvent = Omit<APIGatewayProxyEvent, 'body'> & { body: { orderId?: unknown } };

const createOrder = async (event: OrderEvent): Promise<APIGatewayProxyResult> => {
  const apiKey = process.env.PAYMENT_API_KEY;
  if (typeof event.body.orderId !== 'string') {
    return { statusCode: 400, body: JSON.stringify({ message: 'orderId is required' }) };
  }
  // A real handler would call the payment provider with `apiKey` against `PAYMENT_API_URL`; it never returns it.
  return {
    statusCode: 201,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      orderId: event.body.orderId,
      paymentApi: process.env.PAYMENT_API_URL,
      paymentKeyLoaded: apiKey !== undefined && apiKey.length > 0,
    }),
  };
};

export const handler = middy<OrderEvent, APIGatewayProxyResult>(createOrder)
  .use(inputOutputLogger({ awsContext: true, omitPaths: ['event.headers.authorization'] }))
  .use(httpErrorHandler({ fallbackMessage: 'Internal Server Error' }))
  .use(
    ssmEnv({
      fetchData: {
        PAYMENT_API_KEY: '/myapp/prod/secrets/payment-api-key',
        config: '/myapp/prod/config/', // PAYMENT_API_URL, …
      },
      setToEnv: true,
      cacheExpiry: 5 * 60_000,
    }),
  )
  .use(httpJsonBodyParser());
