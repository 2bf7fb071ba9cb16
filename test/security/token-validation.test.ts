/**
 * Bot Framework token validation over the real HTTP endpoint, against a local OpenID metadata +
 * JWKS server that signs with its own keys: a valid token gets the reply; every forged shape is a
 * 401 (never a 500, never internal text); an unreachable or silent metadata host is a 401/503
 * within the fetch deadline; keys once obtained keep serving users when the host goes away.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { MemoryStorage } from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/adapters/bot/bot-server.js';
import { createLogger } from '../../src/adapters/bot/logger.js';
import type { SigningKeyCacheOptions } from '../../src/adapters/bot/auth/signing-keys.js';
import { ProtocolClient } from '../../src/cli/chat/protocol-client.js';
import { FakeKnowledge } from '../helpers/fake-knowledge.js';
import { memoryFeedbackStores } from '../helpers/memory-feedback-stores.js';
import { isCard, textOf } from '../helpers/card-assertions.js';
import {
  ISSUER,
  hs256Token,
  newKey,
  signToken,
  startOpenIdServer,
  unsignedToken,
  type OpenIdServer,
} from './openid-server.js';

const APP_ID = '11111111-2222-4333-8444-555555555555';
const QUESTION = "why can't I list secrets in kv-payments?";

// Replies go to the local serviceUrl without an Entra token (there is no Entra here); the inbound
// check under test is the real one.
const noOutboundToken = {
  isValidAppId: async (id: string) => id === APP_ID,
  isAuthenticationDisabled: async () => false,
  createCredentials: async () => ({ signRequest: async (r: unknown) => r }),
} as unknown as ServiceClientCredentialsFactory;

interface AuthBot extends RunningBot {
  messagesUrl: string;
  logs: Array<Record<string, unknown>>;
}

async function startAuthBot(metadataUrl: string, signingKeys: Partial<SigningKeyCacheOptions> = {}): Promise<AuthBot> {
  const logs: Array<Record<string, unknown>> = [];
  const running = await startBot(
    loadConfig({
      PORT: '0',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-used',
      MicrosoftAppType: 'MultiTenant',
      KVBOT_SANDBOX: 'true',
      ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
    }),
    {
      knowledge: new FakeKnowledge(),
      stores: memoryFeedbackStores(),
      storage: new MemoryStorage(),
      logger: createLogger('debug', (l) => logs.push(JSON.parse(l) as Record<string, unknown>)),
      host: '127.0.0.1',
      signingKeys: { fetchTimeoutInMs: 1_000, ...signingKeys },
      outboundCredentials: noOutboundToken,
    },
  );
  return { ...running, messagesUrl: `${running.url}/api/messages`, logs };
}

function claims(serviceUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: ISSUER, aud: APP_ID, serviceurl: serviceUrl, nbf: now - 10, exp: now + 3600, ...overrides };
}

/** A client whose Authorization header the test sets per request. */
async function client(bot: AuthBot): Promise<{ c: ProtocolClient; headers: Record<string, string> }> {
  const headers: Record<string, string> = {};
  const c = await ProtocolClient.start({
    botUrl: bot.messagesUrl,
    channelId: 'msteams',
    conversationId: `a:${randomUUID()}`,
    headers,
    timeoutInMs: 10_000,
  });
  return { c, headers };
}

/** A closed loopback port: connections are refused. */
async function closedPortUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`;
}

const published = newKey('published-key');
const attacker = newKey('published-key'); // same kid, key not published

describe('with the OpenID metadata reachable', () => {
  let idp: OpenIdServer;
  let bot: AuthBot;
  beforeAll(async () => {
    idp = await startOpenIdServer([published]);
    bot = await startAuthBot(idp.metadataUrl);
  });
  afterAll(async () => {
    await bot?.close();
    await idp?.close();
  });

  it('a token signed by the published key gets 200 and the answer', async () => {
    const { c, headers } = await client(bot);
    headers.authorization = `Bearer ${signToken(published, claims(c.serviceUrl))}`;
    const r = await c.sendText(QUESTION);
    expect(r.status).toBe(200);
    const card = await c.waitFor((a) => isCard(a) && textOf(a).includes("Why can't I list or get secrets"));
    expect(card).toBeDefined();
    await c.close();
  });

  const forged: Array<[string, (serviceUrl: string) => string | undefined]> = [
    ['no Authorization header', () => undefined],
    ['a header that is not Bearer', () => 'Basic Zm9vOmJhcg=='],
    ['a token that is not a JWT', () => 'Bearer not.a-jwt'],
    ['a token signed by another key under the published kid', (u) => `Bearer ${signToken(attacker, claims(u))}`],
    ['alg: none', (u) => `Bearer ${unsignedToken(published.kid, claims(u))}`],
    [
      'HS256 keyed with the public key',
      (u) =>
        `Bearer ${hs256Token(published.kid, claims(u), published.publicKey.export({ type: 'spki', format: 'pem' }).toString())}`,
    ],
    [
      'an expired token',
      (u) =>
        `Bearer ${signToken(published, claims(u, { exp: Math.floor(Date.now() / 1000) - 3600, nbf: Math.floor(Date.now() / 1000) - 7200 }))}`,
    ],
    ['a token for another audience', (u) => `Bearer ${signToken(published, claims(u, { aud: 'another-bot' }))}`],
    [
      'a token from another issuer',
      (u) => `Bearer ${signToken(published, claims(u, { iss: 'https://sts.windows.net/attacker/' }))}`,
    ],
    ['a token for another serviceUrl', () => `Bearer ${signToken(published, claims('https://attacker.example/'))}`],
    ['a token under an unknown kid', (u) => `Bearer ${signToken(newKey('unknown-kid'), claims(u))}`],
  ];
  it.each(forged)('%s gets 401 with no internal detail and one JSON log line', async (_label, header) => {
    const { c, headers } = await client(bot);
    const value = header(c.serviceUrl);
    if (value) headers.authorization = value;
    const before = bot.logs.length;
    const r = await c.sendText(QUESTION);
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toEqual({ error: { code: 'Unauthorized', message: 'The request is not authorized.' } });
    expect(r.replies).toEqual([]);
    const lines = bot.logs.slice(before);
    expect(lines.filter((l) => l.message === 'rejected a request token')).toHaveLength(1);
    expect(lines.some((l) => 'stack' in l)).toBe(false);
    await c.close();
  });

  it('200 concurrent tokens under random unknown kids cause at most one extra key fetch', async () => {
    const { c, headers } = await client(bot);
    headers.authorization = `Bearer ${signToken(published, claims(c.serviceUrl))}`;
    const requestsBefore = idp.requests;
    const posts = Array.from({ length: 200 }, () =>
      fetch(bot.messagesUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${signToken(attacker, claims(c.serviceUrl), { kid: randomUUID() })}`,
        },
        body: JSON.stringify({
          type: 'message',
          text: 'hi',
          channelId: 'msteams',
          conversation: { id: 'x' },
          serviceUrl: c.serviceUrl,
          from: { id: 'u' },
        }),
        signal: AbortSignal.timeout(20_000),
      }).then((res) => res.status),
    );
    const statuses = await Promise.all(posts);
    expect(new Set(statuses)).toEqual(new Set([401]));
    // Keys were fetched moments ago, so no unknown kid may trigger a refresh (5 min minimum).
    expect(idp.requests - requestsBefore).toBe(0);
    // And valid users are still served.
    expect((await c.sendText(QUESTION)).status).toBe(200);
    await c.close();
  });
});

describe('with the OpenID metadata unreachable (connection refused)', () => {
  let bot: AuthBot;
  beforeAll(async () => {
    bot = await startAuthBot(await closedPortUrl());
  });
  afterAll(async () => bot?.close());

  it('a well-formed token gets 503 with Retry-After and no network error text, and the server keeps serving', async () => {
    const { c, headers } = await client(bot);
    headers.authorization = `Bearer ${signToken(published, claims(c.serviceUrl))}`;
    const r = await c.sendText(QUESTION);
    expect(r.status).toBe(503);
    expect(r.body).not.toMatch(/ECONNREFUSED|ENOTFOUND|fetch failed|at /);
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'AuthenticationUnavailable' } });
    const raw = await fetch(bot.messagesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: headers.authorization },
      body: JSON.stringify({
        type: 'message',
        text: 'x',
        channelId: 'msteams',
        conversation: { id: 'c' },
        serviceUrl: c.serviceUrl,
      }),
    });
    expect(raw.status).toBe(503);
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    await c.close();
  });

  it('forged tokens are still 401, not 500 or 503', async () => {
    const { c, headers } = await client(bot);
    for (const token of [
      unsignedToken(published.kid, claims(c.serviceUrl)),
      signToken(published, claims(c.serviceUrl, { aud: 'x' })),
    ]) {
      headers.authorization = `Bearer ${token}`;
      expect((await c.sendText('hi')).status).toBe(401);
    }
    await c.close();
  });
});

describe('with a metadata host that accepts connections and never answers', () => {
  let idp: OpenIdServer;
  let bot: AuthBot;
  beforeAll(async () => {
    idp = await startOpenIdServer([published]);
    idp.mode = 'silent';
    bot = await startAuthBot(idp.metadataUrl, { fetchTimeoutInMs: 1_000, failureBackoffInMs: 300 });
  });
  afterAll(async () => {
    await bot?.close();
    await idp?.close();
  });

  it('20 concurrent requests share one fetch and all get 503 within the deadline; once the host answers, users are served', async () => {
    const { c, headers } = await client(bot);
    headers.authorization = `Bearer ${signToken(published, claims(c.serviceUrl))}`;
    const body = JSON.stringify({
      type: 'message',
      text: 'x',
      channelId: 'msteams',
      conversation: { id: 'c' },
      serviceUrl: c.serviceUrl,
      from: { id: 'u' },
    });
    // The client gives up after 10 s: a request waiting on the silent host would fail here.
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(bot.messagesUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: headers.authorization! },
          body,
          signal: AbortSignal.timeout(10_000),
        }).then((r) => r.status),
      ),
    );
    expect(new Set(statuses)).toEqual(new Set([503]));
    expect(idp.requests).toBe(1);

    idp.mode = 'ok';
    await new Promise((r) => setTimeout(r, 400)); // past the failure back-off
    const r = await c.sendText(QUESTION);
    expect(r.status).toBe(200);
    await c.waitFor((a) => isCard(a) && textOf(a).includes("Why can't I list or get secrets"));
    await c.close();
  });
});

describe('when the metadata host goes away after keys were obtained', () => {
  let idp: OpenIdServer;
  let bot: AuthBot;
  const clients: ProtocolClient[] = [];
  beforeAll(async () => {
    idp = await startOpenIdServer([published]);
    // Keys count as stale at once, so every request would like a background refresh.
    bot = await startAuthBot(idp.metadataUrl, {
      refreshIntervalInMs: 1,
      minRefreshIntervalInMs: 1,
      failureBackoffInMs: 60_000,
    });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
  });
  afterAll(async () => {
    await bot?.close();
    await idp?.close();
  });

  it('valid users keep being served from the cached keys while the host is silent or failing', async () => {
    const first = await client(bot);
    clients.push(first.c);
    first.headers.authorization = `Bearer ${signToken(published, claims(first.c.serviceUrl))}`;
    expect((await first.c.sendText(QUESTION)).status).toBe(200);

    idp.mode = 'silent';
    for (const mode of ['silent', 'error'] as const) {
      idp.mode = mode;
      const other = await client(bot);
      clients.push(other.c);
      other.headers.authorization = `Bearer ${signToken(published, claims(other.c.serviceUrl))}`;
      const r = await other.c.sendText(QUESTION);
      expect(r.status).toBe(200);
      await other.c.waitFor((a) => isCard(a) && textOf(a).includes("Why can't I list or get secrets"));
    }
    const forged = await client(bot);
    clients.push(forged.c);
    forged.headers.authorization = `Bearer ${signToken(attacker, claims(forged.c.serviceUrl))}`;
    expect((await forged.c.sendText(QUESTION)).status).toBe(401);
  });
});
