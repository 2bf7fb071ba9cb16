/**
 * Builds the real conversation wiring (createBot) over fakes: the fake KB, in-memory record
 * stores and botbuilder's MemoryStorage.
 */
import { MemoryStorage, type Activity } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { createBot, type AssembledBot, type BotExtensions } from '../../src/adapters/bot/create-bot.js';
import { FakeKnowledge } from './fake-knowledge.js';
import { memoryFeedbackStores } from './memory-feedback-stores.js';

/** The assembled bot plus the fakes behind it, for assertions. */
export interface TestConversation extends AssembledBot {
  knowledge: FakeKnowledge;
  stores: ReturnType<typeof memoryFeedbackStores>;
  storage: MemoryStorage;
}

/** A fresh bot over fakes. */
export function testConversation(extensions?: BotExtensions): TestConversation {
  const knowledge = new FakeKnowledge();
  const stores = memoryFeedbackStores();
  const storage = new MemoryStorage();
  let n = 0;
  const bot = createBot({ knowledge, stores, storage, extensions, newId: () => `id${++n}abcdef` });
  return { ...bot, knowledge, stores, storage };
}

/** A DialogTestClient on the bot's main dialog, on the Teams channel. */
export function dialogClient(bot: Pick<AssembledBot, 'mainDialog' | 'conversationState'>): DialogTestClient {
  return new DialogTestClient('msteams', bot.mainDialog, undefined, [], bot.conversationState);
}

/** Sends one activity (a string is a message) and returns every reply of that turn, typing indicators included. */
export async function turnReplies(
  client: DialogTestClient,
  activity: Partial<Activity> | string,
): Promise<Partial<Activity>[]> {
  const replies: Partial<Activity>[] = [];
  let r = await client.sendActivity(activity);
  while (r) {
    replies.push(r);
    r = client.getNextReply();
  }
  return replies;
}

/** {@link turnReplies} without the typing indicators: what the user reads. */
export async function shownReplies(
  client: DialogTestClient,
  activity: Partial<Activity> | string,
): Promise<Partial<Activity>[]> {
  return (await turnReplies(client, activity)).filter((a) => a.type !== 'typing');
}
