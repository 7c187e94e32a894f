/**
 * How a fetched parameter becomes a value: a string for `process.env`, a parsed value for the context and
 * `request.internal` (JSON and StringList parsing as `@middy/ssm` does, with an opt-out), and ECS-style JSON keys.
 */
import type { FetchedParameter } from '../fetch/types.js';

/** Parses as `@middy/ssm` does: StringList → array, JSON-looking text → parsed (left as text if it does not parse). */
export const parseParameterValue = (parameter: FetchedParameter): unknown => {
  if (parameter.type === 'StringList') return parameter.value.split(',');
  return parseJsonLike(parameter.value);
};

const parseJsonLike = (text: string): unknown => {
  const first = text[0];
  if (first !== '{' && first !== '[' && first !== '"') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** The string written to `process.env`: StringList stays comma-joined as SSM stores it; JSON stays text. */
export const toEnvString = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value);

/** Result of picking a JSON key: the value, or the reason it is not there (never the text itself). */
export type JsonKeyResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly detail: string };

/**
 * Picks `key` out of a JSON object value, as ECS's `json-key` does. Dots do not nest: keys of secrets are often
 * dotted names themselves (`db.password`), so the key is taken whole.
 */
export const pickJsonKey = (text: string, key: string): JsonKeyResult => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, detail: `value is not JSON, so JSON key '${key}' cannot be picked` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Object.hasOwn(parsed, key)) {
    return { ok: false, detail: `JSON key '${key}' not found in the value` };
  }
  return { ok: true, value: (parsed as Record<string, unknown>)[key] };
};
