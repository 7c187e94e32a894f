import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessPolicy } from './access.js';
import type { Accounting } from './accounting.js';
import { callerOf } from './caller.js';
import {
  accessDeniedError,
  internalServerError,
  invalidKeyIdError,
  LocalSsmError,
  serviceUnavailableError,
  throttlingError,
} from './errors.js';
import type { FaultInjector } from './faults.js';
import { parseRequestBody } from './input.js';
import { type AccountScope, parameterArn } from './names.js';
import { isSsmOperation, OPERATIONS, type OperationContext } from './operations/index.js';
import { errorReply, type Reply, readBody, sendReply } from './replies.js';
import type { Throttle } from './throttle.js';
import type { CallOutcome, FaultKind, SsmOperation } from './types.js';

const TARGET_PREFIX = 'AmazonSSM.';

/** Everything a call goes through: the shared state of one server. */
export interface RequestPipeline {
  readonly scope: AccountScope;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly throttle: Throttle;
  readonly faults: FaultInjector;
  readonly access: AccessPolicy;
  readonly accounting: Accounting;
  /** The operation context for one caller. */
  contextFor(caller: string): OperationContext;
}

/**
 * The order a call goes through: throttling (a token is taken on arrival, as the quota counts requests), injected
 * faults, then the operation itself; the reply waits for the configured latency. Every call is recorded.
 */
export function createRequestHandler(
  pipeline: RequestPipeline,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    handle(pipeline, request, response).catch(() => {
      // Reading the body failed: the client went away mid-request, or the server is closing.
      if (!response.headersSent && !response.destroyed)
        sendReply(response, errorReply(internalServerError()));
    });
  };
}

async function handle(
  pipeline: RequestPipeline,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const at = pipeline.now();
  const raw = await readBody(request);
  const target = request.headers['x-amz-target'];
  const operation =
    typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  const caller = callerOf(request.headers.authorization);
  const reply = decide(pipeline, operation, caller, raw);
  pipeline.accounting.record({ at, operation: operation || 'Unknown', caller, ...outcomeOf(reply) });
  if (reply.kind === 'hang') return;
  const latency = pipeline.faults.latencyFor(operation);
  if (latency > 0) await pipeline.sleep(latency);
  if (response.destroyed) return;
  sendReply(response, reply);
}

function decide(pipeline: RequestPipeline, operation: string, caller: string, raw: string): Reply {
  if (!isSsmOperation(operation)) {
    return errorReply(new LocalSsmError('UnknownOperationException', `Unknown operation: '${operation}'.`));
  }
  const verdict = pipeline.throttle.take(operation);
  if (!verdict.allowed) return errorReply(throttlingError(verdict.quotaCode));
  const fault = pipeline.faults.next(operation, caller);
  if (fault === 'hang' || fault === 'malformed') return { kind: fault };
  if (fault !== undefined && fault !== 'reset')
    return errorReply(faultError(pipeline, fault, operation, caller, raw));
  const reply = execute(pipeline, operation, caller, raw);
  if (fault === 'reset' && reply.kind === 'json') return { kind: 'reset', reply };
  return reply;
}

function execute(pipeline: RequestPipeline, operation: SsmOperation, caller: string, raw: string): Reply {
  try {
    const body = OPERATIONS[operation](parseRequestBody(raw), pipeline.contextFor(caller));
    return { kind: 'json', status: 200, body };
  } catch (error) {
    if (error instanceof LocalSsmError) return errorReply(error);
    // A bug in the emulator: answer 500 as AWS would, but name the cause so it can't pass unnoticed.
    const reason = error instanceof Error ? error.message : String(error);
    return errorReply(new LocalSsmError('InternalServerError', `Local SSM server error: ${reason}`, 500));
  }
}

function faultError(
  pipeline: RequestPipeline,
  fault: Exclude<FaultKind, 'hang' | 'malformed' | 'reset'>,
  operation: SsmOperation,
  caller: string,
  raw: string,
): LocalSsmError {
  switch (fault) {
    case 'internalError':
      return internalServerError();
    case 'serviceUnavailable':
      return serviceUnavailableError();
    case 'throttle':
      return throttlingError('local-injected-fault');
    case 'invalidKeyId':
      return invalidKeyIdError();
    case 'accessDenied':
      return accessDeniedError(
        pipeline.access.principalArn(caller),
        `ssm:${operation}`,
        resourceArnOf(pipeline.scope, raw),
      );
  }
}

/** The ARN of the parameter or path a request names, for the resource in an AccessDeniedException message. */
function resourceArnOf(scope: AccountScope, raw: string): string {
  let first: unknown;
  try {
    const body = parseRequestBody(raw);
    first = Array.isArray(body.Names) ? body.Names[0] : (body.Name ?? body.Path);
  } catch {
    first = undefined;
  }
  if (typeof first !== 'string') return parameterArn(scope, '*');
  return first.startsWith('arn:') ? first : parameterArn(scope, first);
}

function outcomeOf(reply: Reply): { outcome: CallOutcome; errorType?: string } {
  if (reply.kind === 'hang') return { outcome: 'failed', errorType: 'Hang' };
  if (reply.kind === 'reset') return { outcome: 'failed', errorType: 'ConnectionReset' };
  if (reply.kind === 'malformed') return { outcome: 'failed', errorType: 'MalformedResponse' };
  if (reply.errorType === undefined) return { outcome: 'ok' };
  return {
    outcome: reply.errorType === 'ThrottlingException' ? 'throttled' : 'failed',
    errorType: reply.errorType,
  };
}
