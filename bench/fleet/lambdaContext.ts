/**
 * The slice of a Lambda context the loaders read: the remaining time, counted down from the function timeout.
 */
import type { Context } from 'aws-lambda';

export const lambdaContext = (functionTimeoutMs: number): Context => {
  const startedAt = Date.now();
  const noop = () => {};
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'bench-fleet',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench-fleet',
    memoryLimitInMB: '1024',
    awsRequestId: 'bench-request',
    logGroupName: '/aws/lambda/bench-fleet',
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => functionTimeoutMs - (Date.now() - startedAt),
    done: noop,
    fail: noop,
    succeed: noop,
  };
};
