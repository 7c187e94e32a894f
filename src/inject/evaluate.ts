/**
 * Turns what the fetch returned for one entry into its value, or into a failure naming the key, the parameter and
 * the cause. Optional entries resolve to "absent" when not found; JSON keys are picked here.
 */
import type { Entry, EntryValue, NameEntry, PathEntry, SecretEntry } from '../core/entries.js';
import type { ParameterFailure } from '../errors.js';
import type { FetchFailure, NameOutcome, PathOutcome } from '../fetch/types.js';
import { pickJsonKey } from './values.js';

export type Evaluated =
  | { readonly ok: true; readonly value: EntryValue }
  | { readonly ok: false; readonly failure: ParameterFailure };

const NOT_FETCHED: FetchFailure = { reason: 'unavailable', detail: 'not fetched' };

const failed = (key: string, parameter: string, failure: FetchFailure): Evaluated => ({
  ok: false,
  failure: {
    key,
    parameter,
    reason: failure.reason,
    detail: failure.detail,
    ...(failure.cause ? { cause: failure.cause } : {}),
  },
});

const evaluateName = (entry: NameEntry, outcome: NameOutcome | undefined): Evaluated => {
  const { reference } = entry;
  const parameter = reference.jsonKey ? `${reference.request}#${reference.jsonKey}` : reference.request;
  if (!outcome) return failed(entry.key, parameter, NOT_FETCHED);
  if (!outcome.ok) {
    if (outcome.failure.reason === 'not-found' && entry.optional)
      return { ok: true, value: { kind: 'name' } };
    return failed(entry.key, parameter, outcome.failure);
  }
  if (!reference.jsonKey) return { ok: true, value: { kind: 'name', parameter: outcome.parameter } };
  const picked = pickJsonKey(outcome.parameter.value, reference.jsonKey);
  if (!picked.ok) return failed(entry.key, parameter, { reason: 'json-key-missing', detail: picked.detail });
  return { ok: true, value: { kind: 'name', parameter: outcome.parameter, picked: { value: picked.value } } };
};

/** A secret read natively: as a name entry, with the `valueFrom` as written in messages. */
const evaluateSecret = (entry: SecretEntry, outcome: NameOutcome | undefined): Evaluated => {
  const { reference } = entry;
  const parameter = reference.source;
  if (!outcome) return failed(entry.key, parameter, NOT_FETCHED);
  if (!outcome.ok) {
    if (outcome.failure.reason === 'not-found' && entry.optional)
      return { ok: true, value: { kind: 'secret' } };
    return failed(entry.key, parameter, outcome.failure);
  }
  if (!reference.jsonKey) return { ok: true, value: { kind: 'secret', parameter: outcome.parameter } };
  if (outcome.parameter.type === 'SecretBinary') {
    return failed(entry.key, parameter, {
      reason: 'json-key-missing',
      detail: `the secret holds SecretBinary, so JSON key '${reference.jsonKey}' cannot be picked`,
    });
  }
  const picked = pickJsonKey(outcome.parameter.value, reference.jsonKey);
  if (!picked.ok) return failed(entry.key, parameter, { reason: 'json-key-missing', detail: picked.detail });
  return {
    ok: true,
    value: { kind: 'secret', parameter: outcome.parameter, picked: { value: picked.value } },
  };
};

const evaluatePath = (entry: PathEntry, outcome: PathOutcome | undefined): Evaluated => {
  const parameter = entry.source.query.path;
  if (!outcome) return failed(entry.key, parameter, NOT_FETCHED);
  if (!outcome.ok) return failed(entry.key, parameter, outcome.failure);
  if (outcome.parameters.length === 0 && !entry.optional) {
    return failed(entry.key, parameter, {
      reason: 'not-found',
      detail: 'no parameters under this path (mark it optional if that is expected)',
    });
  }
  return { ok: true, value: { kind: 'path', parameters: outcome.parameters } };
};

/** The outcomes of one fetch, as `fetchAll` returns them. */
export interface Outcomes {
  readonly names: ReadonlyMap<string, NameOutcome>;
  readonly paths: ReadonlyMap<string, PathOutcome>;
  /** Secrets read natively, keyed by `SecretReference.request`. */
  readonly secrets?: ReadonlyMap<string, NameOutcome>;
}

/** Evaluates every entry; the values of those that resolved, and the failures of those that did not. */
export const evaluateEntries = (
  entries: readonly Entry[],
  outcomes: Outcomes,
): { values: Map<string, EntryValue>; failures: ParameterFailure[] } => {
  const values = new Map<string, EntryValue>();
  const failures: ParameterFailure[] = [];
  for (const entry of entries) {
    const evaluated =
      entry.kind === 'name'
        ? evaluateName(entry, outcomes.names.get(entry.reference.request))
        : entry.kind === 'secret'
          ? evaluateSecret(entry, outcomes.secrets?.get(entry.reference.request))
          : evaluatePath(entry, outcomes.paths.get(entry.source.id));
    if (evaluated.ok) values.set(entry.id, evaluated.value);
    else failures.push(evaluated.failure);
  }
  return { values, failures };
};
