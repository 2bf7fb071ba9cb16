/**
 * What a plain FAQ answer costs the store, through the real HTTP endpoint with escalation wired in
 * (the activity log writes several times a turn) over the default SQLite store: at most one
 * bot-state write per turn, and no typing indicator before the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorageFactory } from '../../src/adapters/storage/storage-factory.js';
import { ProtocolClient } from '../../src/cli/chat/protocol-client.js';
import { isCard, textOf } from '../helpers/card-assertions.js';
import { PEOPLE, startEscalationBot, tempDataDir, type EscalationBot } from './escalation-harness.js';

describe('a plain FAQ turn', () => {
  let bot: EscalationBot;
  let user: ProtocolClient;

  beforeAll(async () => {
    bot = await startEscalationBot(tempDataDir());
    user = await ProtocolClient.start({ botUrl: bot.messagesUrl, user: PEOPLE.alex });
  });

  afterAll(async () => {
    await user?.close();
    await bot?.close();
  });

  it('writes bot state at most once per turn and sends only the answer', async () => {
    for (const question of [
      'what does 403 forbidden mean?',
      'what does 403 forbidden mean?',
      "why can't I list secrets in kv-payments?",
    ]) {
      const before = bot.botStateWrites();
      const r = await user.sendText(question);
      expect(r.status).toBe(200);
      expect(r.replies.some((a) => a.type === 'typing')).toBe(false);
      expect(r.replies.some((a) => isCard(a) && textOf(a).length > 0)).toBe(true);
      expect(bot.botStateWrites() - before).toBeLessThanOrEqual(1);
    }
  });

  it('keeps what the turns saved: the activity log holds the three questions, read back from the database', async () => {
    const r = await user.sendText('what does 403 forbidden mean?');
    const conversationId = (r.replies[0]?.conversation as { id: string }).id;
    const fresh = createStorageFactory({ dataDir: bot.dataDir, storage: { kind: 'sqlite', container: 'unused' } });
    try {
      const key = `msteams/conversations/${conversationId}/escalation`;
      const stored = (await fresh.botStorage().read([key]))[key] as
        { log?: { messages?: { text: string }[] } } | undefined;
      expect(stored?.log?.messages?.map((m) => m.text)).toEqual([
        'what does 403 forbidden mean?',
        'what does 403 forbidden mean?',
        "why can't I list secrets in kv-payments?",
        'what does 403 forbidden mean?',
      ]);
    } finally {
      fresh.close();
    }
  });
});
