/**
 * Fetches every parameter under a path with `GetParametersByPath`, 10 a page (SSM's cap), following `NextToken` to
 * the end. Pages are best-effort — short or empty pages that still carry a token are normal — so only the absence of
 * a token ends the loop, and a page cap guards against a token that never ends.
 */
import { GetParametersByPathCommand } from '@aws-sdk/client-ssm';
import type { PathQuery } from '../core/parameters.js';
import { withRetry } from '../retry/withRetry.js';
import type { FetchContext, FetchedParameter } from './types.js';

/** SSM's cap on a page. */
const MAX_RESULTS_PER_PAGE = 10;

/** Thrown when a path still has a NextToken after `maxPages` pages. */
export class PageLimitError extends Error {
  override name = 'PageLimitError';
}

export const fetchByPath = async (query: PathQuery, context: FetchContext): Promise<FetchedParameter[]> => {
  const parameters: FetchedParameter[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < context.maxPages; page++) {
    const response = await withRetry(
      (abortSignal) =>
        context.client.send(
          new GetParametersByPathCommand({
            Path: query.path,
            Recursive: query.recursive,
            WithDecryption: true,
            MaxResults: MAX_RESULTS_PER_PAGE,
            ...(query.filters ? { ParameterFilters: [...query.filters] } : {}),
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
          { abortSignal },
        ),
      context.retry,
    );
    context.onPage?.();
    for (const parameter of response.Parameters ?? []) {
      parameters.push({
        name: parameter.Name ?? '',
        type: parameter.Type ?? 'String',
        value: parameter.Value ?? '',
      });
    }
    nextToken = response.NextToken;
    if (!nextToken) return parameters;
  }
  throw new PageLimitError(
    `GetParametersByPath on ${query.path} still had a NextToken after ${context.maxPages} pages (raise \`maxPages\`)`,
  );
};
