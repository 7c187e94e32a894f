/**
 * What a failed SSM call means, and how many more attempts it is worth. Throttling, 5xx, timeouts and dropped
 * connections pass with time; an endpoint that refuses connections, a host that does not resolve and an answer that
 * is not AWS's pass rarely, so they get a few quick retries; access denied, not found, validation and KMS key errors
 * never pass, so retrying them only burns quota. Also turns an error into a value-free {@link FailureCause}.
 */
import type { FailureCause } from '../errors.js';

/** How a failure is retried. */
export type FailureKind =
  /** The quota said no: back off with the throttle base delay, and tell the pacer. */
  | 'throttled'
  /** 5xx, a timeout, a connection reset: retry with the ordinary backoff. */
  | 'transient'
  /** Connection refused, DNS failure, unreachable network: a few quick retries, then say so. */
  | 'unreachable'
  /** An answer that is not AWS's (an unparseable 2xx body): one more try. */
  | 'garbled'
  /** `Signature expired` after a sandbox thawed with a stale clock: the SDK corrects its offset, retry once at once. */
  | 'clock-skew'
  /** Retrying cannot help. */
  | 'permanent';

/** Retries each kind gets at most (throttled and transient: as many as the options and the deadline allow). */
export const RETRIES_BY_KIND: Readonly<Record<FailureKind, number>> = {
  throttled: Number.POSITIVE_INFINITY,
  transient: Number.POSITIVE_INFINITY,
  unreachable: 2,
  garbled: 1,
  'clock-skew': 1,
  permanent: 0,
};

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
  'InternalServiceError',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'AttemptTimeoutError',
]);

const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET']);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * Codes by message, for when the code is lost: the SDK wraps errors from another realm (a test VM, a bundler's
 * sandbox) in a plain Error that keeps only the message.
 */
const TRANSIENT_MESSAGE = /ECONNRESET|EPIPE|ETIMEDOUT|socket hang up|\baborted\b/i;
const UNREACHABLE_MESSAGE = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH/;

interface ErrorShape {
  name?: unknown;
  /** AWS's error type, as the JSON protocols send it; tests that build errors by hand often set only this. */
  __type?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $response?: unknown;
  $fault?: unknown;
}

const shapeOf = (error: unknown): ErrorShape => (typeof error === 'object' && error !== null ? error : {});
const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const statusOf = (error: unknown): number | undefined => shapeOf(error).$metadata?.httpStatusCode;

/**
 * The error's AWS name: `name`, or — for a plain `Error` — its `__type` without a namespace
 * (`com.amazon.coral.service#InvalidSignatureException`). `@middy/ssm`'s tests make SDK errors that way.
 */
const nameOf = (error: unknown): string | undefined => {
  const shape = shapeOf(error);
  const name = stringOf(shape.name);
  const type = stringOf(shape.__type)?.split('#').pop();
  return (name === undefined || name === 'Error') && type ? type : name;
};

/**
 * True when the SDK could not parse the answer. Such an error carries the raw response, and its message (or its
 * cause's, a V8 `SyntaxError`) may quote the body — values included — so it is never repeated.
 */
const isUnparseable = (error: unknown): boolean => {
  const shape = shapeOf(error);
  if (shape.$response !== undefined && shape.$fault === undefined) return true;
  const message = stringOf(shape.message) ?? '';
  return /Deserialization error/i.test(message) || shape.name === 'SyntaxError';
};

/** The Node.js system error code of an error or of its causes. */
const systemCodeOf = (error: unknown, depth = 0): string | undefined => {
  const shape = shapeOf(error);
  const code = stringOf(shape.code);
  if (code && (TRANSIENT_CODES.has(code) || UNREACHABLE_CODES.has(code))) return code;
  const message = stringOf(shape.message) ?? '';
  const fromMessage =
    UNREACHABLE_MESSAGE.exec(message)?.[0] ?? /ECONNRESET|EPIPE|ETIMEDOUT/.exec(message)?.[0];
  if (fromMessage) return fromMessage;
  return depth < 3 && shape.cause !== undefined ? systemCodeOf(shape.cause, depth + 1) : undefined;
};

/** True for ThrottlingException and its cousins (or HTTP 429). */
export const isThrottlingError = (error: unknown): boolean => {
  const name = nameOf(error);
  return (name !== undefined && THROTTLING_NAMES.has(name)) || statusOf(error) === 429;
};

/** Classifies a failed call. */
export const classifyFailure = (error: unknown): FailureKind => {
  if (isThrottlingError(error)) return 'throttled';
  const shape = shapeOf(error);
  const name = nameOf(error);
  const status = statusOf(error);
  if (name === 'InvalidSignatureException' && /expired/i.test(stringOf(shape.message) ?? ''))
    return 'clock-skew';
  // A connection cut mid-response also leaves an unparseable body: the cut is what happened.
  const code = systemCodeOf(error);
  if (code && UNREACHABLE_CODES.has(code)) return 'unreachable';
  if (code || TRANSIENT_MESSAGE.test(stringOf(shape.message) ?? '')) return 'transient';
  if (isUnparseable(error)) return status !== undefined && status >= 500 ? 'transient' : 'garbled';
  if (status !== undefined && status >= 500) return 'transient';
  if (name !== undefined && TRANSIENT_NAMES.has(name)) return 'transient';
  return 'permanent';
};

/** True for errors that another attempt may cure. */
export const isRetryableError = (error: unknown): boolean => classifyFailure(error) !== 'permanent';

/** The `QuotaCode` SSM attaches to ThrottlingException, when present. */
export const quotaCodeOf = (error: unknown): string | undefined =>
  stringOf((shapeOf(error) as { QuotaCode?: unknown }).QuotaCode);

const MAX_MESSAGE_LENGTH = 300;

/**
 * The value-free facts of an error: its name, its message (unless the error may quote a response body), the HTTP
 * status and request id, and a system error code. A network error's message names the address (`connect
 * ECONNREFUSED 127.0.0.1:9`), which is what a person needs to see.
 */
export const describeCause = (error: unknown): FailureCause => {
  const shape = shapeOf(error);
  const code = systemCodeOf(error);
  const name = nameOf(error) ?? 'Error';
  const unparseable = isUnparseable(error);
  const dropped = code !== undefined || TRANSIENT_MESSAGE.test(stringOf(shape.message) ?? '');
  const message = !unparseable
    ? messageWithCause(error)
    : dropped
      ? `the connection dropped mid-response${code ? ` (${code})` : ''}`
      : 'the response could not be parsed (not an AWS answer?)';
  const status = shape.$metadata?.httpStatusCode;
  const requestId = shape.$metadata?.requestId;
  // A hand-made error may repeat its type in its message (`InvalidSignatureException: Signature expired…`).
  const ownWords = message?.startsWith(`${name}: `) ? message.slice(name.length + 2) : message;
  return {
    name: name === 'Error' && code ? code : name,
    ...(ownWords ? { message: ownWords.slice(0, MAX_MESSAGE_LENGTH) } : {}),
    ...(status === undefined ? {} : { httpStatus: status }),
    ...(requestId ? { requestId } : {}),
    ...(code ? { code } : {}),
  };
};

/** The SDK's prefix on errors from another realm: `AWS SDK error wrapper for Error: getaddrinfo ENOTFOUND …`. */
const SDK_WRAPPER = /^AWS SDK error wrapper for (?:\w*Error: )?/;

/** The message, or the cause's when the error's own says nothing (the SDK wraps `connect ECONNREFUSED` so). */
const messageWithCause = (error: unknown): string | undefined => {
  const shape = shapeOf(error);
  const own = stringOf(shape.message)?.replace(SDK_WRAPPER, '');
  if (own && own.length > 0 && own !== shape.name) return own;
  const cause = shapeOf(shape.cause);
  return stringOf(cause.message) || own || undefined;
};
