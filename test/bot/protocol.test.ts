import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolClient } from '../../src/cli/chat/protocol-client.js';
import { button, isCard, textOf } from '../helpers/card-assertions.js';
import { startTestBot, type TestBot } from '../helpers/start-test-bot.js';

describe('the bot over the Bot Framework protocol (anonymous, local mode)', () => {
  let bot: TestBot;
  let personal: ProtocolClient;
  let channel: ProtocolClient;

  beforeAll(async () => {
    bot = await startTestBot();
    personal = await ProtocolClient.start({ botUrl: bot.messagesUrl, channelId: 'msteams' });
    channel = await ProtocolClient.start({
      botUrl: bot.messagesUrl,
      channelId: 'msteams',
      conversationType: 'channel',
      conversationId: '19:general@thread.tacv2;messageid=1700000000000',
    });
  });

  afterAll(async () => {
    await personal?.close();
    await channel?.close();
    await bot?.close();
  });

  it('warns at start-up that requests are not authenticated', () => {
    expect(bot.logs.find((l) => l.level === 'warn' && String(l.message).includes('UNAUTHENTICATED'))).toBeDefined();
  });

  it('GET /healthz reports status, KB size, uptime and sandbox mode', async () => {
    const res = await fetch(`${bot.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      kbEntries: bot.knowledge.size(),
      sandbox: true,
      authEnabled: false,
      uptimeSeconds: expect.any(Number),
    });
  });

  it('welcomes when added to a personal chat', async () => {
    const r = await personal.sendBotAdded();
    expect(r.status).toBe(200);
    expect(textOf(r.replies.find(isCard))).toContain("Hi, I'm the Key Vault Access Assistant");
  });

  it('answers a personal-chat question with the answer card of the right entry, replying to the message', async () => {
    const r = await personal.sendText("why can't I list secrets in kv-payments?", { id: 'user-msg-1' });
    expect(r.status).toBe(200);
    // The answer is ready in milliseconds: no typing indicator before it (one outbound call, not two).
    expect(r.replies.some((a) => a.type === 'typing')).toBe(false);
    const card = await personal.waitFor((a) => isCard(a) && textOf(a).includes("Why can't I list or get secrets"));
    expect(card.replyToId).toBe('user-msg-1');
    expect(button(card, /👍/).data).toEqual({ kvbot: 'feedback', id: 'list-get-something-went-wrong', helpful: true });
  });

  it('a follow-up button click (Action.Submit value) opens the next entry', async () => {
    const answer = await personal.waitFor((a) => isCard(a) && textOf(a).includes("Why can't I list or get secrets"));
    const followUp = button(answer, "How do I change a key vault's access policies?");
    const r = await personal.sendSubmit(followUp.data, answer.id);
    expect(textOf(r.replies.find(isCard))).toContain("How do I change a key vault's access policies?");
  });

  it('answers a channel message addressed with an <at> mention entity', async () => {
    const r = await channel.sendText('<at>KV Bot</at> what does 403 forbidden mean?', {
      entities: [{ type: 'mention', mentioned: channel.bot, text: '<at>KV Bot</at>' }],
    });
    expect(r.status).toBe(200);
    expect(textOf(r.replies.find(isCard))).toContain('What does a 403 Forbidden from Key Vault mean?');
    expect(bot.knowledge.queries).toContain('what does 403 forbidden mean?');
  });

  it.each([
    ['non-JSON with a JSON content type', '{"type": "message", ', 'application/json'],
    ['plain text', 'hello bot', 'text/plain'],
    ['a JSON array', '[1,2,3]', 'application/json'],
    [
      'an activity without type',
      JSON.stringify({ conversation: { id: 'c1' }, serviceUrl: 'http://127.0.0.1:9/' }),
      'application/json',
    ],
    [
      'an activity without conversation',
      JSON.stringify({ type: 'message', text: 'hi', serviceUrl: 'http://127.0.0.1:9/' }),
      'application/json',
    ],
    [
      'an activity without serviceUrl',
      JSON.stringify({ type: 'message', text: 'hi', conversation: { id: 'c1' } }),
      'application/json',
    ],
    [
      'an activity whose text is a number',
      JSON.stringify({ type: 'message', text: 42, conversation: { id: 'c1' }, serviceUrl: 'http://127.0.0.1:9/' }),
      'application/json',
    ],
  ])('refuses %s with a 4xx JSON error, and keeps serving', async (_label, body, contentType) => {
    const r = await personal.postRaw(body, contentType);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    const parsed = JSON.parse(r.body) as Record<string, unknown>;
    expect(JSON.stringify(parsed)).toMatch(/message/);
    const next = await personal.sendText('what does 403 forbidden mean?');
    expect(next.status).toBe(200);
    expect(textOf(next.replies.find(isCard))).toContain('403 Forbidden');
  });
});

describe('the bot with Bot Framework authentication (MicrosoftAppId set)', () => {
  let bot: TestBot;
  let client: ProtocolClient;

  beforeAll(async () => {
    bot = await startTestBot({
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppTenantId: '11111111-2222-3333-4444-666666666666',
      KVBOT_SANDBOX: 'true',
    });
    client = await ProtocolClient.start({ botUrl: bot.messagesUrl });
  });

  afterAll(async () => {
    await client?.close();
    await bot?.close();
  });

  it('refuses requests without a Bot Framework token with 401, and keeps serving', async () => {
    const first = await client.sendText('what does 403 forbidden mean?');
    expect(first.status).toBe(401);
    expect(first.replies).toEqual([]);
    const health = await fetch(`${bot.url}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', authEnabled: true });
    const second = await client.sendText('what does 403 forbidden mean?');
    expect(second.status).toBe(401);
    expect(bot.knowledge.queries).toEqual([]);
  });

  it('does not log the unauthenticated-mode warning', () => {
    expect(bot.logs.find((l) => String(l.message).includes('UNAUTHENTICATED'))).toBeUndefined();
  });
});

describe('shutdown', () => {
  it('close() finishes an in-flight turn, then stops accepting connections', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => undefined;
    const inTurn = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const bot = await startTestBot(
      {},
      {
        textRoutes: [
          {
            name: 'slow',
            handle: async (step, text) => {
              if (text !== 'slow') return undefined;
              entered();
              await gate;
              await step.context.sendActivity('finished the slow turn');
              return step.endDialog();
            },
          },
        ],
      },
    );
    const client = await ProtocolClient.start({ botUrl: bot.messagesUrl });
    try {
      const pending = client.sendText('slow');
      await inTurn;
      const closed = bot.close();
      release();
      const r = await pending;
      await closed;
      expect(r.status).toBe(200);
      expect(r.replies.map((a) => a.text)).toContain('finished the slow turn');
      await expect(fetch(`${bot.url}/healthz`)).rejects.toThrow();
    } finally {
      release();
      await client.close();
      await bot.close();
    }
  });
});
