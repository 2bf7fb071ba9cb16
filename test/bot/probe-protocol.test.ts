import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createAzureDirectoryFromConfig } from '../../src/adapters/azure/index.js';
import { ProbeService } from '../../src/core/probes/probe-service.js';
import type { RequestLogEntry } from '../../src/emulator/index.js';
import { ProtocolClient } from '../../src/adapters/bot/protocol-client.js';
import { createProbeRoutes } from '../../dialogs/probe/create-probe-routes.js';
import type { ProbeConsent } from '../../dialogs/probe/probe-consent.js';
import { vaultApproverCheck } from '../../dialogs/probe/vault-approvers.js';
import { button, textOf } from '../helpers/card-assertions.js';
import { MemoryRecordStore } from '../helpers/memory-record-store.js';
import { startTestBot, type TestBot } from '../helpers/start-test-bot.js';

const isCard = (a: { attachments?: unknown[] }): boolean => (a.attachments?.length ?? 0) > 0;

/**
 * The emulator runs in a child process (`kvbot emulator`) for now: restify, loaded in this
 * process by the bot server, patches http.ServerResponse.prototype.writeHead so it no longer
 * returns the response, and the emulator's `res.writeHead(...).end(...)` then fails in-process.
 * Its request log is read through the control API.
 */
interface ChildEmulator {
  url: string;
  caPem: string;
  subscriptionIds: string[];
  requests(): Promise<RequestLogEntry[]>;
  clearRequests(): Promise<void>;
  close(): Promise<void>;
}

async function startChildEmulator(): Promise<ChildEmulator> {
  const root = path.resolve(__dirname, '../..');
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/main.ts', 'emulator', '--fixture', 'fixtures/demo-tenant.json', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const { url, caFile } = await new Promise<{ url: string; caFile: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (https:\/\/\S+)[\s\S]*CA file: (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, caFile: m[2]! });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`emulator exited (${code}): ${out}`)));
  });
  const caPem = readFileSync(caFile, 'utf8');
  const control = (method: string) => new Promise<string>((resolve, reject) => {
    const req = https.request(`${url}/_emulator/requests`, { method, ca: caPem }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
  const fixture = JSON.parse(readFileSync(path.join(root, 'fixtures/demo-tenant.json'), 'utf8')) as { subscriptions: Array<{ subscriptionId: string }> };
  return {
    url, caPem, subscriptionIds: fixture.subscriptions.map((s) => s.subscriptionId),
    requests: async () => {
      const body = JSON.parse(await control('GET')) as { value: RequestLogEntry[] };
      return body.value;
    },
    clearRequests: async () => { await control('DELETE'); },
    close: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGINT');
    }),
  };
}

describe('probe with consent over the Bot Framework protocol (sandbox emulator)', () => {
  let emu: ChildEmulator;
  let bot: TestBot;
  let client: ProtocolClient;

  beforeAll(async () => {
    emu = await startChildEmulator();
    const directory = await createAzureDirectoryFromConfig(loadConfig({}).azure, {
      emulatorUrl: emu.url, emulatorCaPem: emu.caPem, subscriptionIds: emu.subscriptionIds,
    });
    bot = await startTestBot({}, createProbeRoutes({
      probes: new ProbeService(directory),
      consents: new MemoryRecordStore<ProbeConsent>(),
      isApprover: vaultApproverCheck(directory),
      identity: { sandbox: directory.sandbox, botName: 'KV Bot' },
    }));
    client = await ProtocolClient.start({ botUrl: bot.messagesUrl });
  });

  afterAll(async () => {
    await client?.close();
    await bot?.close();
    await emu?.close();
  });

  it('"I can\'t list secrets in kv-payments" → consent card → Run → verdict card (denied, sandbox)', async () => {
    await emu.clearRequests();
    const asked = await client.sendText("I can't list secrets in kv-payments");
    expect(asked.status).toBe(200);
    const consent = asked.replies.find(isCard);
    expect(textOf(consent)).toContain('May I check kv-payments for you?');
    expect(textOf(consent)).toContain('On behalf of: Alex Wilber (00000000-0000-0000-0000-0000000000020)');
    expect(await emu.requests()).toEqual([]);

    const ran = await client.sendSubmit(button(consent, 'Run').data, consent?.id);
    expect(ran.status).toBe(200);
    const verdict = ran.replies.find(isCard);
    const text = textOf(verdict);
    expect(text).toContain('🧪 Sandbox — emulated tenant');
    expect(text).toContain('⛔ denied — permission-check: secrets/list on kv-payments');
    const log = await emu.requests();
    expect(log.length).toBeGreaterThan(0);
    expect(log.filter((r) => !(r.method === 'GET' || (r.method === 'POST' && r.path.startsWith('/v1.0/'))))).toEqual([]);

    const replay = await client.sendSubmit(button(consent, 'Run').data, consent?.id);
    expect(replay.replies.map((a) => a.text).join(' ')).toMatch(/already been run/);
  });
});
