import { constraintError, LocalSsmError } from './errors.js';
import type { ParameterVersion } from './parameter-store.js';

/** A ParameterFilter GetParametersByPath accepts. */
export interface PathFilter {
  readonly key: 'Type' | 'KeyId' | 'Label';
  readonly option: 'Equals' | 'BeginsWith';
  readonly values: readonly string[];
}

const KEY_PATTERN = /^(tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType)$/;
const TYPES = ['String', 'StringList', 'SecureString'];

/**
 * Validate ParameterFilters as GetParametersByPath does: a key outside the API's pattern is a ValidationException;
 * `tag:…`, `DataType`, `Name`, `Path` and `Tier` are InvalidFilterKey; `Label` only takes `Equals`.
 */
export function parsePathFilters(raw: unknown): PathFilter[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw))
    throw new LocalSsmError('SerializationException', 'ParameterFilters must be a list.');
  const filters: PathFilter[] = [];
  raw.forEach((entry: unknown, index) => {
    const { Key: key, Option: option = 'Equals', Values: values } = (entry ?? {}) as Record<string, unknown>;
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw constraintError(
        `parameterFilters.${index + 1}.member.key`,
        `'${String(key)}'`,
        'Member must satisfy regular expression pattern: tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType',
      );
    }
    if (key !== 'Type' && key !== 'KeyId' && key !== 'Label') {
      throw new LocalSsmError(
        'InvalidFilterKey',
        `The following filter key is not valid: ${key}. Valid filter keys include: [Type, KeyId, Label].`,
      );
    }
    if (filters.some((filter) => filter.key === key)) {
      throw new LocalSsmError(
        'InvalidFilterKey',
        `The following filter is duplicated in the request: ${key}. A request can contain only one occurrence of a specific filter.`,
      );
    }
    const validOptions = key === 'Label' ? ['Equals'] : ['Equals', 'BeginsWith'];
    if (typeof option !== 'string' || !validOptions.includes(option)) {
      throw new LocalSsmError(
        'InvalidFilterOption',
        `The following filter option is not valid: ${String(option)}. Valid options include: [${validOptions.join(', ')}].`,
      );
    }
    if (
      !Array.isArray(values) ||
      values.length === 0 ||
      !values.every((value) => typeof value === 'string')
    ) {
      throw new LocalSsmError(
        'InvalidFilterValue',
        `The following filter values are missing : null for filter key ${key}.`,
      );
    }
    if (key === 'Type' && option === 'Equals') {
      const invalid = values.find((value) => !TYPES.includes(value));
      if (invalid !== undefined) {
        throw new LocalSsmError(
          'InvalidFilterValue',
          `The following filter value is not valid: ${invalid}. Valid values include: [${TYPES.join(', ')}].`,
        );
      }
    }
    filters.push({ key, option: option as PathFilter['option'], values });
  });
  return filters;
}

/**
 * The version of a parameter a by-path call returns: the latest, or with a Label filter the version carrying one of
 * the labels. Undefined when the parameter doesn't pass the filters.
 */
export function selectByFilters(
  versions: readonly ParameterVersion[],
  filters: readonly PathFilter[],
): ParameterVersion | undefined {
  const labelFilter = filters.find((filter) => filter.key === 'Label');
  const candidates = labelFilter
    ? versions.filter((version) => labelFilter.values.some((label) => version.labels.has(label)))
    : versions;
  const chosen = candidates.at(-1);
  if (!chosen) return undefined;
  const passes = filters.every((filter) => {
    if (filter.key === 'Type') return matches(filter, chosen.type);
    if (filter.key === 'KeyId') return matches(filter, chosen.keyId);
    return true;
  });
  return passes ? chosen : undefined;
}

function matches(filter: PathFilter, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  return filter.values.some((value) =>
    filter.option === 'Equals' ? actual === value : actual.startsWith(value),
  );
}
