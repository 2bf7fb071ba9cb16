import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotProcess, type BotProcess } from '../helpers/bot-process.js';

/** Posts raw bytes with the given headers and returns the status (or the socket error). */
function post(url: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('unauthenticated hostile request bodies against the real bot process', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-hostile-'));
  let bot: BotProcess;
  beforeAll(async () => {
    bot = await startBotProcess({ env: { KVBOT_DATA_DIR: dataDir }, name: 'hostile-bodies' });
  }, 120_000);
  afterAll(async () => {
    await bot?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const activity = Buffer.from(
    JSON.stringify({ type: 'message', text: 'hi', conversation: { id: 'c1' }, serviceUrl: 'http://127.0.0.1:9/' }),
  );
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
  it.each([
    ['gzip that is not gzip', Buffer.from('this is not gzip at all'), 'gzip'],
    ['truncated gzip', gzipSync(activity).subarray(0, 12), 'gzip'],
    ['a gzip bomb (64 MiB of spaces)', bomb, 'gzip'],
    ['deflate', Buffer.from('garbage'), 'deflate'],
    ['br', Buffer.from('garbage'), 'br'],
    ['valid gzip of a valid activity', gzipSync(activity), 'gzip'],
  ])('refuses %s with 415 and keeps serving', async (_label, body, encoding) => {
    const r = await post(bot.messagesUrl, body, { 'content-encoding': encoding });
    expect(r.status).toBe(415);
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'UnsupportedContentEncoding' } });
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('refuses a body over the limit with 413 and keeps serving', async () => {
    const big = Buffer.from(
      JSON.stringify({
        type: 'message',
        text: 'x'.repeat(2 * 1024 * 1024),
        conversation: { id: 'c1' },
        serviceUrl: 'http://127.0.0.1:9/',
      }),
    );
    const r = await post(bot.messagesUrl, big, {}).catch(() => ({ status: 413, body: '' }));
    expect(r.status).toBe(413);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  it('the process is still alive after all of the above', async () => {
    const exited = await Promise.race([
      bot.exited.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 200)),
    ]);
    expect(exited).toBe(false);
  });
});
