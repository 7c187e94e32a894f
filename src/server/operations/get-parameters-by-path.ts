import { constraintError, LocalSsmError, validationError } from '../errors.js';
import { optionalBoolean, optionalInteger, optionalString, requiredString } from '../input.js';
import { isAtOrBelow, parameterArn, SECRET_REFERENCE_PREFIX, trimTrailingSlash } from '../names.js';
import type { ParameterVersion } from '../parameter-store.js';
import { parsePathFilters, selectByFilters } from '../path-filters.js';
import type { OperationContext, OperationHandler } from './context.js';
import { toParameterResponse } from './parameter-response.js';

const MAX_RESULTS = 10;

// AWS's text, escaped quotes included.
const PATH_RULES =
  'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/". It can\'t be prefixed with \\"aws\\" or \\"ssm\\" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.';

export const getParametersByPath: OperationHandler = (body, context) => {
  const maxResults = optionalInteger(body, 'MaxResults') ?? MAX_RESULTS;
  if (maxResults < 1 || maxResults > MAX_RESULTS) {
    const bound = maxResults < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_RESULTS}`;
    throw constraintError('maxResults', `'${maxResults}'`, `Member must have value ${bound}`);
  }
  const path = requiredString(body, 'Path');
  if (!path.startsWith('/') || path.includes('//') || !/^[a-zA-Z0-9_.\-/]+$/.test(path)) {
    throw validationError(PATH_RULES);
  }
  if (isAtOrBelow(path, trimTrailingSlash(SECRET_REFERENCE_PREFIX))) {
    throw validationError(
      'GetParametersByPath is not supported for Secrets Manager references: use GetParameter or GetParameters with /aws/reference/secretsmanager/<secret-id>.',
    );
  }
  const recursive = optionalBoolean(body, 'Recursive') ?? false;
  const withDecryption = optionalBoolean(body, 'WithDecryption') ?? false;
  const filters = parsePathFilters(body.ParameterFilters);
  // Authorized on the path itself, not on each parameter below it, as AWS does.
  const denied = context.access.check(
    'ssm:GetParametersByPath',
    path,
    context.caller,
    parameterArn(context.scope, trimTrailingSlash(path) || '/'),
  );
  if (denied) throw denied;

  const base = trimTrailingSlash(path);
  const query = JSON.stringify([base, recursive, filters]);
  const after = cursorFrom(optionalString(body, 'NextToken'), query, context);
  const pageSize = context.pager.nextPageSize(maxResults);
  // One match past the page tells whether there are more, without visiting the rest of the tree.
  const found = matchingVersions(context, base, recursive, filters, after, pageSize + 1);
  const page = found.slice(0, pageSize);
  const more = found.length > page.length;
  const cursor = page.at(-1)?.name ?? after;
  return {
    Parameters: page.map((version) => toParameterResponse(version, context.scope, withDecryption)),
    ...(more || context.pager.endless ? { NextToken: context.tokens.encode(query, cursor) } : {}),
  };
};

/** The last name the previous page returned ('' for the first page). */
function cursorFrom(nextToken: string | undefined, query: string, context: OperationContext): string {
  if (nextToken === undefined) return '';
  const cursor = context.tokens.decode(nextToken, query);
  if (cursor === undefined) throw new LocalSsmError('InvalidNextToken', 'The specified token is not valid.');
  return cursor;
}

/**
 * Up to `limit` parameters under `base` (direct children only unless recursive) named after `after`, in name order,
 * each at the version the filters pick.
 */
function matchingVersions(
  context: OperationContext,
  base: string,
  recursive: boolean,
  filters: ReturnType<typeof parsePathFilters>,
  after: string,
  limit: number,
): ParameterVersion[] {
  const prefix = `${base}/`;
  const matching: ParameterVersion[] = [];
  for (const name of context.parameters.namesAfter(prefix, after)) {
    if (matching.length >= limit) break;
    if (!recursive && name.slice(prefix.length).includes('/')) continue;
    const chosen = selectByFilters(context.parameters.versionsOf(name), filters);
    if (chosen) matching.push(chosen);
  }
  return matching;
}
