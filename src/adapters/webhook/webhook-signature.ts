/**
 * HMAC-SHA256 signatures for webhook deliveries, in the `sha256=<hex>` form GitHub made familiar.
 * Receivers verify with `verifySignature` over the raw request body, before parsing it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries the signature. */
export const SIGNATURE_HEADER = 'X-KVBot-Signature';
/** The header that carries the delivery id (the same on every retry, for de-duplication). */
export const DELIVERY_HEADER = 'X-KVBot-Delivery';
/** The header that carries the event name, e.g. `case.opened`. */
export const EVENT_HEADER = 'X-KVBot-Event';

/** `sha256=<hex HMAC-SHA256 of body with secret>`. */
export function signBody(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * True when `header` is the valid signature of the raw `body` under `secret`. Compares in
 * constant time; a missing, malformed or wrong-length header is simply false.
 */
export function verifySignature(
  body: string | Buffer,
  header: string | string[] | undefined | null,
  secret: string,
): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string' || !secret) return false;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(value.trim());
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1].toLowerCase(), 'hex');
  const expected = Buffer.from(signBody(body, secret).slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
