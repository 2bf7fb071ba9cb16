/**
 * Splits a compact JWS (`header.payload.signature`) into its decoded parts without trusting any
 * of them: the caller checks the algorithm, the signature and the claims.
 */

/** The decoded parts of a compact JWS. */
export interface JwtParts {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** `header.payload` as sent: the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
}

/** Longest token accepted; Bot Framework tokens are about 1–2 KiB. */
export const MAX_TOKEN_CHARS = 16 * 1024;

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodeJson(segment: string): Record<string, unknown> | undefined {
  if (!BASE64URL.test(segment)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The parts of `token`, or undefined when it is not a well-formed compact JWS. */
export function parseJwt(token: string): JwtParts | undefined {
  if (token.length > MAX_TOKEN_CHARS) return undefined;
  const segments = token.split('.');
  if (segments.length !== 3) return undefined;
  const [h, p, s] = segments as [string, string, string];
  const header = decodeJson(h);
  const payload = decodeJson(p);
  if (!header || !payload || !BASE64URL.test(s)) return undefined;
  return { header, payload, signingInput: `${h}.${p}`, signature: Buffer.from(s, 'base64url') };
}
