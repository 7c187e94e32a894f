/**
 * The vocabulary every layer shares: what a reference to a parameter is, what a path query is, and what SSM
 * returned for one parameter. Types only, so the layers above can all import them without importing each other.
 */
import type { ParameterStringFilter } from '@aws-sdk/client-ssm';

/** A parsed reference to one parameter. */
export interface ParameterReference {
  /** The exact string sent to SSM in `Names`: bare name or ARN, with its selector. */
  readonly request: string;
  /** The name without ARN prefix or selector: `/myapp/db` (hierarchical) or `plain`. */
  readonly name: string;
  /** The selector as SSM reports it in `Selector` (`:3`, `:prod`), or undefined. */
  readonly selector?: string;
  /** Set when the reference was an ARN: the partition, region and account it points at. */
  readonly arn?: { readonly partition: string; readonly region: string; readonly account: string };
  /** The JSON key to pick out of the value, from a `#key` suffix or the `jsonKey` option. */
  readonly jsonKey?: string;
  /** True for `/aws/reference/secretsmanager/…` names, which resolve to Secrets Manager secrets. */
  readonly isSecret: boolean;
}

export interface PathQuery {
  readonly path: string;
  readonly recursive: boolean;
  /** `Type` / `Label` filters, passed through to SSM. */
  readonly filters?: readonly ParameterStringFilter[];
}

/** A path to fetch, under an id the caller uses to find its outcome. */
export interface PathSource {
  readonly id: string;
  readonly query: PathQuery;
  /** Names under the path known ahead (from `middy-ssm-env manifest`): fetched by name instead of by path. */
  readonly manifest?: readonly string[];
}

/** One parameter as SSM returned it. */
export interface FetchedParameter {
  /** The bare name (never an ARN). */
  readonly name: string;
  readonly type: string;
  readonly value: string;
  /**
   * For a secret read with `fetchRotationDate`: its `NextRotationDate` (epoch ms), after which the value is due.
   */
  readonly rotatesAt?: number;
}

/**
 * A parsed reference to one Secrets Manager secret, read natively (`GetSecretValue` / `BatchGetSecretValue`), from
 * ECS's `valueFrom` syntax: `arn:<partition>:secretsmanager:<region>:<account>:secret:<id>[:json-key[:version-stage[:version-id]]]`.
 */
export interface SecretReference {
  /** The `SecretId` sent: a name, a full ARN or a partial ARN (without the 6-character suffix), without ECS's fields. */
  readonly secretId: string;
  /** What follows `secret:` in an ARN (the name, possibly with its suffix), or the name itself. */
  readonly name: string;
  /** Set when the reference was an ARN: the partition, region and account it points at. */
  readonly arn?: { readonly partition: string; readonly region: string; readonly account: string };
  /** ECS's `json-key`: the key to pick out of a JSON `SecretString`. */
  readonly jsonKey?: string;
  /** ECS's `version-stage` (`AWSPREVIOUS`, a custom staging label). */
  readonly versionStage?: string;
  /** ECS's `version-id`. */
  readonly versionId?: string;
  /**
   * The identity of one read: the secret and the version asked for. References that differ only in their JSON key
   * share it, so the secret is read once.
   */
  readonly request: string;
  /** The reference as written (a `valueFrom`), for messages. */
  readonly source: string;
}
