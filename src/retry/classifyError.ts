/**
 * Which SSM failures are worth another attempt. Throttling, 5xx, timeouts and connection errors pass with time;
 * access denied, not found, validation and KMS key errors never do, so retrying them only burns quota.
 */

const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
]);

const TRANSIENT_NAMES = new Set([
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'AttemptTimeoutError',
]);

const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/**
 * Connection failures by message, for when the code is lost: the SDK wraps errors from another realm (a test VM, a
 * bundler's sandbox) in a plain Error that keeps only the message.
 */
const TRANSIENT_MESSAGE =
  /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EAI_AGAIN|socket hang up|\baborted\b|Deserialization error/i;

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number };
  $response?: unknown;
  $fault?: unknown;
}

const shapeOf = (error: unknown): ErrorShape => (typeof error === 'object' && error !== null ? error : {});

const statusOf = (error: unknown): number | undefined => shapeOf(error).$metadata?.httpStatusCode;

/** True for ThrottlingException and its cousins (or HTTP 429). */
export const isThrottlingError = (error: unknown): boolean => {
  const { name } = shapeOf(error);
  return (typeof name === 'string' && THROTTLING_NAMES.has(name)) || statusOf(error) === 429;
};

/** True for errors that another attempt may cure: throttling, 5xx, timeouts, dropped connections, garbled bodies. */
export const isRetryableError = (error: unknown): boolean => {
  if (isThrottlingError(error)) return true;
  const shape = shapeOf(error);
  const status = statusOf(error);
  if (status !== undefined && status >= 500) return true;
  if (typeof shape.name === 'string' && TRANSIENT_NAMES.has(shape.name)) return true;
  if (typeof shape.code === 'string' && TRANSIENT_NETWORK_CODES.has(shape.code)) return true;
  // The SDK reports an unparseable body (a proxy's HTML page, a cut stream) with the raw response attached.
  if (shape.$response !== undefined && status !== undefined && status < 300) return true;
  if (typeof shape.message === 'string' && TRANSIENT_MESSAGE.test(shape.message)) return true;
  return hasRetryableCause(error);
};

const hasRetryableCause = (error: unknown): boolean => {
  const cause = error instanceof Error ? error.cause : undefined;
  return cause !== undefined && cause !== error && isRetryableError(cause);
};

/** The `QuotaCode` SSM attaches to ThrottlingException, when present. */
export const quotaCodeOf = (error: unknown): string | undefined => {
  const code = (shapeOf(error) as { QuotaCode?: unknown }).QuotaCode;
  return typeof code === 'string' ? code : undefined;
};

/** A short, value-free description of an error: its name and HTTP status. */
export const describeError = (error: unknown): string => {
  const { name } = shapeOf(error);
  const status = statusOf(error);
  const label = typeof name === 'string' ? name : 'Error';
  return status === undefined ? label : `${label} (HTTP ${status})`;
};
