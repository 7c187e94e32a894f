/**
 * The manifest file: the names under a path, shipped with the function so the middleware fetches them by name
 * (parallel GetParameters) instead of paging the path:
 *
 *   { "path": "/myapp/prod/", "names": ["/myapp/prod/db/host", …] }   (names sorted, each once)
 *
 * used as `fetchData: { app: { path: manifest.path, manifest: manifest.names } }`. A bare JSON array of names is
 * read too. Stale manifests: a name gone from SSM fails the cold start (the middleware reports it); a name added
 * since is not fetched until the manifest is regenerated. `manifest --check` in CI catches both.
 */
import { parseJsonText } from '../jsonFile.js';

export interface Manifest {
  readonly path: string;
  readonly names: readonly string[];
}

/** A stored manifest: the path is absent when the file is a bare array. */
export interface StoredManifest {
  readonly path?: string;
  readonly names: readonly string[];
}

export interface ManifestDrift {
  /** In SSM, not in the manifest: not fetched until the manifest is regenerated. */
  readonly added: readonly string[];
  /** In the manifest, gone from SSM: the middleware fails the cold start on them. */
  readonly removed: readonly string[];
}

/** The manifest of `names` under `path`: sorted, duplicates dropped. */
export const createManifest = (path: string, names: readonly string[]): Manifest => ({
  path,
  names: [...new Set(names)].sort(),
});

/** The file text: two-space JSON and a final newline, so diffs in review stay readable. */
export const serializeManifest = (manifest: Manifest): string => `${JSON.stringify(manifest, null, 2)}\n`;

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Reads a manifest from its parsed JSON; throws a `TypeError` saying what is wrong with it. */
export function manifestOfJson(json: unknown, file: string): StoredManifest {
  if (isStringList(json)) return { names: json };
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const { path, names } = json as { path?: unknown; names?: unknown };
    if (typeof path === 'string' && isStringList(names)) return { path, names };
  }
  throw new TypeError(`${file}: expected { "path": string, "names": string[] } or an array of names`);
}

/** Parses a manifest file's text. Invalid JSON is reported by position, never by quoting the file. */
export const parseManifest = (text: string, file: string): StoredManifest =>
  manifestOfJson(parseJsonText(text, file), file);

/** What changed between a stored manifest and the names SSM has now. */
export function diffManifest(stored: readonly string[], current: readonly string[]): ManifestDrift {
  const storedSet = new Set(stored);
  const currentSet = new Set(current);
  return {
    added: [...currentSet].filter((name) => !storedSet.has(name)).sort(),
    removed: [...storedSet].filter((name) => !currentSet.has(name)).sort(),
  };
}
