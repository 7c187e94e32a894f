/**
 * Builds the complete set of outputs — `request.internal`/context values and environment variables — from every
 * entry's last good value. Built whole and applied whole, so a refresh never leaves half old and half new values.
 */
import type { Entry, EntryValue, NameEntry, NameValue, SecretEntry, SecretValue } from '../core/entries.js';
import type { FetchedParameter } from '../core/parameters.js';
import { EnvNameError, NameCollisionError } from '../errors.js';
import { defaultEnvName, isReservedEnvName, isValidEnvName, relativeName, sanitizeKey } from './envNames.js';
import { parseParameterValue, toEnvString } from './values.js';

/** How a middleware shapes its outputs. */
export interface SnapshotOptions {
  readonly parseValues: boolean;
  readonly toEnvName?: ((parameterName: string, path: string) => string) | undefined;
}

export interface Snapshot {
  /** `fetchData` keys → values, as `request.internal` and the context receive them. */
  readonly internal: Readonly<Record<string, unknown>>;
  /** Environment variable → value. */
  readonly env: ReadonlyMap<string, string>;
}

/** A value for the context: parsed as `@middy/ssm` does, or the raw text with `parseValues: false`. */
const contextValue = (parameter: FetchedParameter, parse: boolean): unknown =>
  parse ? parseParameterValue(parameter) : parameter.value;

/** A name entry's value for the context, and for `process.env`. */
const nameOutputs = (
  entry: NameEntry | SecretEntry,
  value: NameValue | SecretValue,
  parse: boolean,
): { parsed: unknown; text?: string } => {
  if (value.picked) return { parsed: value.picked.value, text: toEnvString(value.picked.value) };
  if (value.parameter) return { parsed: contextValue(value.parameter, parse), text: value.parameter.value };
  return entry.defaultValue === undefined
    ? { parsed: undefined }
    : { parsed: entry.defaultValue, text: entry.defaultValue };
};

/**
 * Sets an own key. Keys come from parameter names, and `__proto__` must stay a plain key rather than replace the
 * prototype; plain objects (not null-prototype ones) keep the warm path's copies fast.
 */
const setKey = (target: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
};

/**
 * Builds the outputs of `entries` from `values`. Throws {@link NameCollisionError} when two parameters map to one
 * environment variable or one key, and {@link EnvNameError} for a name that is invalid or reserved.
 */
export const buildSnapshot = (
  entries: readonly Entry[],
  values: ReadonlyMap<string, EntryValue>,
  config: SnapshotOptions,
): Snapshot => {
  const internal: Record<string, unknown> = {};
  const env = new Map<string, string>();
  const sources = new Map<string, string>();

  const writeEnv = (name: string, text: string, source: string) => {
    if (!isValidEnvName(name)) {
      throw new EnvNameError(
        `middy-ssm-env: ${source} maps to '${name}', which is not a valid environment variable name.`,
      );
    }
    if (isReservedEnvName(name))
      throw new EnvNameError(`middy-ssm-env: ${source} would write ${name}, which Lambda reserves.`);
    const previous = sources.get(name);
    if (previous !== undefined) throw new NameCollisionError(previous, source, name, 'environment variable');
    sources.set(name, source);
    env.set(name, text);
  };

  for (const entry of entries) {
    const value = values.get(entry.id);
    if (!value) continue;
    if (entry.kind === 'name' && value.kind === 'name') {
      const { parsed, text } = nameOutputs(entry, value, config.parseValues);
      if (entry.origin !== 'envReference') setKey(internal, entry.key, parsed);
      if (entry.envName !== undefined && text !== undefined) {
        writeEnv(entry.envName, text, `${entry.reference.request} (${entry.key})`);
      }
      continue;
    }
    if (entry.kind === 'secret' && value.kind === 'secret') {
      const { parsed, text } = nameOutputs(entry, value, config.parseValues);
      if (entry.origin !== 'envReference') setKey(internal, entry.key, parsed);
      if (entry.envName !== undefined && text !== undefined) {
        writeEnv(entry.envName, text, `${entry.reference.source} (${entry.key})`);
      }
      continue;
    }
    if (entry.kind !== 'path' || value.kind !== 'path') continue;
    const { path } = entry.source.query;
    const group: Record<string, unknown> = {};
    const keySources = new Map<string, string>();
    for (const parameter of value.parameters) {
      if (entry.envPrefix !== undefined) {
        const name = config.toEnvName
          ? `${entry.envPrefix}${config.toEnvName(parameter.name, path)}`
          : defaultEnvName(parameter.name, path, entry.envPrefix);
        writeEnv(name, toEnvString(parameter.value), parameter.name);
      }
      const key = sanitizeKey(relativeName(parameter.name, path));
      const previous = keySources.get(key);
      if (previous !== undefined) {
        throw new NameCollisionError(previous, parameter.name, `${entry.key}.${key}`, 'key');
      }
      keySources.set(key, parameter.name);
      setKey(group, key, contextValue(parameter, config.parseValues));
    }
    setKey(internal, entry.key, group);
  }
  return { internal, env };
};
