/**
 * One fetch of everything a middleware needs, with the fewest calls: names already covered by a requested path are
 * read from the path's pages instead of fetched again, each distinct name is fetched once, a path with a manifest is
 * fetched by name (one round trip of parallel `GetParameters` instead of a chain of pages), and paths and name batches
 * run in parallel. Secrets Manager secrets named by ARN are read from Secrets Manager itself, alongside.
 */
import type { ParameterReference, PathQuery, PathSource, SecretReference } from '../core/parameters.js';
import { parseReference } from '../references/parseReference.js';
import { describeFailure } from './describeFailure.js';
import { fetchByNames } from './fetchByNames.js';
import { fetchByPath } from './fetchByPath.js';
import { fetchSecrets } from './fetchSecrets.js';
import { addPathHints } from './pathHint.js';
import type { FetchContext, FetchedParameter, NameOutcome, PathOutcome } from './types.js';

export interface FetchRequest {
  readonly names: readonly ParameterReference[];
  readonly paths: readonly PathSource[];
  /**
   * The `request` of each name that must exist: one not found gets a "did you mean the path" check. Optional names
   * are left out (their absence is expected, and checking would cost a call per refresh). Default: every name.
   */
  readonly required?: ReadonlySet<string>;
  /** Secrets read natively from Secrets Manager. */
  readonly secrets?: readonly SecretReference[];
}

export interface FetchResult {
  /** Keyed by `reference.request`. */
  readonly names: ReadonlyMap<string, NameOutcome>;
  /** Keyed by `PathSource.id`. */
  readonly paths: ReadonlyMap<string, PathOutcome>;
  /** Keyed by `SecretReference.request`. */
  readonly secrets: ReadonlyMap<string, NameOutcome>;
}

/** True when a by-path fetch of `query` returns the plain parameter `reference` (no ARN, no selector). */
const coveredBy = (reference: ParameterReference, query: PathQuery): boolean => {
  if (reference.arn || reference.selector || reference.isSecret || query.filters) return false;
  if (!reference.name.startsWith(query.path)) return false;
  return query.recursive || !reference.name.slice(query.path.length).includes('/');
};

export const fetchAll = async (request: FetchRequest, context: FetchContext): Promise<FetchResult> => {
  const pagedPaths = request.paths.filter((source) => !source.manifest);
  const manifestReferences = request.paths.flatMap((source) =>
    (source.manifest ?? []).map((name) => parseReference(name)),
  );

  const coveringPath = new Map<string, PathSource>();
  const toFetchByName: ParameterReference[] = [...manifestReferences];
  for (const reference of request.names) {
    const covering = pagedPaths.find((source) => coveredBy(reference, source.query));
    if (covering) coveringPath.set(reference.request, covering);
    else toFetchByName.push(reference);
  }

  const [nameOutcomes, pagedOutcomes, secrets] = await Promise.all([
    fetchByNames(toFetchByName, context),
    Promise.all(
      pagedPaths.map(async (source) => [source.id, await fetchPathOutcome(source, context)] as const),
    ),
    fetchSecrets(request.secrets ?? [], context.secrets),
  ]);
  const pathOutcomes = new Map<string, PathOutcome>(pagedOutcomes);
  for (const source of request.paths) {
    if (source.manifest) pathOutcomes.set(source.id, manifestOutcome(source, nameOutcomes));
  }

  const names = new Map(nameOutcomes);
  for (const [requestKey, source] of coveringPath) {
    names.set(requestKey, outcomeFromPath(requestKey, pathOutcomes.get(source.id)));
  }
  const pathParameters = [...pathOutcomes.values()].flatMap((outcome) =>
    outcome.ok ? outcome.parameters : [],
  );
  const { required } = request;
  const mustExist = required
    ? request.names.filter((reference) => required.has(reference.request))
    : request.names;
  await addPathHints(mustExist, names, pathParameters, context);
  return { names, paths: pathOutcomes, secrets };
};

const fetchPathOutcome = async (source: PathSource, context: FetchContext): Promise<PathOutcome> => {
  try {
    return { ok: true, parameters: await fetchByPath(source.query, context) };
  } catch (error) {
    return { ok: false, failure: describeFailure(error, 'ssm:GetParametersByPath') };
  }
};

const outcomeFromPath = (name: string, outcome: PathOutcome | undefined): NameOutcome => {
  if (!outcome?.ok) {
    return { ok: false, failure: outcome?.failure ?? { reason: 'unavailable', detail: 'path not fetched' } };
  }
  const parameter = outcome.parameters.find((candidate) => candidate.name === name);
  return parameter
    ? { ok: true, parameter }
    : { ok: false, failure: { reason: 'not-found', detail: 'not found under its path' } };
};

/**
 * A manifest is a promise about what exists: a name it lists that SSM no longer has fails like any missing
 * parameter, with every such name listed.
 */
const manifestOutcome = (source: PathSource, outcomes: ReadonlyMap<string, NameOutcome>): PathOutcome => {
  const parameters: FetchedParameter[] = [];
  const missing: string[] = [];
  for (const name of source.manifest ?? []) {
    const outcome = outcomes.get(name);
    if (outcome?.ok) {
      parameters.push(outcome.parameter);
      continue;
    }
    if (outcome && outcome.failure.reason !== 'not-found') return { ok: false, failure: outcome.failure };
    missing.push(name);
  }
  if (missing.length > 0) {
    const detail = `manifest lists ${missing.length} name(s) SSM does not have: ${missing.join(', ')} (regenerate the manifest)`;
    return { ok: false, failure: { reason: 'not-found', detail } };
  }
  return { ok: true, parameters };
};
