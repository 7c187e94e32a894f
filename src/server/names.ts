/**
 * Reading the names callers send: plain names, `name:version` / `name:label` selectors, parameter ARNs in every
 * partition, and `/aws/reference/secretsmanager/<id>[:stage|:versionId]` references.
 */

export const SECRET_REFERENCE_PREFIX = '/aws/reference/secretsmanager/';

/** Where the server pretends to live; used to build and check ARNs. */
export interface AccountScope {
  partition: string;
  region: string;
  accountId: string;
}

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;

/** The partition a region belongs to, as AWS assigns them. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function parameterArn(scope: AccountScope, name: string): string {
  const resource = name.startsWith('/') ? name : `/${name}`;
  return `arn:${scope.partition}:ssm:${scope.region}:${scope.accountId}:parameter${resource}`;
}

/** A `:3` or `:prod` suffix. `text` is the suffix as sent, colon included, which is what AWS echoes as `Selector`. */
export type Selector =
  | { kind: 'version'; version: number; text: string }
  | { kind: 'label'; label: string; text: string };

export type NameRequest =
  /** `candidates`: the names to look up, in order (an ARN's `parameter/foo` may mean `/foo` or `foo`). */
  | { kind: 'parameter'; candidates: readonly string[]; selector?: Selector }
  /** `referenceName`: the name without selector; `secretId`: what follows the reference prefix. */
  | { kind: 'secret'; referenceName: string; secretId: string; selector?: string }
  /** The ARN is well formed but names another account or region. */
  | { kind: 'foreign' }
  | { kind: 'malformed' };

/** Parse a requested name (plain, selector, ARN, or secret reference). */
export function parseRequestedName(requested: string, scope: AccountScope): NameRequest {
  if (requested.startsWith('arn:')) return parseArn(requested, scope);
  const [name = '', selectorText, ...rest] = requested.split(':');
  if (name === '' || rest.length > 0 || selectorText === '') return { kind: 'malformed' };
  if (name.startsWith(SECRET_REFERENCE_PREFIX)) {
    const secretId = name.slice(SECRET_REFERENCE_PREFIX.length);
    if (secretId === '') return { kind: 'malformed' };
    return { kind: 'secret', referenceName: name, secretId, selector: selectorText };
  }
  return { kind: 'parameter', candidates: [name], selector: toSelector(selectorText) };
}

function parseArn(requested: string, scope: AccountScope): NameRequest {
  // arn:<partition>:ssm:<region>:<account>:parameter/<name>[:<selector>]
  const [, partition = '', service, region, accountId, resource = '', selectorText, ...rest] =
    requested.split(':');
  const knownPartition = (PARTITIONS as readonly string[]).includes(partition);
  if (!knownPartition || service !== 'ssm' || !resource.startsWith('parameter/') || rest.length > 0) {
    return { kind: 'malformed' };
  }
  if (selectorText === '') return { kind: 'malformed' };
  if (partition !== scope.partition || region !== scope.region || accountId !== scope.accountId) {
    return { kind: 'foreign' };
  }
  const path = resource.slice('parameter'.length);
  // `parameter/foo` is the ARN of both `/foo` and `foo`; a deeper path always begins with a slash.
  const candidates = path.lastIndexOf('/') === 0 ? [path, path.slice(1)] : [path];
  return { kind: 'parameter', candidates, selector: toSelector(selectorText) };
}

function toSelector(text: string | undefined): Selector | undefined {
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text)) return { kind: 'version', version: Number(text), text: `:${text}` };
  return { kind: 'label', label: text, text: `:${text}` };
}

/** Whether `name` is `prefix` itself or lies below it (`/a` covers `/a` and `/a/b`, not `/ab`). */
export function isAtOrBelow(name: string, prefix: string): boolean {
  const base = trimTrailingSlash(prefix);
  if (base === '') return name.startsWith('/');
  return name === base || name.startsWith(`${base}/`);
}

export function trimTrailingSlash(path: string): string {
  return path.replace(/\/+$/, '');
}
