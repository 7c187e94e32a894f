/**
 * Standard Schema validation of the values a refresh built, before anything is committed: each entry's `schema` on
 * its value, then the top-level `schema` on all of them. The schemas' outputs are what `request.internal` and the
 * context receive. Every broken rule of every key goes into one `SchemaValidationError`, worded without the value:
 * a validator's message is dropped when it quotes the value (valibot's "received …" does).
 */
import type { Entry } from '../core/entries.js';
import type { StandardSchemaV1 } from '../core/standardSchema.js';
import { type SchemaIssue, SchemaValidationError } from '../errors.js';
import type { Snapshot } from '../inject/snapshot.js';
import type { FetchSpec } from '../types.js';

/** The schemas of one middleware, by `fetchData` key, and the one on all values. */
export interface ValueSchemas {
  readonly entries: ReadonlyMap<string, StandardSchemaV1>;
  readonly values: StandardSchemaV1 | undefined;
  /** `fetchData` key → the parameter as requested, for messages. */
  readonly parameters: ReadonlyMap<string, string>;
}

/** True for an object (or, as arktype's, a function) carrying Standard Schema version 1 properties. */
export const isStandardSchema = (value: unknown): value is StandardSchemaV1 => {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const props: unknown = (value as { '~standard'?: unknown })['~standard'];
  if (typeof props !== 'object' || props === null) return false;
  const { version, validate } = props as { version?: unknown; validate?: unknown };
  return version === 1 && typeof validate === 'function';
};

/** Collects the schemas of `fetchData` and the top-level `schema` (options already checked). */
export const schemasOf = (
  fetchData: Readonly<Record<string, FetchSpec>>,
  values: StandardSchemaV1 | undefined,
  entries: readonly Entry[],
): ValueSchemas => {
  const byKey = new Map<string, StandardSchemaV1>();
  for (const [key, spec] of Object.entries(fetchData)) {
    if (typeof spec !== 'string' && spec.schema !== undefined) byKey.set(key, spec.schema);
  }
  const parameters = new Map<string, string>();
  for (const entry of entries) {
    if (entry.origin !== 'fetchData') continue;
    const { key } = entry;
    if (entry.kind === 'path') parameters.set(key, entry.source.query.path);
    else {
      const { request, jsonKey } = entry.reference;
      parameters.set(key, jsonKey === undefined ? request : `${request}#${jsonKey}`);
    }
  }
  return { entries: byKey, values, parameters };
};

/** Every primitive inside `value`, as text: what a message must not contain. */
const valueTexts = (value: unknown, texts: Set<string>, depth = 0): Set<string> => {
  if (typeof value === 'string') {
    if (value.length > 0) texts.add(value);
  } else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    texts.add(String(value));
  } else if (typeof value === 'object' && value !== null && depth < 64) {
    for (const inner of Object.values(value)) valueTexts(inner, texts, depth + 1);
  }
  return texts;
};

/** Validators quote values whole, JSON-escaped, or cut short: any of these counts as quoting. */
const PREFIX_LENGTH = 12;
const quotesAny = (text: string, texts: ReadonlySet<string>): boolean => {
  for (const value of texts) {
    if (text.includes(value)) return true;
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value && text.includes(escaped)) return true;
    if (value.length > PREFIX_LENGTH && text.includes(value.slice(0, PREFIX_LENGTH))) return true;
  }
  return false;
};

/** The issue's message, or — when it quotes the value — its code and expectation (zod, valibot), else a note. */
const describeIssue = (issue: StandardSchemaV1.Issue, texts: ReadonlySet<string>): string => {
  if (typeof issue.message === 'string' && issue.message !== '' && !quotesAny(issue.message, texts)) {
    return issue.message;
  }
  const fields = issue as unknown as Record<string, unknown>;
  const facts: string[] = [];
  const rule = typeof fields.code === 'string' ? fields.code : fields.type;
  if (typeof rule === 'string') facts.push(rule);
  const { expected } = fields;
  if (typeof expected === 'string' && expected !== '') facts.push(`expected ${expected}`);
  const safe = facts.filter((fact) => !quotesAny(fact, texts));
  const withheld = '(the message is withheld: it quoted the value)';
  return safe.length > 0 ? `${safe.join(', ')} ${withheld}` : `invalid ${withheld}`;
};

const pathOf = (issue: StandardSchemaV1.Issue): (string | number)[] =>
  (issue.path ?? []).map((segment) => {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    return typeof key === 'number' ? key : String(key);
  });

type Validated =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly issues: SchemaIssue[] };

/** Runs one schema; a schema that throws is an issue too (named by the error's name: its message could quote). */
const run = async (
  schema: StandardSchemaV1,
  value: unknown,
  locate: (path: (string | number)[]) => Pick<SchemaIssue, 'key' | 'parameter' | 'path'>,
): Promise<Validated> => {
  let result: StandardSchemaV1.Result<unknown>;
  try {
    result = await schema['~standard'].validate(value);
  } catch (error) {
    const name = error instanceof Error ? error.name : typeof error;
    return { ok: false, issues: [{ ...locate([]), message: `the schema threw ${name}` }] };
  }
  if (!result.issues) return { ok: true, value: result.value };
  const texts = valueTexts(value, new Set());
  const issues = result.issues.map((issue) => ({
    ...locate(pathOf(issue)),
    message: describeIssue(issue, texts),
  }));
  return { ok: false, issues };
};

const withKey = (target: Record<string, unknown>, key: string, value: unknown): void => {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
};

/**
 * Validates the values of `snapshot` and returns it with the schemas' outputs; throws {@link SchemaValidationError}
 * naming every key and rule that failed. Without schemas, returns the snapshot as it is.
 */
export const validateSnapshot = async (snapshot: Snapshot, schemas: ValueSchemas): Promise<Snapshot> => {
  if (schemas.entries.size === 0 && schemas.values === undefined) return snapshot;
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(snapshot.internal)) withKey(values, key, snapshot.internal[key]);
  const issues: SchemaIssue[] = [];
  const failedKeys = new Set<string>();

  const checks = [...schemas.entries].filter(([key]) => Object.hasOwn(values, key));
  const results = await Promise.all(
    checks.map(([key, schema]) =>
      run(schema, values[key], (path) => ({ key, parameter: schemas.parameters.get(key), path })),
    ),
  );
  results.forEach((result, index) => {
    const key = checks[index]?.[0] as string;
    if (result.ok) withKey(values, key, result.value);
    else {
      failedKeys.add(key);
      issues.push(...result.issues);
    }
  });

  let output: Readonly<Record<string, unknown>> = values;
  if (schemas.values) {
    const result = await run(schemas.values, values, (path) => {
      const [first, ...rest] = path;
      if (typeof first === 'string' && schemas.parameters.has(first)) {
        return { key: first, parameter: schemas.parameters.get(first), path: rest };
      }
      return { path };
    });
    if (!result.ok) {
      // A key its own schema already rejected is reported once, by that schema.
      issues.push(...result.issues.filter((issue) => issue.key === undefined || !failedKeys.has(issue.key)));
    } else if (typeof result.value !== 'object' || result.value === null || Array.isArray(result.value)) {
      issues.push({ path: [], message: 'the top-level schema must output an object (the values by key)' });
    } else {
      output = result.value as Readonly<Record<string, unknown>>;
    }
  }
  if (issues.length > 0) throw new SchemaValidationError(issues);
  return { internal: output, env: snapshot.env };
};
