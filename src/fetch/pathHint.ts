/**
 * A name that SSM does not have, but that has parameters under it — `'/myapp/prod/config'` where
 * `'/myapp/prod/config/'` was meant — is almost always a path missing its trailing slash. This says so in the failure.
 * What the fetch already read (a requested path's pages) answers first; otherwise one cheap call per such name
 * (`GetParametersByPath`, MaxResults 1, no decryption, no retry, within the fetch's deadline) tells whether anything
 * exists under it. Only the fact is kept: no name or value from the answer is read. A probe that fails (access
 * denied — the function may only be granted `ssm:GetParameters` — throttled, out of time) adds nothing.
 */
import { GetParametersByPathCommand } from '@aws-sdk/client-ssm';
import type { FetchedParameter, ParameterReference } from '../core/parameters.js';
import { withRetry } from '../retry/withRetry.js';
import type { FetchContext, NameOutcome } from './types.js';

/** Probes per fetch at most: a configuration with many missing names is wrong in some other way. */
export const MAX_PATH_PROBES = 5;

/** The hint appended to a not-found failure. */
export const pathHint = (name: string): string =>
  ` — did you mean the path \`${name}/\`? Parameters exist under it (a path ends with \`/\`)`;

/** Only a plain hierarchical name can be a path mistyped: not an ARN, a version or label, or a secret reference. */
const couldBePath = (reference: ParameterReference): boolean =>
  !reference.arn && !reference.selector && !reference.isSecret && reference.name.startsWith('/');

const hasParametersUnder = async (name: string, context: FetchContext): Promise<boolean> => {
  try {
    const response = await withRetry(
      (abortSignal) =>
        context.client.send(
          new GetParametersByPathCommand({
            Path: name,
            Recursive: true,
            MaxResults: 1,
            WithDecryption: false,
          }),
          { abortSignal },
        ),
      { ...context.retry, options: { ...context.retry.options, retries: 0 } },
    );
    return (response.Parameters?.length ?? 0) > 0;
  } catch {
    return false;
  }
};

/**
 * Adds the hint to the not-found outcomes in `names` (keyed by `reference.request`) whose name has parameters under
 * it, judged from `alreadyFetched` (the parameters the fetch's paths returned) or by a probe.
 */
export const addPathHints = async (
  references: readonly ParameterReference[],
  names: Map<string, NameOutcome>,
  alreadyFetched: readonly FetchedParameter[],
  context: FetchContext,
): Promise<void> => {
  const candidates = [
    ...new Map(
      references
        .filter((reference) => {
          const outcome = names.get(reference.request);
          return outcome && !outcome.ok && outcome.failure.reason === 'not-found' && couldBePath(reference);
        })
        .map((reference) => [reference.request, reference]),
    ).values(),
  ];
  if (candidates.length === 0) return;
  const known = (name: string) => alreadyFetched.some((parameter) => parameter.name.startsWith(`${name}/`));
  const toProbe = candidates.filter((reference) => !known(reference.name)).slice(0, MAX_PATH_PROBES);
  const probed = new Set(
    (
      await Promise.all(
        toProbe.map(async (reference) =>
          (await hasParametersUnder(reference.name, context)) ? reference.name : undefined,
        ),
      )
    ).filter((name): name is string => name !== undefined),
  );
  for (const reference of candidates) {
    if (!known(reference.name) && !probed.has(reference.name)) continue;
    const outcome = names.get(reference.request);
    if (!outcome || outcome.ok) continue;
    names.set(reference.request, {
      ok: false,
      failure: { ...outcome.failure, detail: `${outcome.failure.detail}${pathHint(reference.name)}` },
    });
  }
};
