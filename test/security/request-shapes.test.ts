/**
 * No 5xx from any unauthenticated request shape (issue 11, "done when"): malformed bodies, odd
 * content types, other methods and paths, oversized headers, and activities with wrong-typed
 * fields, against the bot with and without an app id (the latter with its OpenID metadata host
 * unreachable, so only a well-formed token could see a 503 — none is sent here).
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../helpers/start-test-bot.js';

function send(url: string, method: string, body: string | undefined, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
const activity = (extra: Record<string, unknown>): string =>
  JSON.stringify({
    type: 'message',
    text: 'hi',
    conversation: { id: 'c' },
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: 'u' },
    ...extra,
  });

const SHAPES: Array<[string, string, string, string | undefined, Record<string, string>]> = [
  ['malformed JSON', 'POST', '/api/messages', '{bad json', JSON_TYPE],
  ['text/plain', 'POST', '/api/messages', 'hello', { 'content-type': 'text/plain' }],
  ['an empty JSON body', 'POST', '/api/messages', '', JSON_TYPE],
  ['no body and no content type', 'POST', '/api/messages', undefined, {}],
  ['a form body', 'POST', '/api/messages', 'a=1&b=2', { 'content-type': 'application/x-www-form-urlencoded' }],
  [
    'a broken multipart body',
    'POST',
    '/api/messages',
    '--x\r\nbroken',
    { 'content-type': 'multipart/form-data; boundary=x' },
  ],
  [
    'an unsupported charset',
    'POST',
    '/api/messages',
    activity({}),
    { 'content-type': 'application/json; charset=utf-16' },
  ],
  ['a JSON array', 'POST', '/api/messages', '[1,2]', JSON_TYPE],
  ['JSON null', 'POST', '/api/messages', 'null', JSON_TYPE],
  [
    'a 20 KB Authorization header',
    'POST',
    '/api/messages',
    activity({}),
    { ...JSON_TYPE, authorization: `Bearer ${'a'.repeat(20_000)}` },
  ],
  [
    'wrong-typed timestamps and ids',
    'POST',
    '/api/messages',
    activity({ timestamp: 'not a date', localTimestamp: 5, id: 7, replyToId: {} }),
    JSON_TYPE,
  ],
  ['a numeric text', 'POST', '/api/messages', activity({ text: 42 }), JSON_TYPE],
  ['a value that is a string', 'POST', '/api/messages', activity({ text: undefined, value: 'x' }), JSON_TYPE],
  ['an unknown invoke', 'POST', '/api/messages', activity({ type: 'invoke', name: 'x/y' }), JSON_TYPE],
  ['a bad query string', 'POST', '/api/messages?x=%zz', activity({}), JSON_TYPE],
  ['GET on the endpoint', 'GET', '/api/messages', undefined, {}],
  ['PUT on the endpoint', 'PUT', '/api/messages', '{}', JSON_TYPE],
  ['DELETE on the endpoint', 'DELETE', '/api/messages', undefined, {}],
  ['OPTIONS on the endpoint', 'OPTIONS', '/api/messages', undefined, {}],
  ['a malformed path', 'GET', '/%', undefined, {}],
  ['an unknown path', 'POST', '/api/other', '{}', JSON_TYPE],
];

describe.each([
  ['without an app id', {}],
  [
    'with an app id (metadata host unreachable)',
    {
      MicrosoftAppId: '6f1c2b7e-3d4a-4c5b-9e8f-0a1b2c3d4e5f',
      MicrosoftAppPassword: 'x',
      MicrosoftAppType: 'MultiTenant',
      KVBOT_SANDBOX: 'true',
      ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:9/v1/.well-known/openidconfiguration',
    },
  ],
])('unauthenticated request shapes %s', (_label, env: Record<string, string>) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot(env);
  });
  afterAll(async () => bot?.close());

  it.each(SHAPES)('%s gets no 5xx (501 aside)', async (_shape, method, route, body, headers) => {
    const status = await send(`${bot.url}${route}`, method, body, headers);
    expect(status).toBeGreaterThanOrEqual(200);
    expect(status === 501 || status < 500, `HTTP ${status}`).toBe(true);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });
});
