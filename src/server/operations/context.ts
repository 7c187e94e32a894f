import type { AccessPolicy } from '../access.js';
import type { RequestBody } from '../input.js';
import type { AccountScope } from '../names.js';
import type { NextTokenCodec } from '../next-token.js';
import type { Pager } from '../paging.js';
import type { ParameterStore } from '../parameter-store.js';
import type { SecretStore } from '../secrets/store.js';
import type { Dialect } from '../types.js';

/** What an operation handler may use: the stores, the access policy, paging, and who is calling. */
export interface OperationContext {
  readonly scope: AccountScope;
  readonly parameters: ParameterStore;
  readonly secrets: SecretStore;
  readonly access: AccessPolicy;
  readonly pager: Pager;
  readonly tokens: NextTokenCodec;
  readonly caller: string;
  readonly dialect: Dialect;
}

/** Handles one SSM operation: returns the response body, or throws a LocalSsmError. */
export type OperationHandler = (body: RequestBody, context: OperationContext) => object;

/** A `Parameter` as SSM returns it. */
export interface ParameterResponse {
  Name: string;
  Type: string;
  Value: string;
  Version: number;
  Selector?: string;
  SourceResult?: string;
  /** Epoch seconds, the JSON 1.1 timestamp format. */
  LastModifiedDate: number;
  ARN: string;
  DataType?: string;
}
