/**
 * The Agents Playground sends `installationUpdate` and `conversationUpdate` at the same moment on
 * first load; the bot greeted twice (issue 10 bug 8). Both turns now share one welcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolClient } from '../../src/cli/chat/protocol-client.js';
import { isCard, textOf } from '../helpers/card-assertions.js';
import { startTestBot, type TestBot } from '../helpers/start-test-bot.js';

describe('the welcome on first load', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => {
    await bot?.close();
  });

  it('is sent once when installationUpdate and conversationUpdate arrive together', async () => {
    const client = await ProtocolClient.start({ botUrl: bot.messagesUrl, channelId: 'msteams' });
    try {
      const results = await Promise.all([
        client.send({ type: 'installationUpdate', action: 'add' }),
        client.send({ type: 'conversationUpdate', membersAdded: [client.user, client.bot] }),
      ]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      const welcomes = client.received.filter(
        (a) => isCard(a) && textOf(a).includes("Hi, I'm the Key Vault Access Assistant"),
      );
      expect(welcomes).toHaveLength(1);
      // A later reinstall in the same conversation does not greet again either.
      await client.send({ type: 'conversationUpdate', membersAdded: [client.bot] });
      expect(client.received.filter((a) => isCard(a) && textOf(a).includes("Hi, I'm"))).toHaveLength(1);
    } finally {
      await client.close();
    }
  });
});
