import { constraintError, LocalSsmError, missingMemberError } from './errors.js';

/** A decoded JSON request body. */
export type RequestBody = Readonly<Record<string, unknown>>;

/** Decode a request body; AWS answers bodies that are not a JSON object with SerializationException. */
export function parseRequestBody(raw: string): RequestBody {
  let parsed: unknown;
  try {
    parsed = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch {
    throw serializationError();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw serializationError();
  return parsed as RequestBody;
}

export function requiredString(body: RequestBody, key: string): string {
  const value = optionalString(body, key);
  if (value === undefined) throw missingMemberError(memberName(key));
  return value;
}

export function optionalString(body: RequestBody, key: string): string | undefined {
  return optional(body, key, 'string') as string | undefined;
}

export function optionalBoolean(body: RequestBody, key: string): boolean | undefined {
  return optional(body, key, 'boolean') as boolean | undefined;
}

export function optionalInteger(body: RequestBody, key: string): number | undefined {
  const value = optional(body, key, 'number') as number | undefined;
  if (value !== undefined && !Number.isInteger(value)) throw serializationError();
  return value;
}

/** A required list of strings whose length AWS constrains to `min`..`max`. */
export function stringList(body: RequestBody, key: string, min: number, max: number): string[] {
  const value = body[key];
  if (value === undefined || value === null) throw missingMemberError(memberName(key));
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw serializationError();
  const shown = `'[${value.join(', ')}]'`;
  if (value.length < min) {
    throw constraintError(memberName(key), shown, `Member must have length greater than or equal to ${min}`);
  }
  if (value.length > max) {
    throw constraintError(memberName(key), shown, `Member must have length less than or equal to ${max}`);
  }
  return value;
}

/** An optional list of strings whose length AWS constrains to `min`..`max`. */
export function optionalStringList(
  body: RequestBody,
  key: string,
  min: number,
  max: number,
): string[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  return stringList(body, key, min, max);
}

/** A string whose length AWS constrains to `min`..`max`; the value is shown in the message only if `shown`. */
export function checkLength(value: string, key: string, min: number, max: number, shown = true): string {
  const text = shown ? `'${value}'` : "'***'";
  if (value.length < min) {
    throw constraintError(memberName(key), text, `Member must have length greater than or equal to ${min}`);
  }
  if (value.length > max) {
    throw constraintError(memberName(key), text, `Member must have length less than or equal to ${max}`);
  }
  return value;
}

/** AWS names request members in camelCase in its validation messages (`names`, `maxResults`). */
export function memberName(key: string): string {
  return key.charAt(0).toLowerCase() + key.slice(1);
}

function optional(body: RequestBody, key: string, type: 'string' | 'boolean' | 'number'): unknown {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) throw serializationError();
  return value;
}

export function serializationError(): LocalSsmError {
  return new LocalSsmError(
    'SerializationException',
    'The request body could not be read as the operation input.',
  );
}
