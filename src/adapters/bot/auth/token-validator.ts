/**
 * Validates the Bot Framework channel token on an incoming request, with the bounded key cache
 * ({@link SigningKeyCache}) instead of botframework-connector's unbounded OpenID fetch. Every
 * failure is a value (401, or 503 when no keys were ever obtained), never an exception, and the
 * reason stays in the log: response bodies never carry it.
 */
import { verify as verifySignature } from 'node:crypto';
import { parseJwt } from './jwt-parts.js';
import type { SigningKeyCache } from './signing-keys.js';

/** Bot Framework channel token issuer (public cloud). */
export const BOT_FRAMEWORK_TOKEN_ISSUER = 'https://api.botframework.com';

const HASH_OF: Record<string, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };
/** Clock skew tolerated on `exp` and `nbf`, as botframework-connector does. */
const CLOCK_TOLERANCE_SECONDS = 5 * 60;

/** What the validator checks a token against. */
export interface TokenValidatorOptions {
  keys: SigningKeyCache;
  /** The bot's app id: the token's `aud`. */
  appId: string;
  /** Expected `iss` (default {@link BOT_FRAMEWORK_TOKEN_ISSUER}). */
  issuer?: string;
  now?: () => number;
}

/** The parts of the activity the token is bound to. */
export interface TokenContext {
  channelId?: string;
  serviceUrl?: string;
}

/** A validation verdict. */
export type TokenVerdict =
  | { ok: true; claims: Record<string, unknown> }
  | { ok: false; status: 401; reason: string }
  | { ok: false; status: 503; reason: string; retryAfterSeconds: number };

function reject(reason: string): TokenVerdict {
  return { ok: false, status: 401, reason };
}

/** Validates `Authorization: Bearer <jwt>` headers for one bot. */
export class ChannelTokenValidator {
  private readonly issuer: string;
  private readonly now: () => number;

  constructor(private readonly options: TokenValidatorOptions) {
    this.issuer = options.issuer ?? BOT_FRAMEWORK_TOKEN_ISSUER;
    this.now = options.now ?? Date.now;
  }

  /** Checks the header; never throws. */
  async validate(authorization: string | undefined, context: TokenContext = {}): Promise<TokenVerdict> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match)
      return reject(authorization ? 'the Authorization header is not "Bearer <token>"' : 'no Authorization header');
    const jwt = parseJwt(match[1]!);
    if (!jwt) return reject('the token is not a well-formed JWT');
    const alg = jwt.header.alg;
    const hash = typeof alg === 'string' && Object.hasOwn(HASH_OF, alg) ? HASH_OF[alg] : undefined;
    if (!hash) return reject(`the token's algorithm ${JSON.stringify(alg)} is not allowed`);
    const kid = jwt.header.kid;
    if (typeof kid !== 'string' || !kid) return reject('the token names no signing key (kid)');
    // Cheap claim checks first, so forged tokens cost no key fetch.
    const claims = jwt.payload;
    if (claims.iss !== this.issuer) return reject('the token has the wrong issuer');
    if (claims.aud !== this.options.appId) return reject('the token is for another audience');
    const nowSeconds = this.now() / 1000;
    if (typeof claims.exp !== 'number') return reject('the token has no expiry');
    if (nowSeconds > claims.exp + CLOCK_TOLERANCE_SECONDS) return reject('the token has expired');
    if (
      claims.nbf !== undefined &&
      (typeof claims.nbf !== 'number' || nowSeconds < claims.nbf - CLOCK_TOLERANCE_SECONDS)
    )
      return reject('the token is not valid yet');

    const lookup = await this.options.keys.lookup(kid);
    if (lookup.kind === 'unavailable')
      return {
        ok: false,
        status: 503,
        reason: 'the signing keys could not be obtained',
        retryAfterSeconds: lookup.retryAfterSeconds,
      };
    if (lookup.kind === 'unknown-kid') return reject('the token is signed with an unknown key');
    let valid = false;
    try {
      valid = verifySignature(hash, Buffer.from(jwt.signingInput), lookup.key.key, jwt.signature);
    } catch {
      valid = false;
    }
    if (!valid) return reject('the token signature does not verify');
    // A key is endorsed for some channels only (botframework-connector's EndorsementsValidator).
    if (context.channelId && !lookup.key.endorsements?.includes(context.channelId))
      return reject('the signing key is not endorsed for this channel');
    if (context.serviceUrl && claims.serviceurl !== context.serviceUrl)
      return reject('the token was issued for another serviceUrl');
    return { ok: true, claims };
  }
}
