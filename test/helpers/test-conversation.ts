/**
 * Builds the real conversation wiring (createBot) over fakes: the fake KB, in-memory record
 * stores and botbuilder's MemoryStorage.
 */
import { MemoryStorage } from 'botbuilder';
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
