import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { LocalSsmError } from './errors.js';

/** A JSON response: a result, or an error with its type. */
export interface JsonReply {
  kind: 'json';
  status: number;
  body: object;
  errorType?: string;
}

/** What the server does with a call, decided before any latency is waited for. */
export type Reply =
  | JsonReply
  /** Never answer. */
  | { kind: 'hang' }
  /** Send the headers and part of `reply`'s body, then destroy the socket. */
  | { kind: 'reset'; reply: { status: number; body: object } }
  /** HTTP 200 whose body (the start of a valid one) is not valid JSON. */
  | { kind: 'malformed'; body: string };

const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** An AWS JSON 1.1 error: `__type` and `message` in the body, the type again in `x-amzn-ErrorType`. */
export function errorReply(error: LocalSsmError): JsonReply {
  return {
    kind: 'json',
    status: error.status,
    body: { __type: error.type, message: error.message, ...error.extra },
    errorType: error.type,
  };
}

export function sendReply(response: ServerResponse, reply: Exclude<Reply, { kind: 'hang' }>): void {
  if (reply.kind === 'json') {
    const headers: Record<string, string> =
      reply.errorType === undefined ? {} : { 'x-amzn-ErrorType': reply.errorType };
    send(response, reply.status, JSON.stringify(reply.body), headers);
    return;
  }
  if (reply.kind === 'malformed') {
    send(response, 200, reply.body, {});
    return;
  }
  const payload = Buffer.from(JSON.stringify(reply.reply.body));
  response.writeHead(reply.reply.status, headersFor(payload.length, {}));
  // Promise the whole body, deliver half, then drop the connection: the client sees it cut mid-response.
  response.write(payload.subarray(0, Math.floor(payload.length / 2)), () => response.destroy());
}

/** How long a refused connection may stay half-closed for the client to read the answer. */
const LINGER_MS = 1000;

/**
 * Answer a request whose body is over the cap, and close the connection instead of reading the rest. Node would end
 * the socket and destroy it at once; with unread body bytes still queued, destroying sends a TCP reset that can make
 * the client lose the answer. So the socket is only ended (FIN after the response) and destroyed a moment later, or
 * as soon as the client goes.
 */
export function sendAndClose(response: ServerResponse, reply: JsonReply): void {
  const { socket } = response;
  if (socket) {
    socket.destroySoon = () => {
      socket.end();
    };
    const timer = setTimeout(() => socket.destroy(), LINGER_MS).unref();
    socket.once('close', () => clearTimeout(timer));
  }
  response.shouldKeepAlive = false;
  send(response, reply.status, JSON.stringify(reply.body), {
    Connection: 'close',
    ...(reply.errorType === undefined ? {} : { 'x-amzn-ErrorType': reply.errorType }),
  });
}

function send(response: ServerResponse, status: number, text: string, extra: Record<string, string>): void {
  const payload = Buffer.from(text);
  response.writeHead(status, headersFor(payload.length, extra));
  response.end(payload);
}

function headersFor(length: number, extra: Record<string, string>): Record<string, string | number> {
  return {
    'Content-Type': CONTENT_TYPE,
    'Content-Length': length,
    'x-amzn-RequestId': randomUUID(),
    ...extra,
  };
}
