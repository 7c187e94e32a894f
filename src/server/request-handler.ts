import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Accounting } from './accounting.js';
import { readCappedBody } from './body.js';
import { callerOf } from './caller.js';
import { internalServerError, LocalSsmError, requestTooLargeError } from './errors.js';
import type { FaultInjector } from './faults.js';
import { parseRequestBody } from './input.js';
import { errorReply, type JsonReply, type Reply, sendAndClose, sendReply } from './replies.js';
import type { ServiceApi } from './service.js';
import type { CallOutcome, ServiceName } from './types.js';

/** Everything a call goes through: the shared state of one server. */
export interface RequestPipeline {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly faults: FaultInjector;
  readonly accounting: Accounting;
  /** The services on this port, told apart by their `X-Amz-Target` prefix. */
  readonly services: readonly ServiceApi[];
  readonly maxBodyBytes: number;
}

/** Who a request is for, from its headers alone. */
interface Addressed {
  readonly service: ServiceApi | undefined;
  readonly operation: string;
  readonly caller: string;
}

/**
 * The order a call goes through: the body cap, throttling (a token is taken on arrival, as the quota counts
 * requests; each service has its own quota), injected faults, then the operation itself; the reply waits for the
 * configured latency. Every call is recorded.
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

/** Refuse a body over the cap, whatever it holds: respond, record, and close without reading the rest. */
export function refuseTooLarge(
  pipeline: RequestPipeline,
  request: IncomingMessage,
  response: ServerResponse,
  at: number,
): void {
  const addressed = address(pipeline, request);
  const reply = errorReply(requestTooLargeError(pipeline.maxBodyBytes));
  record(pipeline, at, addressed, reply);
  sendAndClose(response, reply);
}

async function handle(
  pipeline: RequestPipeline,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const at = pipeline.now();
  const body = await readCappedBody(request, pipeline.maxBodyBytes);
  if (body.kind === 'tooLarge') {
    refuseTooLarge(pipeline, request, response, at);
    return;
  }
  const addressed = address(pipeline, request);
  const reply = decide(pipeline, addressed, body.text);
  record(pipeline, at, addressed, reply);
  if (reply.kind === 'hang') return;
  const latency = pipeline.faults.latencyFor(addressed.operation);
  if (latency > 0) await pipeline.sleep(latency);
  if (response.destroyed) return;
  sendReply(response, reply);
}

function address(pipeline: RequestPipeline, request: IncomingMessage): Addressed {
  const target = request.headers['x-amz-target'];
  const text = typeof target === 'string' ? target : '';
  const service = pipeline.services.find((candidate) => text.startsWith(candidate.targetPrefix));
  return {
    service,
    operation: service ? text.slice(service.targetPrefix.length) : '',
    caller: callerOf(request.headers.authorization),
  };
}

function record(pipeline: RequestPipeline, at: number, addressed: Addressed, reply: Reply): void {
  const service: ServiceName | 'unknown' = addressed.service?.name ?? 'unknown';
  pipeline.accounting.record({
    at,
    operation: addressed.operation || 'Unknown',
    service,
    caller: addressed.caller,
    ...outcomeOf(reply),
  });
}

function decide(pipeline: RequestPipeline, addressed: Addressed, raw: string): Reply {
  const { service, operation, caller } = addressed;
  const run = service?.operation(operation);
  if (!service || !run) {
    return errorReply(new LocalSsmError('UnknownOperationException', `Unknown operation: '${operation}'.`));
  }
  const verdict = service.throttle.take(operation);
  if (!verdict.allowed) return errorReply(service.throttlingError(verdict.quotaCode));
  const fault = pipeline.faults.next(operation, caller, service.name);
  if (fault === 'hang') return { kind: 'hang' };
  if (fault === 'malformed') return { kind: 'malformed', body: service.malformedBody };
  if (fault !== undefined && fault !== 'reset')
    return errorReply(service.faultError(fault, operation, caller, raw));
  const reply = execute(() => run(parseRequestBody(raw), caller));
  if (fault === 'reset') return { kind: 'reset', reply };
  return reply;
}

function execute(run: () => object): JsonReply {
  try {
    return { kind: 'json', status: 200, body: run() };
  } catch (error) {
    if (error instanceof LocalSsmError) return errorReply(error);
    // A bug in the emulator: answer 500 as AWS would, but name the cause so it can't pass unnoticed.
    const reason = error instanceof Error ? error.message : String(error);
    return errorReply(new LocalSsmError('InternalServerError', `Local SSM server error: ${reason}`, 500));
  }
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
