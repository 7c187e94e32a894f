import type { IncomingMessage } from 'node:http';

/**
 * The default cap on a request body: 1 MiB. The largest request either service accepts is far smaller: a
 * Secrets Manager value is at most 65,536 bytes (SecretString or SecretBinary), which JSON escaping can grow at most
 * sixfold (`\u0001`) and base64 by a third, so a PutSecretValue or CreateSecret body stays under 400 KiB; SSM's
 * largest, PutParameter, carries an 8 KB advanced-tier value. 1 MiB accepts every valid request with room to spare
 * and keeps a runaway client from making the server buffer hundreds of MiB.
 */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** A request body read up to the cap, or the news that it is larger. */
export type BodyResult = { kind: 'ok'; text: string } | { kind: 'tooLarge' };

/** Whether the declared `Content-Length` is already over the cap, so the body need not be read at all. */
export function declaresTooLarge(request: IncomingMessage, maxBytes: number): boolean {
  const declared = Number(request.headers['content-length']);
  return Number.isFinite(declared) && declared > maxBytes;
}

/**
 * Read a body as UTF-8, stopping as soon as it passes `maxBytes` (a chunked body declares no length): the stream is
 * paused and nothing more is buffered. Rejects if the request errors or is aborted mid-body.
 */
export function readCappedBody(request: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  if (declaresTooLarge(request, maxBytes)) {
    stopReading(request);
    return Promise.resolve({ kind: 'tooLarge' });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        cleanup();
        stopReading(request);
        chunks.length = 0;
        resolve({ kind: 'tooLarge' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve({ kind: 'ok', text: Buffer.concat(chunks).toString('utf8') });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onAborted = () => onError(new Error('The client aborted the request'));
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('aborted', onAborted);
  });
}

/**
 * Read no more of a request body. The stream is marked as consumed (a no-op data listener) so Node does not drain the
 * rest into nowhere once the response is out, then paused: what is left stays in the kernel and backpressure stops
 * the client.
 */
export function stopReading(request: IncomingMessage): void {
  request.on('data', () => undefined);
  request.pause();
}
