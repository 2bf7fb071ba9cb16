/**
 * Input the bot cannot afford or cannot read, over the real HTTP endpoint: a huge paste is cut
 * before matching with a note to the user; an entity without a type next to a mention neither
 * fails the turn nor loses the conversation; a turn that does fail is logged with the stack of
 * the error that caused it, not of botbuilder's wrapper.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaterfallStepContext } from 'botbuilder-dialogs';
import { rootCause } from '../../src/adapters/bot/turn-error-handler.js';
import { ProtocolClient, type ProtocolActivity } from '../../src/cli/chat/protocol-client.js';
import { isCard, textOf } from '../helpers/card-assertions.js';
import { startTestBot, type TestBot } from '../helpers/start-test-bot.js';

const said = (replies: ProtocolActivity[]): string =>
  replies.map((a) => (isCard(a) ? textOf(a) : String(a.text ?? ''))).join('\n');

function explodingRoute(): never {
  throw new Error('kaboom from a route');
}

describe('bounded and validated input', () => {
  let bot: TestBot;
  let client: ProtocolClient;
  beforeAll(async () => {
    bot = await startTestBot(
      {},
      {
        textRoutes: [
          {
            name: 'explode',
            handle: async (_step: WaterfallStepContext, text: string) =>
              text === 'explode now' ? explodingRoute() : undefined,
          },
        ],
      },
    );
    client = await ProtocolClient.start({
      botUrl: bot.messagesUrl,
      channelId: 'msteams',
      conversationType: 'channel',
      conversationId: '19:general@thread.tacv2',
    });
  });
  afterAll(async () => {
    await client?.close();
    await bot?.close();
  });

  it('a 600 KiB single-token paste is cut with a note, answered, and the bot keeps answering', async () => {
    const r = await client.sendText(`how do I change access policy? ${'A'.repeat(600 * 1024)}`);
    expect(r.status).toBe(200);
    const note = await client.waitFor((a) => typeof a.text === 'string' && a.text.includes('characters long'));
    expect(note.text).toMatch(/614,431 characters long, so I read only the first 4,000/);
    expect(said(client.received)).not.toMatch(/Something went wrong/);
    const from = client.received.length;
    const next = await client.sendText('<at>KV Bot</at> how do I change access policy?', {
      entities: [
        { type: 'mention', mentioned: { id: '28:kv-access-assistant', name: 'KV Bot' }, text: '<at>KV Bot</at>' },
      ],
    });
    expect(next.status).toBe(200);
    const card = await client.waitFor((a) => isCard(a), { from });
    expect(textOf(card)).toContain("How do I change a key vault's access policies?");
  });

  it('an entity without a type next to a mention: the turn is answered, not failed', async () => {
    const from = client.received.length;
    const r = await client.sendText('<at>KV Bot</at> how do I change access policy?', {
      entities: [
        { mentioned: { id: '28:kv-access-assistant', name: 'KV Bot' }, text: '<at>KV Bot</at>' },
        { type: 'mention', mentioned: { id: '28:kv-access-assistant', name: 'KV Bot' }, text: '<at>KV Bot</at>' },
        { type: 'mention', text: '<at>nobody</at>' },
        'not an entity',
      ],
    });
    expect(r.status).toBe(200);
    const card = await client.waitFor((a) => isCard(a), { from });
    expect(textOf(card)).toContain("How do I change a key vault's access policies?");
    expect(said(client.received.slice(from))).not.toMatch(/Something went wrong/);
    expect(bot.logs.filter((l) => l.message === 'turn failed')).toEqual([]);
    expect(bot.logs.find((l) => l.message === 'dropped unreadable parts of an activity')?.dropped).toEqual([
      '3 entities',
    ]);
  });

  it.each([
    ['entities that are not an array', { entities: { type: 'mention' } }],
    ['a recipient that is not an object', { recipient: 'bot' }],
    ['membersAdded that is not an array', { type: 'conversationUpdate', membersAdded: 'everyone' }],
    ['channelData that is not an object', { channelData: 'teams' }],
  ])('%s gets a 400 naming the field', async (_label, extra) => {
    const r = await client.send({ type: 'message', text: 'hi', ...extra });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'InvalidActivity' } });
  });

  it("a failed turn's log line carries the cause's stack, not a wrapper's", async () => {
    const from = client.received.length;
    await client.sendText('explode now');
    await client.waitFor((a) => typeof a.text === 'string' && a.text.includes('Something went wrong'), { from });
    const line = bot.logs.find((l) => l.message === 'turn failed');
    // No dialog is active, so the route ran without the dialog stack and nothing wrapped the error.
    expect(line).toMatchObject({ error: 'kaboom from a route', errorName: 'Error' });
    expect(String(line?.stack)).toContain('explodingRoute');
  });

  it("unwraps a dialog's error wrapper (a turn inside an active dialog) to the cause", () => {
    const cause = new Error('kaboom inside a prompt');
    const wrapper = Object.assign(new Error('wrapped'), { name: 'DialogContextError', error: cause });
    expect(rootCause(wrapper)).toBe(cause);
    expect(rootCause(new Error('outer', { cause }))).toBe(cause);
    expect(rootCause(cause)).toBe(cause);
  });
});
