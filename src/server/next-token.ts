import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Opaque, tamper-evident NextTokens: a cursor (the last name returned) tied to the query it came from and signed with
 * a per-server key. A token that was altered, comes from another server, or belongs to another query is invalid.
 */
export class NextTokenCodec {
  readonly #key = randomBytes(32);

  encode(query: string, after: string): string {
    const payload = Buffer.from(JSON.stringify({ q: fingerprint(query), a: after })).toString('base64url');
    return `${payload}.${this.#sign(payload)}`;
  }

  /** The cursor inside a token, or undefined if the token is not one this server issued for this query. */
  decode(token: string, query: string): string | undefined {
    const [payload = '', signature = '', ...rest] = token.split('.');
    if (rest.length > 0 || !this.#verify(payload, signature)) return undefined;
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!isCursor(parsed) || parsed.q !== fingerprint(query)) return undefined;
    return parsed.a;
  }

  #sign(payload: string): string {
    return createHmac('sha256', this.#key).update(payload).digest('base64url');
  }

  #verify(payload: string, signature: string): boolean {
    const expected = Buffer.from(this.#sign(payload));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

function fingerprint(query: string): string {
  return createHash('sha256').update(query).digest('base64url').slice(0, 16);
}

function isCursor(value: unknown): value is { q: string; a: string } {
  if (typeof value !== 'object' || value === null) return false;
  const { q, a } = value as Record<string, unknown>;
  return typeof q === 'string' && typeof a === 'string';
}
