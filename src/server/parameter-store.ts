import { LocalSsmError, parameterNotFound, parameterVersionNotFound, validationError } from './errors.js';
import type { Selector } from './names.js';
import type { ParameterType } from './types.js';

/** One stored version of a parameter. */
export interface ParameterVersion {
  readonly name: string;
  readonly version: number;
  readonly type: ParameterType;
  readonly value: string;
  /** What a read without decryption returns, for SecureString. */
  readonly ciphertext: string | undefined;
  readonly keyId: string | undefined;
  readonly dataType: string;
  readonly tier: 'Standard' | 'Advanced';
  /** Epoch milliseconds. */
  readonly lastModified: number;
  readonly labels: Set<string>;
}

export interface PutInput {
  name: string;
  value: string;
  type?: ParameterType | undefined;
  overwrite?: boolean | undefined;
  dataType?: string | undefined;
  tier?: string | undefined;
  keyId?: string | undefined;
}

export const PARAMETER_TYPES: readonly ParameterType[] = ['String', 'StringList', 'SecureString'];

const MAX_VERSIONS = 100;
const MAX_LABELS_PER_VERSION = 10;
const MAX_HIERARCHY_LEVELS = 15;
const VALUE_LIMIT = { Standard: 4096, Advanced: 8192 } as const;
const DEFAULT_KEY_ID = 'alias/aws/ssm';

const NAME_RULES =
  'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_';

/** Parameters and their version history, with AWS's rules for versions and labels. */
export class ParameterStore {
  readonly #parameters = new Map<string, ParameterVersion[]>();
  /** Every name in byte order, rebuilt only after a parameter is created or deleted. */
  #sortedNames: string[] | undefined;

  constructor(
    private readonly encrypt: (plaintext: string) => string,
    private readonly wallClock: () => number = Date.now,
  ) {}

  /** Create or update a parameter; returns the new version. */
  put(input: PutInput): ParameterVersion {
    assertWritableName(input.name);
    const history = this.#parameters.get(input.name);
    const latest = history?.at(-1);
    if (latest && !input.overwrite) {
      throw new LocalSsmError(
        'ParameterAlreadyExists',
        'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
      );
    }
    const type = input.type ?? latest?.type;
    if (type === undefined)
      throw validationError('A parameter type is required when you create a parameter.');
    if (input.value === '') {
      throw validationError(
        "1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    }
    const tier = resolveTier(input.tier, input.value, latest?.tier);
    const keyId = type === 'SecureString' ? (input.keyId ?? latest?.keyId ?? DEFAULT_KEY_ID) : undefined;
    const created: ParameterVersion = {
      name: input.name,
      version: (latest?.version ?? 0) + 1,
      type,
      value: input.value,
      ciphertext: type === 'SecureString' ? this.encrypt(input.value) : undefined,
      keyId,
      dataType: input.dataType ?? 'text',
      tier,
      lastModified: this.wallClock(),
      labels: new Set(),
    };
    const versions = history ?? [];
    if (!history) this.#sortedNames = undefined;
    versions.push(created);
    // AWS keeps 100 versions and drops the oldest when a new one arrives.
    if (versions.length > MAX_VERSIONS) versions.shift();
    this.#parameters.set(input.name, versions);
    return created;
  }

  delete(name: string): boolean {
    this.#sortedNames = undefined;
    return this.#parameters.delete(name);
  }

  has(name: string): boolean {
    return this.#parameters.has(name);
  }

  /**
   * The names that start with `prefix` and sort after `after`, in byte order (as AWS sorts), lazily: a page of a
   * large tree costs a binary search and the page, not a pass over every parameter.
   */
  *namesAfter(prefix: string, after: string): Generator<string> {
    this.#sortedNames ??= [...this.#parameters.keys()].sort(compareNames);
    const names = this.#sortedNames;
    // Both conditions hold from some index on, so the first name meeting them is found by binary search.
    const wanted = (name: string): boolean => name >= prefix && name > after;
    let low = 0;
    let high = names.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (wanted(names[middle] ?? '')) high = middle;
      else low = middle + 1;
    }
    for (let index = low; index < names.length; index += 1) {
      const name = names[index] ?? '';
      if (!name.startsWith(prefix)) return;
      yield name;
    }
  }

  /** The versions of one parameter, oldest first (empty if it doesn't exist). */
  versionsOf(name: string): readonly ParameterVersion[] {
    return this.#parameters.get(name) ?? [];
  }

  /** The version a selector picks (the latest without one). Throws ParameterNotFound / ParameterVersionNotFound. */
  select(name: string, selector?: Selector): ParameterVersion {
    const versions = this.#parameters.get(name);
    const latest = versions?.at(-1);
    if (!versions || !latest) throw parameterNotFound(name);
    if (!selector) return latest;
    if (selector.kind === 'version') {
      const found = versions.find((candidate) => candidate.version === selector.version);
      if (!found) throw parameterVersionNotFound(name, selector.version);
      return found;
    }
    const labelled = versions.find((candidate) => candidate.labels.has(selector.label));
    if (!labelled) throw parameterNotFound(`${name}${selector.text}`);
    return labelled;
  }

  /**
   * Attach labels to a version (the latest by default). A label already on another version moves here, as AWS does.
   * Labels that break AWS's label rules are returned instead of attached.
   */
  label(
    name: string,
    labels: readonly string[],
    version?: number,
  ): { invalidLabels: string[]; version: number } {
    const target = this.select(
      name,
      version === undefined ? undefined : { kind: 'version', version, text: `:${version}` },
    );
    const invalidLabels = labels.filter((label) => !isValidLabel(label));
    const valid = labels.filter(isValidLabel);
    const added = valid.filter((label) => !target.labels.has(label));
    if (target.labels.size + added.length > MAX_LABELS_PER_VERSION) {
      throw new LocalSsmError(
        'ParameterVersionLabelLimitExceeded',
        'A parameter version can have maximum 10 labels.Move one or more labels to another version and try again.',
      );
    }
    for (const other of this.versionsOf(name)) {
      for (const label of valid) other.labels.delete(label);
    }
    for (const label of valid) target.labels.add(label);
    return { invalidLabels, version: target.version };
  }
}

/** Byte-order comparison: AWS sorts names as raw strings, not by locale. */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function assertWritableName(name: string): void {
  if (name === '' || name.length > 2048) {
    throw validationError(
      `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must have length between 1 and 2048`,
    );
  }
  const bare = name.replace(/^\//, '');
  const validChars = /^[a-zA-Z0-9_.\-/]+$/.test(name);
  const hierarchical = name.includes('/');
  const wellFormedPath =
    !hierarchical || (name.startsWith('/') && !name.includes('//') && !name.endsWith('/'));
  if (!validChars || !wellFormedPath || /^(aws|ssm)/i.test(bare)) throw validationError(NAME_RULES);
  if (name.split('/').length - 1 > MAX_HIERARCHY_LEVELS) {
    throw new LocalSsmError(
      'HierarchyLevelLimitExceededException',
      'A hierarchy can have a maximum of 15 levels. For more information, see Requirements and constraints for parameter names in the Amazon Web Services Systems Manager User Guide.',
    );
  }
}

const TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'];

function resolveTier(
  requested: string | undefined,
  value: string,
  current: 'Standard' | 'Advanced' | undefined,
): 'Standard' | 'Advanced' {
  if (requested !== undefined && !TIERS.includes(requested)) {
    throw validationError(
      `1 validation error detected: Value '${requested}' at 'tier' failed to satisfy constraint: Member must satisfy enum value set: [Advanced, Intelligent-Tiering, Standard]`,
    );
  }
  // An advanced parameter never goes back to standard; intelligent tiering picks the smallest tier that fits.
  let tier: 'Standard' | 'Advanced' = 'Standard';
  if (requested === 'Advanced' || current === 'Advanced') tier = 'Advanced';
  if (requested === 'Intelligent-Tiering' && value.length > VALUE_LIMIT.Standard) tier = 'Advanced';
  if (value.length <= VALUE_LIMIT[tier]) return tier;
  if (tier === 'Standard') {
    throw validationError(
      'Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html',
    );
  }
  throw validationError(
    `1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length less than or equal to ${VALUE_LIMIT.Advanced}`,
  );
}

/** AWS's label rules: ≤ 100 characters of letters, digits, `.`, `-`, `_`; not starting with a digit, `aws` or `ssm`. */
export function isValidLabel(label: string): boolean {
  return (
    label.length > 0 &&
    label.length <= 100 &&
    /^[a-zA-Z0-9_.-]+$/.test(label) &&
    !/^\d/.test(label) &&
    !/^(aws|ssm)/i.test(label)
  );
}
