/**
 * A short, groupable reason for a failed cold start. Each loader wraps the SDK's error differently (@middy/ssm in
 * `cause.data`, Powertools in `cause`, this package in `failures`), so dig for the innermost named AWS error.
 */

const GENERIC_NAMES = new Set(['Error', 'AggregateError', 'TypeError', 'GetParameterError']);

interface ErrorLike {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
  readonly errors?: unknown;
  readonly failures?: unknown;
}

const asErrorLike = (value: unknown): ErrorLike | undefined =>
  typeof value === 'object' && value !== null ? (value as ErrorLike) : undefined;

const nestedOf = (error: ErrorLike): unknown[] => {
  const nested: unknown[] = [];
  const cause = asErrorLike(error.cause);
  if (cause)
    nested.push(
      cause,
      ...(Array.isArray((cause as { data?: unknown }).data) ? (cause as { data: unknown[] }).data : []),
    );
  if (Array.isArray(error.errors)) nested.push(...error.errors);
  return nested;
};

/** Depth-first: the first specific error name below `value`, else its own name. */
const innermostName = (value: unknown, depth = 0): string | undefined => {
  const error = asErrorLike(value);
  if (!error || depth > 6) return undefined;
  for (const nested of nestedOf(error)) {
    const name = innermostName(nested, depth + 1);
    if (name) return name;
  }
  return typeof error.name === 'string' && !GENERIC_NAMES.has(error.name) ? error.name : undefined;
};

/** This package lists why each parameter failed; the first detail names the cause (deadline, throttling…). */
const packageFailure = (error: ErrorLike): string | undefined => {
  if (!Array.isArray(error.failures) || error.failures.length === 0) return undefined;
  const first = asErrorLike(error.failures[0]) as { reason?: unknown; detail?: unknown } | undefined;
  const detail = typeof first?.detail === 'string' ? first.detail.split(/[;:(]/)[0]?.trim() : '';
  return `${String(first?.reason)}: ${detail}`;
};

export const describeColdStartFailure = (error: unknown): string => {
  const shape = asErrorLike(error);
  if (!shape) return String(error);
  const fromPackage = packageFailure(shape);
  if (fromPackage) return fromPackage;
  const name = innermostName(error);
  if (name) return name;
  const message = typeof shape.message === 'string' ? shape.message : String(error);
  return message.slice(0, 80);
};
