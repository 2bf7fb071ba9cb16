/**
 * A local stand-in for login.botframework.com: an OpenID metadata document and its JWKS over
 * HTTP, with its own RSA keys, and a signer for Bot Framework channel tokens. Its mode says how
 * it behaves: `ok`, `silent` (accepts the connection and never answers) or `error` (HTTP 500).
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

/** Bot Framework channel token issuer. */
export const ISSUER = 'https://api.botframework.com';

/** A signing key pair with its key id. */
export interface TestKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A fresh 2048-bit RSA key under `kid`. */
export function newKey(kid: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A compact JWS of `claims` signed RS256 with `key` (header overrides allowed). */
export function signToken(key: TestKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header })}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}

/** An unsigned token (`alg: none`). */
export function unsignedToken(kid: string, claims: Record<string, unknown>): string {
  return `${b64({ alg: 'none', typ: 'JWT', kid })}.${b64(claims)}.`;
}

/** An HS256 token whose HMAC secret is `secret` (e.g. the public key's PEM: the classic confusion attack). */
export function hs256Token(kid: string, claims: Record<string, unknown>, secret: string): string {
  const input = `${b64({ alg: 'HS256', typ: 'JWT', kid })}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** The metadata server. */
export interface OpenIdServer {
  metadataUrl: string;
  mode: 'ok' | 'silent' | 'error';
  /** Requests received, metadata and JWKS together. */
  requests: number;
  close(): Promise<void>;
}

/** Starts the server publishing `keys` (each endorsed for msteams and emulator). */
export async function startOpenIdServer(keys: TestKey[]): Promise<OpenIdServer> {
  const sockets = new Set<Socket>();
  const state: OpenIdServer = { metadataUrl: '', mode: 'ok', requests: 0, close: async () => undefined };
  const server = http.createServer((req, res) => {
    state.requests++;
    if (state.mode === 'silent') return; // never answers
    if (state.mode === 'error') {
      res.statusCode = 500;
      return res.end('boom');
    }
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      return res.end(
        JSON.stringify({
          issuer: ISSUER,
          jwks_uri: `${base}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    }
    if (req.url === '/v1/.well-known/keys') {
      return res.end(
        JSON.stringify({
          keys: keys.map((k) => ({
            ...k.publicKey.export({ format: 'jwk' }),
            kid: k.kid,
            use: 'sig',
            endorsements: ['msteams', 'emulator'],
          })),
        }),
      );
    }
    res.statusCode = 404;
    res.end('{}');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.metadataUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/.well-known/openidconfiguration`;
  state.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}
