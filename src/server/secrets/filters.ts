import { constraintError } from '../errors.js';
import { memberName } from '../input.js';
import { invalidParameter } from './errors.js';
import type { Secret } from './store.js';

/** The filter keys the server applies; AWS also has tag-key, tag-value, primary-region and owning-service. */
const SUPPORTED_KEYS = ['name', 'description', 'all'] as const;
const AWS_KEYS = ['description', 'name', 'tag-key', 'tag-value', 'primary-region', 'owning-service', 'all'];

export interface SecretFilter {
  key: (typeof SUPPORTED_KEYS)[number];
  values: string[];
}

/**
 * Read BatchGetSecretValue's `Filters`. A key AWS has but the server does not model (tags, Regions, owning
 * service) is refused with InvalidParameterException naming it, rather than matching nothing silently.
 */
export function parseSecretFilters(value: unknown): SecretFilter[] {
  if (!Array.isArray(value)) throw constraintError(memberName('Filters'), 'null', 'Member must be a list');
  if (value.length > 10) {
    throw constraintError(
      'filters',
      `'[${value.length} filters]'`,
      'Member must have length less than or equal to 10',
    );
  }
  return value.map((entry: unknown) => {
    const { Key: key, Values: values } = (entry ?? {}) as { Key?: unknown; Values?: unknown };
    if (typeof key !== 'string' || !AWS_KEYS.includes(key)) {
      throw constraintError(
        'filters.member.key',
        `'${String(key)}'`,
        `Member must satisfy enum value set: [${AWS_KEYS.join(', ')}]`,
      );
    }
    if (!(SUPPORTED_KEYS as readonly string[]).includes(key)) {
      throw invalidParameter(
        `The local server does not model the '${key}' filter; use name, description or all, or SecretIdList.`,
      );
    }
    if (!Array.isArray(values) || values.length === 0 || !values.every((item) => typeof item === 'string')) {
      throw invalidParameter('Each filter needs Values: a list of 1 to 10 strings.');
    }
    return { key: key as SecretFilter['key'], values };
  });
}

/**
 * Whether a secret passes every filter. Within a filter a value matches the start of the field (a `!` in front
 * negates it), as ListSecrets documents for its filters; `all` looks at the name and the description.
 */
export function matchesFilters(secret: Secret, filters: readonly SecretFilter[]): boolean {
  return filters.every((filter) => {
    const fields =
      filter.key === 'name'
        ? [secret.name]
        : filter.key === 'description'
          ? [secret.description ?? '']
          : [secret.name, secret.description ?? ''];
    return filter.values.some((value) =>
      value.startsWith('!')
        ? fields.every((field) => !field.startsWith(value.slice(1)))
        : fields.some((field) => field.startsWith(value)),
    );
  });
}
