import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolClient } from '../../src/cli/chat/protocol-client.js';
import { button, isCard, textOf } from '../helpers/card-assertions.js';
import {
  expectOnlyReads,
  sandboxProbeRoutes,
  startSandboxAzure,
  type SandboxAzure,
} from '../helpers/sandbox-probes.js';
import { startTestBot, type TestBot } from '../helpers/start-test-bot.js';

describe('probe with consent over the Bot Framework protocol (sandbox emulator)', () => {
  let sandbox: SandboxAzure;
  let bot: TestBot;
  let client: ProtocolClient;

  beforeAll(async () => {
    sandbox = await startSandboxAzure();
    bot = await startTestBot({}, sandboxProbeRoutes(sandbox.directory, { botName: 'KV Bot' }));
    client = await ProtocolClient.start({ botUrl: bot.messagesUrl });
  });

  afterAll(async () => {
    await client?.close();
    await bot?.close();
    await sandbox?.close();
  });

  it('"I can\'t list secrets in kv-payments" → consent card → Run → verdict card (denied, sandbox)', async () => {
    const requests = sandbox.emu.requestLog;
    requests.length = 0;
    const asked = await client.sendText("I can't list secrets in kv-payments");
    expect(asked.status).toBe(200);
    const consent = asked.replies.find(isCard);
    expect(textOf(consent)).toContain('May I check kv-payments for you?');
    expect(textOf(consent)).toContain('On behalf of: Alex Wilber (00000000-0000-0000-0000-000000000020)');
    expect(requests).toEqual([]);

    const ran = await client.sendSubmit(button(consent, 'Run').data, consent?.id);
    expect(ran.status).toBe(200);
    const verdict = ran.replies.find(isCard);
    const text = textOf(verdict);
    expect(text).toContain('🧪 Sandbox — emulated tenant');
    expect(text).toContain('⛔ denied — permission-check: secrets/list on kv-payments');
    expectOnlyReads(requests);

    const replay = await client.sendSubmit(button(consent, 'Run').data, consent?.id);
    expect(replay.replies.map((a) => a.text).join(' ')).toMatch(/already been run/);
  });
});
