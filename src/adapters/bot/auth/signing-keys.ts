/**
 * The Bot Framework's token signing keys, fetched from an OpenID metadata document and its JWKS
 * and held in memory with bounds on everything an outsider can trigger: one fetch in flight
 * (concurrent requests share it), a deadline for the whole fetch, a size cap on the documents,
 * a minimum interval between refreshes caused by unknown key ids, and a back-off after a failed
 * fetch during which no new fetch starts. Keys once obtained keep being used when a refresh
 * fails, so an unreachable metadata host never turns valid tokens away.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';

/** One published signing key. */
export interface SigningKey {
  kid: string;
  key: KeyObject;
  /** Channels the key is endorsed for (Bot Framework extension of JWK); undefined when not published. */
  endorsements?: string[];
}

/** Options of {@link SigningKeyCache}. */
export interface SigningKeyCacheOptions {
  /** The OpenID metadata document (its `jwks_uri` names the keys). */
  metadataUrl: string;
  /** Deadline for one refresh, metadata and keys together (default 5 s). */
  fetchTimeoutInMs?: number;
  /** Keys older than this are refreshed in the background while still in use (default 12 h). */
  refreshIntervalInMs?: number;
  /** Shortest time between two refreshes (an unknown key id refreshes at most this often; default 5 min). */
  minRefreshIntervalInMs?: number;
  /** After a failed refresh, no new fetch starts for this long (default 30 s). */
  failureBackoffInMs?: number;
  /** Largest metadata or JWKS document read (default 256 KiB). */
  maxDocumentBytes?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** What a key lookup found. */
export type KeyLookup =
  | { kind: 'found'; key: SigningKey }
  | { kind: 'unknown-kid' }
  /** No keys were ever obtained; retry after this many seconds. */
  | { kind: 'unavailable'; retryAfterSeconds: number };

/** What the cache holds, for readiness reports and logs. */
export interface SigningKeyStatus {
  keys: number;
  fetchedAt?: string;
  lastError?: string;
  fetches: number;
}

class FetchFailure extends Error {
  override readonly name = 'FetchFailure';
}

async function readCapped(res: Response, maxBytes: number, what: string): Promise<unknown> {
  if (!res.ok) throw new FetchFailure(`${what} answered HTTP ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new FetchFailure(`${what} is larger than ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let total = 0;
  if (res.body) {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > maxBytes) throw new FetchFailure(`${what} is larger than ${maxBytes} bytes`);
      chunks.push(Buffer.from(chunk));
    }
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new FetchFailure(`${what} is not JSON`);
  }
}

function toSigningKeys(jwks: unknown): Map<string, SigningKey> {
  const keys = new Map<string, SigningKey>();
  const list = (jwks as { keys?: unknown })?.keys;
  if (!Array.isArray(list)) return keys;
  for (const jwk of list as Array<Record<string, unknown>>) {
    if (typeof jwk?.kid !== 'string' || jwk.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string')
      continue;
    try {
      const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
      const endorsements = Array.isArray(jwk.endorsements)
        ? jwk.endorsements.filter((x): x is string => typeof x === 'string')
        : undefined;
      keys.set(jwk.kid, { kid: jwk.kid, key, endorsements });
    } catch {
      // A key Node cannot import is skipped; the others still work.
    }
  }
  return keys;
}

/** Bounded, coalescing cache of the signing keys behind one OpenID metadata URL. */
export class SigningKeyCache {
  private keys: Map<string, SigningKey> | null = null;
  private fetchedAt = 0;
  private nextFetchAllowedAt = 0;
  private inFlight: Promise<void> | null = null;
  private lastError: string | undefined;
  private fetches = 0;
  private readonly opts: Required<Omit<SigningKeyCacheOptions, 'fetch' | 'now'>> & {
    fetch: typeof fetch;
    now: () => number;
  };

  constructor(options: SigningKeyCacheOptions) {
    this.opts = {
      fetchTimeoutInMs: 5_000,
      refreshIntervalInMs: 12 * 3_600_000,
      minRefreshIntervalInMs: 5 * 60_000,
      failureBackoffInMs: 30_000,
      maxDocumentBytes: 256 * 1024,
      fetch: globalThis.fetch.bind(globalThis),
      now: Date.now,
      ...options,
    };
  }

  /** Finds the key `kid`, fetching (once, bounded) only when that can help. Never throws. */
  async lookup(kid: string): Promise<KeyLookup> {
    const now = this.opts.now();
    const known = this.keys?.get(kid);
    if (known) {
      // Stale keys stay in use while a background refresh runs.
      if (now - this.fetchedAt >= this.opts.refreshIntervalInMs && now >= this.nextFetchAllowedAt) void this.refresh();
      return { kind: 'found', key: known };
    }
    if (now >= this.nextFetchAllowedAt || this.inFlight) await this.refresh();
    const key = this.keys?.get(kid);
    if (key) return { kind: 'found', key };
    if (this.keys) return { kind: 'unknown-kid' };
    return {
      kind: 'unavailable',
      retryAfterSeconds: Math.max(1, Math.ceil((this.nextFetchAllowedAt - this.opts.now()) / 1000)),
    };
  }

  /** Keys held and the last fetch error. */
  status(): SigningKeyStatus {
    return {
      keys: this.keys?.size ?? 0,
      fetchedAt: this.keys ? new Date(this.fetchedAt).toISOString() : undefined,
      lastError: this.lastError,
      fetches: this.fetches,
    };
  }

  /** Refreshes now unless a refresh is already running (then waits for that one). Never throws. */
  refresh(): Promise<void> {
    this.inFlight ??= this.fetchKeys().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async fetchKeys(): Promise<void> {
    this.fetches++;
    const signal = AbortSignal.timeout(this.opts.fetchTimeoutInMs);
    try {
      const metadata = await readCapped(
        await this.opts.fetch(this.opts.metadataUrl, { signal, redirect: 'error' }),
        this.opts.maxDocumentBytes,
        'the OpenID metadata',
      );
      const jwksUri = (metadata as { jwks_uri?: unknown })?.jwks_uri;
      if (typeof jwksUri !== 'string' || !/^https?:\/\//i.test(jwksUri))
        throw new FetchFailure('the OpenID metadata has no jwks_uri');
      const keys = toSigningKeys(
        await readCapped(
          await this.opts.fetch(jwksUri, { signal, redirect: 'error' }),
          this.opts.maxDocumentBytes,
          'the JWKS',
        ),
      );
      if (keys.size === 0) throw new FetchFailure('the JWKS holds no usable RSA key');
      this.keys = keys;
      this.fetchedAt = this.opts.now();
      this.nextFetchAllowedAt = this.fetchedAt + this.opts.minRefreshIntervalInMs;
      this.lastError = undefined;
    } catch (e) {
      const err = e as Error;
      this.lastError =
        err?.name === 'FetchFailure'
          ? err.message
          : signal.aborted
            ? `no answer within ${this.opts.fetchTimeoutInMs} ms`
            : `${err?.name ?? 'Error'}: ${err?.message ?? String(e)}${(err?.cause as { code?: string })?.code ? ` (${(err.cause as { code: string }).code})` : ''}`;
      this.nextFetchAllowedAt = this.opts.now() + this.opts.failureBackoffInMs;
    }
  }
}
