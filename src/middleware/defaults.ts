/**
 * Every default in one place (as Middy packages keep theirs): the options' defaults, and the constants behind the
 * backoff between failed refreshes. `Config` is derived from these.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { consoleLogger } from '../observability/logger.js';
import { defaultRetryOptions } from '../retry/withRetry.js';

export const defaults = {
  setToEnv: false,
  setToContext: false,
  resolveEnvReferences: false,
  fetchRotationDate: false,
  parseValues: true,
  overwriteEnv: false,
  cacheExpiry: -1,
  expiryJitter: 0.1,
  staleWhileRevalidate: false,
  maxStale: Number.POSITIVE_INFINITY,
  refreshTimeout: 1000,
  disablePrefetch: false,
  initTimeout: 9000,
  deadlineMargin: 1000,
  retry: defaultRetryOptions,
  awsRequestLimit: 10,
  concurrency: 20,
  maxPages: 1000,
  AwsClient: SSMClient,
  awsClientOptions: {},
  logger: consoleLogger,
};

/** The backoff between failed refreshes: full jitter from `base`, capped by the shortest expiry within [min, max]. */
export const failureBackoff = {
  base: 1000,
  /** The cap for entries that are fetched on every invocation (expiry 0). */
  minCap: 1000,
  /** The cap for entries cached forever (expiry -1), and the longest backoff at all. */
  maxCap: 300_000,
};

export const PACKAGE_NAME = 'middy-ssm-env';
