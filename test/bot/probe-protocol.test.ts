import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createAzureDirectoryFromConfig } from '../../src/adapters/azure/index.js';
import { ProbeService } from '../../src/core/probes/probe-service.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { ProtocolClient } from '../../src/adapters/bot/protocol-client.js';
import { createProbeRoutes } from '../../dialogs/probe/create-probe-routes.js';
import type { ProbeConsent } from '../../dialogs/probe/probe-consent.js';
import { vaultApproverCheck } from '../../dialogs/probe/vault-approvers.js';
import { button, textOf } from '../helpers/card-assertions.js';
import { MemoryRecordStore } from '../helpers/memory-record-store.js';
import { startTestBot, type TestBot } from '../helpers/start-test-bot.js';

const isCard = (a: { attachments?: unknown[] }): boolean => (a.attachments?.length ?? 0) > 0;

describe('probe with consent over the Bot Framework protocol (sandbox emulator)', () => {
  let emu: RunningEmulator;
  let bot: TestBot;
  let client: ProtocolClient;

  beforeAll(async () => {
    emu = await startEmulator({ fixture: 'fixtures/demo-tenant.json', port: 0 });
    const directory = await createAzureDirectoryFromConfig(loadConfig({}).azure, {
      emulatorUrl: emu.url, emulatorCaPem: emu.caPem, subscriptionIds: emu.state.fixture.subscriptions.map((s) => s.subscriptionId),
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
    emu.requestLog.length = 0;
    const asked = await client.sendText("I can't list secrets in kv-payments");
    expect(asked.status).toBe(200);
    const consent = asked.replies.find(isCard);
    expect(textOf(consent)).toContain('May I check kv-payments for you?');
    expect(textOf(consent)).toContain('On behalf of: Alex Wilber (00000000-0000-0000-0000-0000000000020)');
    expect(emu.requestLog).toEqual([]);

    const ran = await client.sendSubmit(button(consent, 'Run').data, consent?.id);
    expect(ran.status).toBe(200);
    const verdict = ran.replies.find(isCard);
    const text = textOf(verdict);
    expect(text).toContain('🧪 Sandbox — emulated tenant');
    expect(text).toContain('⛔ denied — permission-check: secrets/list on kv-payments');
    expect(emu.requestLog.length).toBeGreaterThan(0);
    expect(emu.requestLog.every((r) => r.method === 'GET' || (r.method === 'POST' && r.path.startsWith('/v1.0/')))).toBe(true);

    const replay = await client.sendSubmit(button(consent, 'Run').data, consent?.id);
    expect(replay.replies.map((a) => a.text).join(' ')).toMatch(/already been run/);
  });
});
