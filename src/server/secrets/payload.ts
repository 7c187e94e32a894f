import type { SecretPayload } from './store.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Whether `text` is canonical base64 (padded, no whitespace), as JSON 1.1 carries blobs. */
export function isBase64(text: string): boolean {
  return BASE64.test(text);
}

/** A harness value: a string is a SecretString, bytes are a SecretBinary. */
export function payloadOf(value: string | Uint8Array): SecretPayload {
  return typeof value === 'string'
    ? { kind: 'string', text: value }
    : { kind: 'binary', bytes: Buffer.from(value) };
}

/** A seed value: a SecretString, or with `binary`, the base64 of a SecretBinary (checked by the seed parser). */
export function seedPayload(value: string, binary: boolean | undefined): SecretPayload {
  return binary ? { kind: 'binary', bytes: Buffer.from(value, 'base64') } : { kind: 'string', text: value };
}
