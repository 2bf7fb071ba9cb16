/**
 * Where the real bot process listens: without an app id (anyone who reaches the port can speak as
 * any user) only on loopback unless KVBOT_HOST says otherwise, and it says so at start-up. With
 * an app id and an unreachable OpenID metadata host, tokens get 503/401, never 500, and the
 * process writes only JSON log lines (no stack traces).
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBotProcess, type BotProcess } from '../helpers/bot-process.js';
import { ISSUER, newKey, signToken, unsignedToken } from './openid-server.js';

/** A non-loopback IPv4 address of this machine, if it has one. */
const externalAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

/** Whether a TCP connection to host:port is accepted. */
function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 2_000 });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

const dataDirs: string[] = [];
const bots: BotProcess[] = [];
async function start(env: Record<string, string>, name: string): Promise<BotProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-listen-'));
  dataDirs.push(dataDir);
  const bot = await startBotProcess({ env: { KVBOT_DATA_DIR: dataDir, KVBOT_WATCH_KNOWLEDGE: 'false', ...env }, name });
  bots.push(bot);
  return bot;
}

afterAll(async () => {
  for (const b of bots) await b.stop();
  for (const d of dataDirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('the listening interface of the bot process', () => {
  it('without an app id listens on loopback only and says so', async () => {
    const bot = await start({}, 'no-app-id');
    const listening = bot.logLines('info').find((l) => l.message === 'bot listening');
    expect(listening?.host).toBe('127.0.0.1');
    expect(bot.logLines('info').some((l) => String(l.message).includes('listening on loopback'))).toBe(true);
    expect(await connects('127.0.0.1', bot.port)).toBe(true);
    if (externalAddress) expect(await connects(externalAddress, bot.port)).toBe(false);
  }, 120_000);

  it('KVBOT_HOST=0.0.0.0 opts in to all interfaces, with a warning', async () => {
    const bot = await start({ KVBOT_HOST: '0.0.0.0' }, 'all-interfaces');
    expect(bot.logLines('info').find((l) => l.message === 'bot listening')?.host).toBe('0.0.0.0');
    expect(bot.logLines('warn').some((l) => String(l.message).includes('anyone who reaches this port'))).toBe(true);
    if (externalAddress) expect(await connects(externalAddress, bot.port)).toBe(true);
  }, 120_000);
});

describe('a bot process with an app id whose OpenID metadata host refuses connections', () => {
  it('answers 503 or 401, never 500, and logs only JSON lines', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise<void>((r) => closed.close(() => r()));
    const appId = '11111111-2222-4333-8444-555555555555';
    const bot = await start(
      {
        MicrosoftAppId: appId,
        MicrosoftAppPassword: 'x',
        MicrosoftAppType: 'MultiTenant',
        KVBOT_SANDBOX: 'true',
        ToBotFromChannelOpenIdMetadataUrl: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`,
      },
      'app-id',
    );
    const serviceUrl = 'http://127.0.0.1:9/';
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: ISSUER, aud: appId, serviceurl: serviceUrl, nbf: now, exp: now + 600 };
    const key = newKey('k1');
    const body = JSON.stringify({
      type: 'message',
      text: 'hi',
      channelId: 'msteams',
      conversation: { id: 'c' },
      serviceUrl,
      from: { id: 'u' },
    });
    const statuses: number[] = [];
    for (const token of [
      signToken(key, claims),
      unsignedToken('k1', claims),
      signToken(key, { ...claims, iss: 'x' }),
      'garbage',
    ]) {
      const res = await fetch(bot.messagesUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
        signal: AbortSignal.timeout(20_000),
      });
      statuses.push(res.status);
      expect(await res.text()).not.toMatch(/ECONNREFUSED|ENOTFOUND|fetch failed|\bat /);
    }
    expect(statuses).toEqual([503, 401, 401, 401]);
    // Node's own deprecation notices (restify) aside, every line is a JSON log line: no stack traces.
    const lines = bot
      .log()
      .split('\n')
      .filter((l) => l.trim() && !/^\(node:\d+\)|^\(Use `node --trace/.test(l));
    expect(lines.filter((l) => !l.startsWith('{'))).toEqual([]);
    expect(bot.logLines('warn').filter((l) => l.message === 'rejected a request token')).toHaveLength(4);
  }, 120_000);
});
