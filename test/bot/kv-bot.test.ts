import { consentOnlyProbeRoutes } from '../helpers/sandbox-probes.js';
import { describe, expect, it, vi } from 'vitest';
import { TestAdapter, type Activity } from 'botbuilder';
import { Dialog, WaterfallDialog } from 'botbuilder-dialogs';
import { createTurnErrorHandler } from '../../src/adapters/bot/turn-error-handler.js';
import { createLogger } from '../../src/adapters/bot/logger.js';
import { button, textOf } from '../helpers/card-assertions.js';
import { testConversation, type TestConversation } from '../helpers/test-conversation.js';
import type { BotExtensions } from '../../src/adapters/bot/create-bot.js';
import { ACCOUNTS } from '../helpers/demo-tenant.js';

function harness(extensions?: BotExtensions) {
  const conv: TestConversation = testConversation(extensions);
  const logs: string[] = [];
  const adapter = new TestAdapter(async (context) => conv.bot.run(context));
  adapter.onTurnError = createTurnErrorHandler(
    conv.conversationState,
    createLogger('debug', (l) => logs.push(l)),
    () => 'REF123',
  );
  return { conv, adapter, logs };
}

const botAccount = { id: 'bot', name: 'Bot' };
const user = ACCOUNTS.alex;

describe('KvBot (Teams activity handler)', () => {
  it('welcomes once when installed: installationUpdate and conversationUpdate together give one welcome card', async () => {
    const { adapter } = harness();
    await adapter.processActivity({
      type: 'installationUpdate',
      action: 'add',
      recipient: botAccount,
      from: user,
    } as Partial<Activity> as Activity);
    await adapter.processActivity({
      type: 'conversationUpdate',
      membersAdded: [user, botAccount],
      recipient: botAccount,
      from: user,
    } as Partial<Activity> as Activity);
    const sent = adapter.activeQueue.splice(0);
    expect(sent).toHaveLength(1);
    expect(textOf(sent[0])).toContain("Hi, I'm the Key Vault Access Assistant");
  });

  it('welcomes when the bot is added to a conversation, but not when only a person joins', async () => {
    const { adapter } = harness();
    await adapter.processActivity({
      type: 'conversationUpdate',
      membersAdded: [{ id: 'user-id-1', name: 'Megan Bowen' }],
      recipient: botAccount,
      from: user,
    } as Partial<Activity> as Activity);
    expect(adapter.activeQueue).toHaveLength(0);
    await adapter.processActivity({
      type: 'conversationUpdate',
      membersAdded: [botAccount],
      recipient: botAccount,
      from: user,
    } as Partial<Activity> as Activity);
    expect(textOf(adapter.activeQueue.shift())).toContain('Hi, I');
  });

  it('answers a message through the main dialog and saves user state', async () => {
    const { adapter, conv } = harness();
    // No typing indicator first: an FAQ answer is ready in milliseconds.
    await adapter
      .send({ type: 'message', text: 'what does 403 forbidden mean', from: user } as Partial<Activity>)
      .assertReply((a) => expect(textOf(a)).toContain('What does a 403 Forbidden'));
    const memory = (conv.storage as unknown as { memory: Record<string, string> }).memory;
    const userKey = Object.keys(memory).find((k) => k.includes('/users/user-id-0'));
    expect(userKey).toBeDefined();
    expect(JSON.parse(memory[userKey ?? ''] ?? '{}').profile).toMatchObject({
      name: 'Alex Wilber',
      aadObjectId: user.aadObjectId,
    });
  });

  it('a 👍 reaction on an answer records it as helpful without a reply; 😢 records not helpful and offers a person', async () => {
    const { adapter, conv } = harness();
    await adapter.processActivity({ type: 'message', text: 'what does 403 forbidden mean', from: user } as Activity);
    const answer = adapter.activeQueue.splice(0)[0]!;
    expect(answer.id).toBeDefined();
    const react = (type: string, replyToId = answer.id) =>
      adapter.processActivity({
        type: 'messageReaction',
        reactionsAdded: [{ type }],
        replyToId,
        from: user,
        recipient: botAccount,
      } as Partial<Activity> as Activity);
    await react('like');
    expect(adapter.activeQueue.splice(0)).toEqual([]);
    expect((await conv.stores.feedback.list()).map((r) => [r.value.entryId, r.value.helpful])).toEqual([
      ['error-403', true],
    ]);
    await react('sad');
    const [reply] = adapter.activeQueue.splice(0);
    expect(textOf(reply)).toContain("Sorry that didn't help");
    expect((await conv.stores.feedback.list()).map((r) => [r.value.entryId, r.value.helpful])).toEqual([
      ['error-403', false],
    ]);
    // On a message that is not a remembered answer, or a reaction that says neither: nothing.
    await react('like', 'some-other-message');
    await react('laugh');
    expect(adapter.activeQueue.splice(0)).toEqual([]);
    expect((await conv.stores.feedback.list()).map((r) => r.value.helpful)).toEqual([false]);
  });

  it("reads a user's state on their first turn, not again on the next turns within the hour", async () => {
    const { adapter, conv } = harness();
    const readKeys: string[] = [];
    const read = conv.storage.read.bind(conv.storage);
    conv.storage.read = (keys: string[]) => (readKeys.push(...keys), read(keys));
    const ask = (text: string) =>
      adapter.send({ type: 'message', text, from: user } as Partial<Activity>).assertReply(() => undefined);
    await ask('what does 403 forbidden mean');
    const userReads = () => readKeys.filter((k) => k.includes('/users/')).length;
    expect(userReads()).toBe(1);
    await ask('what does 429 mean');
    await ask('how do I enable key vault logging');
    expect(userReads()).toBe(1);
    // A new name is news: read and write the profile again.
    await adapter
      .send({ type: 'message', text: 'what does 403 mean', from: { ...user, name: 'Alex W.' } } as Partial<Activity>)
      .assertReply(() => undefined);
    expect(userReads()).toBe(2);
    const memory = (conv.storage as unknown as { memory: Record<string, string> }).memory;
    const userKey = Object.keys(memory).find((k) => k.includes('/users/user-id-0'));
    expect(JSON.parse(memory[userKey ?? ''] ?? '{}').profile).toMatchObject({ name: 'Alex W.' });
  });

  it('a turn routed without the dialog stack can begin a multi-turn dialog: "Check my access" asks which vault, the answer reaches the prompt', async () => {
    const routes = consentOnlyProbeRoutes();
    // Counts how often the card action is routed: once, also when its route begins the prompt.
    let routed = 0;
    const counted = {
      ...routes,
      submitRoutes: routes.submitRoutes.map((r) => ({
        action: r.action,
        handle: (step: Parameters<typeof r.handle>[0], value: Record<string, unknown>) => (
          routed++,
          r.handle(step, value)
        ),
      })),
    };
    const { adapter, conv } = harness(counted);
    const send = async (activity: Partial<Activity>) => {
      await adapter.send({ type: 'message', from: user, ...activity } as Partial<Activity>).startTest();
      return adapter.activeQueue.splice(0);
    };
    const stack = async () => {
      const items = await conv.storage.read(Object.keys((conv.storage as unknown as { memory: object }).memory));
      const convo = Object.entries(items).find(([k]) => k.includes('/conversations/') && !k.endsWith('/escalation'));
      return (convo?.[1] as { dialogState?: { dialogStack?: Array<{ id: string }> } })?.dialogState?.dialogStack ?? [];
    };
    // The plain question is answered without beginning the main dialog at all; the card action
    // that asks for a vault begins it once.
    const begin = vi.spyOn(conv.mainDialog, 'beginDialog');
    const [answer] = await send({ text: "why can't I list secrets?" });
    expect(await stack()).toEqual([]);
    expect(begin).not.toHaveBeenCalled();
    const [question] = await send({ value: button(answer, 'Check my access').data });
    expect(question?.text).toMatch(/Which key vault should I check your access to\?/);
    // The same stack as when the route waterfall begins the prompt itself: main → waterfall → prompt.
    expect((await stack()).map((d) => d.id)).toEqual(['main']);
    expect(routed).toBe(1);
    expect(begin).toHaveBeenCalledTimes(1);
    const [consent] = await send({ text: 'kv-orders' });
    expect(textOf(consent)).toContain('May I check kv-orders for you?');
    expect(await stack()).toEqual([]);
  });

  it('routes to extension text and submit routes before the FAQ', async () => {
    const { adapter, conv } = harness({
      textRoutes: [
        {
          name: 'triage',
          handle: async (step, text) =>
            text.startsWith('ERROR')
              ? (await step.context.sendActivity(`triaged: ${text}`), step.endDialog())
              : undefined,
        },
      ],
      submitRoutes: [
        {
          action: 'test.run',
          handle: async (step, value) => (
            await step.context.sendActivity(`probe ${String(value.name)}`),
            step.endDialog()
          ),
        },
      ],
    });
    await adapter.send('ERROR 403 Forbidden').assertReply('triaged: ERROR 403 Forbidden');
    await adapter
      .send({ type: 'message', value: { kvbot: 'test.run', name: 'permission-check' } } as Partial<Activity>)
      .assertReply('probe permission-check');
    expect(conv.knowledge.queries).toEqual([]);
  });

  it('on a failing turn tells the user with a reference, logs it with the same reference, clears dialog state and keeps serving', async () => {
    let fail = false;
    const { adapter, logs, conv } = harness({
      textRoutes: [
        {
          name: 'boom',
          handle: async () => {
            if (fail) throw new Error('kaboom');
            return undefined;
          },
        },
      ],
    });
    // Leave state behind first, so clearing it is observable.
    await adapter.send('what is the weather in Oslo').assertReply(() => undefined);
    fail = true;
    await adapter
      .send('anything')
      .assertReply((a) =>
        expect(a.text).toBe(
          'Something went wrong on my side (ref REF123). Please try again; if it keeps happening, tell the support team this reference.',
        ),
      );
    const logged = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.message === 'turn failed');
    expect(logged).toMatchObject({ ref: 'REF123', error: 'kaboom', level: 'error' });
    const memory = (conv.storage as unknown as { memory: Record<string, string | undefined> }).memory;
    const conversationKeys = Object.keys(memory).filter((k) => k.includes('/conversations/'));
    expect(conversationKeys).not.toEqual([]);
    expect(await conv.storage.read(conversationKeys)).toEqual({});
    fail = false;
    await adapter.send('what does 403 forbidden mean').assertReply((a) => expect(textOf(a)).toContain('403'));
  });

  it('a route that begins a second dialog in one turn fails the turn instead of stacking a second child', async () => {
    const { adapter, logs } = harness({
      textRoutes: [
        {
          name: 'twice',
          handle: async (step, text) => {
            if (text !== 'twice') return undefined;
            await step.beginDialog('child');
            return step.beginDialog('child');
          },
        },
      ],
      dialogs: [
        new WaterfallDialog('child', [
          async (step) => {
            await step.context.sendActivity('child begun');
            return Dialog.EndOfTurn;
          },
        ]),
      ],
    });
    await adapter
      .send('twice')
      .assertReply('child begun')
      .assertReply((a) => expect(a.text).toContain('Something went wrong on my side (ref REF123)'));
    expect(adapter.activeQueue).toEqual([]);
    const logged = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.message === 'turn failed');
    expect(logged).toMatchObject({ error: 'A route began two dialogs in one turn.' });
  });
});

describe('mergeExtensions', () => {
  it('keeps text routes in order and refuses two owners for one card action', async () => {
    const { mergeExtensions, DuplicateSubmitRouteError } = await import('../../src/app/merge-extensions.js');
    const route = (name: string) => ({ name, handle: async () => undefined });
    const submit = (action: string) => ({
      action,
      handle: async () => {
        throw new Error('unused');
      },
    });
    const merged = mergeExtensions({ textRoutes: [route('a')], submitRoutes: [submit('probe.run')] }, undefined, {
      textRoutes: [route('b')],
    });
    expect(merged.textRoutes?.map((r) => r.name)).toEqual(['a', 'b']);
    expect(() => mergeExtensions({ submitRoutes: [submit('x')] }, { submitRoutes: [submit('x')] })).toThrow(
      DuplicateSubmitRouteError,
    );
  });
});
