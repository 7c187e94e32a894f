import { accessDeniedError, type LocalSsmError } from './errors.js';
import { type AccountScope, isAtOrBelow, trimTrailingSlash } from './names.js';

/**
 * Denied path prefixes and secret-name prefixes, standing in for IAM scoping. GetParametersByPath is authorized on the
 * requested path only, so a call on an ancestor of a denied prefix still succeeds and returns what lies below it, as
 * on AWS. A secret prefix denies as IAM's `secret:<prefix>*` resource would.
 */
export class AccessPolicy {
  readonly #denied = new Set<string>();
  readonly #deniedSecrets = new Set<string>();

  constructor(private readonly scope: AccountScope) {}

  deny(prefix: string): void {
    if (!prefix.startsWith('/'))
      throw new TypeError(`Expected a path prefix starting with '/', got '${prefix}'`);
    this.#denied.add(trimTrailingSlash(prefix));
  }

  allow(prefix: string): void {
    this.#denied.delete(trimTrailingSlash(prefix));
  }

  denySecret(prefix: string): void {
    if (prefix === '') throw new TypeError('Expected a non-empty secret name prefix');
    this.#deniedSecrets.add(prefix);
  }

  allowSecret(prefix: string): void {
    this.#deniedSecrets.delete(prefix);
  }

  clear(): void {
    this.#denied.clear();
    this.#deniedSecrets.clear();
  }

  /** The AccessDeniedException for `action` on a secret (by its name), or undefined if allowed. */
  checkSecret(
    action: string,
    secretName: string,
    caller: string,
    resourceArn: string,
  ): LocalSsmError | undefined {
    const denied = [...this.#deniedSecrets].some((prefix) => secretName.startsWith(prefix));
    return denied ? accessDeniedError(this.principalArn(caller), action, resourceArn) : undefined;
  }

  /** The AccessDeniedException for `action` on a parameter name or path, or undefined if allowed. */
  check(action: string, nameOrPath: string, caller: string, resourceArn: string): LocalSsmError | undefined {
    const denied = [...this.#denied].some((prefix) =>
      isAtOrBelow(trimTrailingSlash(nameOrPath) || '/', prefix),
    );
    return denied ? accessDeniedError(this.principalArn(caller), action, resourceArn) : undefined;
  }

  /** The role session a caller's key stands for in IAM messages. */
  principalArn(caller: string): string {
    return `arn:${this.scope.partition}:sts::${this.scope.accountId}:assumed-role/local-ssm-role/${caller}`;
  }
}
