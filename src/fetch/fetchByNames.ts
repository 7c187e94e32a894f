/**
 * Fetches parameters by name with `GetParameters`: 10 names a call (SSM's cap), batches in parallel under a
 * concurrency cap, each batch retried on its own. Results are matched back by normalized name and selector — AWS
 * answers an ARN or `name:label` request with the bare name and a separate `Selector` — so none comes back missing.
 */
import { GetParametersCommand, type GetParametersCommandOutput } from '@aws-sdk/client-ssm';
import { matchKey, type ParameterReference, SECRETS_MANAGER_PREFIX } from '../references/parseReference.js';
import { withRetry } from '../retry/withRetry.js';
import { deniedResource, describeFailure } from './describeFailure.js';
import { runWithConcurrency } from './runWithConcurrency.js';
import type { FetchContext, FetchedParameter, NameOutcome } from './types.js';

const ACTION = 'ssm:GetParameters';

/** Outcomes keyed by `reference.request`. Each distinct request is fetched once. */
export const fetchByNames = async (
  references: readonly ParameterReference[],
  context: FetchContext,
): Promise<Map<string, NameOutcome>> => {
  const outcomes = new Map<string, NameOutcome>();
  const batches = toBatches(uniqueByRequest(references), context.batchSize);
  await runWithConcurrency(batches, context.concurrency, (batch) => fetchBatch(batch, context, outcomes));
  return outcomes;
};

const uniqueByRequest = (references: readonly ParameterReference[]): ParameterReference[] => [
  ...new Map(references.map((reference) => [reference.request, reference])).values(),
];

/**
 * Splits into batches in which every reference has a distinct match key, so each answer maps to exactly one
 * request. (The same name in two accounts, by ARN, would otherwise be ambiguous.) A secret reference's key leaves out
 * its selector: moto answers without `Selector`, so two versions of one secret in one batch could not be told apart.
 */
const toBatches = (references: readonly ParameterReference[], size: number): ParameterReference[][] => {
  const batches: { items: ParameterReference[]; keys: Set<string> }[] = [];
  for (const reference of references) {
    const key = matchKey(reference.name, reference.isSecret ? undefined : reference.selector);
    let batch = batches.find((candidate) => candidate.items.length < size && !candidate.keys.has(key));
    if (!batch) {
      batch = { items: [], keys: new Set() };
      batches.push(batch);
    }
    batch.items.push(reference);
    batch.keys.add(key);
  }
  return batches.map((batch) => batch.items);
};

const fetchBatch = async (
  batch: readonly ParameterReference[],
  context: FetchContext,
  outcomes: Map<string, NameOutcome>,
): Promise<void> => {
  let response: GetParametersCommandOutput;
  try {
    response = await withRetry(
      (abortSignal) =>
        context.client.send(
          new GetParametersCommand({
            Names: batch.map((reference) => reference.request),
            WithDecryption: true,
          }),
          { abortSignal },
        ),
      context.retry,
    );
  } catch (error) {
    await handleBatchError(error, batch, context, outcomes);
    return;
  }
  recordResponse(response, batch, outcomes);
};

const recordResponse = (
  response: GetParametersCommandOutput,
  batch: readonly ParameterReference[],
  outcomes: Map<string, NameOutcome>,
): void => {
  const byMatchKey = new Map(
    batch.map((reference) => [matchKey(reference.name, reference.selector), reference]),
  );
  for (const parameter of response.Parameters ?? []) {
    const reference = [parameter.Name ?? '', ...motoReferenceNames(parameter.Name)]
      .flatMap((name) => [byMatchKey.get(matchKey(name, parameter.Selector)), onlyCandidate(batch, name)])
      .find((candidate) => candidate !== undefined && !outcomes.has(candidate.request));
    if (!reference) continue;
    outcomes.set(reference.request, { ok: true, parameter: toFetched(parameter, reference) });
  }
  for (const reference of batch) {
    if (outcomes.has(reference.request)) continue;
    const detail = response.InvalidParameters?.includes(reference.request)
      ? 'not found (listed in InvalidParameters)'
      : 'not found (missing from the GetParameters response)';
    outcomes.set(reference.request, { ok: false, failure: { reason: 'not-found', detail } });
  }
};

/**
 * moto (and LocalStack, built on it) answers a read of `/aws/reference/secretsmanager/<id>` with `Name` = the bare
 * secret id and no `Selector`; AWS with the full reference name. A bare name also stands for its reference.
 */
const motoReferenceNames = (name: string | undefined): string[] =>
  name === undefined || name.startsWith(SECRETS_MANAGER_PREFIX) ? [] : [`${SECRETS_MANAGER_PREFIX}${name}`];

/** Falls back to the bare name when SSM omits `Selector` and exactly one request in the batch has that name. */
const onlyCandidate = (
  batch: readonly ParameterReference[],
  name: string | undefined,
): ParameterReference | undefined => {
  const bare = matchKey(name ?? '', undefined);
  const candidates = batch.filter((reference) => matchKey(reference.name, undefined) === bare);
  return candidates.length === 1 ? candidates[0] : undefined;
};

const toFetched = (
  parameter: NonNullable<GetParametersCommandOutput['Parameters']>[number],
  reference: ParameterReference,
): FetchedParameter => ({
  name: reference.name,
  type: parameter.Type ?? 'String',
  value: parameter.Value ?? '',
});

/**
 * An AccessDeniedException denies the whole call. When it names one parameter of the batch, that one is reported
 * and the rest are fetched again without it, so one denied name does not hide the others' state.
 */
const handleBatchError = async (
  error: unknown,
  batch: readonly ParameterReference[],
  context: FetchContext,
  outcomes: Map<string, NameOutcome>,
): Promise<void> => {
  const deniedArn = deniedResource(error);
  const denied = deniedArn
    ? batch.find((reference) => deniedArn.endsWith(`:parameter${withSlash(reference.name)}`))
    : undefined;
  if (denied && batch.length > 1) {
    outcomes.set(denied.request, { ok: false, failure: describeFailure(error, ACTION, denied.isSecret) });
    await fetchBatch(
      batch.filter((reference) => reference !== denied),
      context,
      outcomes,
    );
    return;
  }
  for (const reference of batch) {
    outcomes.set(reference.request, {
      ok: false,
      failure: describeFailure(error, ACTION, reference.isSecret),
    });
  }
};

const withSlash = (name: string): string => (name.startsWith('/') ? name : `/${name}`);
