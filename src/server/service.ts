import type { LocalSsmError } from './errors.js';
import type { RequestBody } from './input.js';
import type { Throttle } from './throttle.js';
import type { FaultKind, ServiceName } from './types.js';

/** The faults that answer with an error body (the others change how, or whether, the server answers). */
export type ErrorFault = Exclude<FaultKind, 'hang' | 'malformed' | 'reset'>;

/** Runs one operation for one caller: the response body, or a thrown LocalSsmError. */
export type BoundOperation = (body: RequestBody, caller: string) => object;

/**
 * One AWS service the server speaks, recognised by its `X-Amz-Target` prefix. The request pipeline (throttling,
 * faults, accounting, latency) is shared; what differs per service is here.
 */
export interface ServiceApi {
  readonly name: ServiceName;
  /** `AmazonSSM.` or `secretsmanager.`: what `X-Amz-Target` starts with. */
  readonly targetPrefix: string;
  /** The service's own quota. */
  readonly throttle: Throttle;
  /** What a `malformed` fault sends: the start of a response of this service, cut short. */
  readonly malformedBody: string;
  /** The operation of that name, or undefined if the service has none. */
  operation(name: string): BoundOperation | undefined;
  throttlingError(quotaCode: string): LocalSsmError;
  /** The error an injected fault sends, in this service's words. */
  faultError(fault: ErrorFault, operation: string, caller: string, raw: string): LocalSsmError;
}
