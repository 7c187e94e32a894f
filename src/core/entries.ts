/**
 * What the middleware fetches and keeps: an entry per `fetchData` key or env reference, and the last good value of
 * each. The cache stores `EntryValue`s by entry id; every middleware derives its own outputs from them.
 */
import type { FetchedParameter, ParameterReference, PathSource, SecretReference } from './parameters.js';

interface EntryBase {
  /** The `fetchData` key, or the environment variable holding a reference. */
  readonly key: string;
  /**
   * The entry's identity in a shared cache: its key and everything that decides its value. Middlewares sharing a
   * `cacheKey` with different `fetchData` then never read each other's values.
   */
  readonly id: string;
  /** Cache expiry in ms: -1 forever, 0 never, > 0 duration. */
  readonly expiry: number;
  readonly optional: boolean;
  /**
   * Where the entry came from: `fetchData` and `secrets` entries go to `request.internal` (and the context); env
   * references only replace their own variable.
   */
  readonly origin: 'fetchData' | 'envReference' | 'secrets';
}

export interface NameEntry extends EntryBase {
  readonly kind: 'name';
  readonly reference: ParameterReference;
  readonly defaultValue?: string;
  /** The environment variable to write, if any. */
  readonly envName?: string;
}

export interface PathEntry extends EntryBase {
  readonly kind: 'path';
  readonly source: PathSource;
  /** Prefix of derived env names, or undefined to keep the path out of the env. */
  readonly envPrefix?: string;
}

/** A Secrets Manager secret read natively (not through `/aws/reference/secretsmanager/`). */
export interface SecretEntry extends EntryBase {
  readonly kind: 'secret';
  readonly reference: SecretReference;
  readonly defaultValue?: string;
  /** The environment variable to write, if any. */
  readonly envName?: string;
}

export type Entry = NameEntry | PathEntry | SecretEntry;

/**
 * The last good value of a name entry, as fetched: each middleware derives its own outputs from it (parsing, its
 * default). No `parameter` means an optional parameter that does not exist.
 */
export interface NameValue {
  readonly kind: 'name';
  readonly parameter?: FetchedParameter;
  /** The value at the entry's JSON key, when it has one. */
  readonly picked?: { readonly value: unknown };
}

export interface PathValue {
  readonly kind: 'path';
  readonly parameters: readonly FetchedParameter[];
}

/**
 * The last good value of a secret entry: the secret as read (`type` is `SecretString` or `SecretBinary`, the latter
 * as base64 text). No `parameter` means an optional secret that does not exist.
 */
export interface SecretValue {
  readonly kind: 'secret';
  readonly parameter?: FetchedParameter;
  readonly picked?: { readonly value: unknown };
}

export type EntryValue = NameValue | PathValue | SecretValue;
