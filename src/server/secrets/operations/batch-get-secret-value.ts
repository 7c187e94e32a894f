import { constraintError, LocalSsmError } from '../../errors.js';
import { optionalInteger, optionalString, type RequestBody, stringList } from '../../input.js';
import { invalidParameter, secretNotFound } from '../errors.js';
import { matchesFilters, parseSecretFilters } from '../filters.js';
import { secretValueEntry } from '../render.js';
import type { Secret } from '../store.js';
import { lookUp, type SecretsContext, type SecretsOperationHandler } from './context.js';

const MAX_IDS = 20;
const MAX_RESULTS = 20;
const ONE_OF = 'You must include Filters or SecretIdList, but not both.';

/** One per-secret failure, reported in `Errors` instead of failing the call. */
interface ApiError {
  SecretId: string;
  ErrorCode: string;
  Message: string;
}

/**
 * BatchGetSecretValue: the AWSCURRENT versions of up to 20 secrets named in SecretIdList, or of the secrets Filters
 * match (paged by MaxResults / NextToken). A secret that is missing, denied or without a current version goes to
 * `Errors` (SecretId, ErrorCode, Message); the call itself succeeds.
 */
export const batchGetSecretValue: SecretsOperationHandler = (body, context) => {
  const hasIds = body.SecretIdList !== undefined && body.SecretIdList !== null;
  const hasFilters = body.Filters !== undefined && body.Filters !== null;
  if (hasIds === hasFilters) throw invalidParameter(ONE_OF);
  return hasIds ? byIdList(body, context) : byFilters(body, context);
};

function byIdList(body: RequestBody, context: SecretsContext): object {
  if (body.MaxResults !== undefined || body.NextToken !== undefined) {
    // AWS documents MaxResults as usable only with Filters; what it answers otherwise is not documented.
    throw invalidParameter('MaxResults and NextToken work only with Filters.');
  }
  const ids = [...new Set(stringList(body, 'SecretIdList', 1, MAX_IDS))];
  const values: object[] = [];
  const errors: ApiError[] = [];
  for (const secretId of ids) {
    const { secret, denied } = lookUp(context, secretId, 'secretsmanager:GetSecretValue');
    collect(context, secretId, secret, denied, values, errors);
  }
  return { SecretValues: values, Errors: errors };
}

function byFilters(body: RequestBody, context: SecretsContext): object {
  const filters = parseSecretFilters(body.Filters);
  const maxResults = optionalInteger(body, 'MaxResults') ?? MAX_RESULTS;
  if (maxResults < 1 || maxResults > MAX_RESULTS) {
    const bound = maxResults < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_RESULTS}`;
    throw constraintError('maxResults', `'${maxResults}'`, `Member must have value ${bound}`);
  }
  const query = JSON.stringify(['BatchGetSecretValue', filters]);
  const nextToken = optionalString(body, 'NextToken');
  let after = '';
  if (nextToken !== undefined) {
    const cursor = context.tokens.decode(nextToken, query);
    if (cursor === undefined) {
      throw new LocalSsmError('InvalidNextTokenException', 'The NextToken value is invalid.');
    }
    after = cursor;
  }
  const matching = context.secrets
    .list()
    .filter((secret) => secret.name > after && matchesFilters(secret, filters));
  const page = matching.slice(0, maxResults);
  const values: object[] = [];
  const errors: ApiError[] = [];
  for (const secret of page) {
    const { denied } = lookUp(context, secret.arn, 'secretsmanager:GetSecretValue');
    collect(context, secret.name, secret, denied, values, errors);
  }
  const last = page.at(-1);
  return {
    SecretValues: values,
    Errors: errors,
    ...(matching.length > page.length && last ? { NextToken: context.tokens.encode(query, last.name) } : {}),
  };
}

function collect(
  context: SecretsContext,
  secretId: string,
  secret: Secret | undefined,
  denied: LocalSsmError | undefined,
  values: object[],
  errors: ApiError[],
): void {
  try {
    if (denied) throw denied;
    if (!secret) throw secretNotFound();
    values.push(secretValueEntry(secret, context.secrets.select(secret, {})));
  } catch (error) {
    if (!(error instanceof LocalSsmError)) throw error;
    errors.push({ SecretId: secretId, ErrorCode: error.type, Message: error.message });
  }
}
