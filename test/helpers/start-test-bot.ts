/**
 * Starts the real bot server in-process on an ephemeral port over fakes (fake KB, in-memory
 * stores, MemoryStorage), with logs captured instead of printed.
 */
import { MemoryStorage } from 'botbuilder';
import { loadConfig } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/adapters/bot/bot-server.js';
import type { BotExtensions } from '../../src/adapters/bot/create-bot.js';
import { createLogger } from '../../src/adapters/bot/logger.js';
import { FakeKnowledge } from './fake-knowledge.js';
import { memoryFeedbackStores } from './memory-feedback-stores.js';

/** A running test bot and what is behind it. */
export interface TestBot extends RunningBot {
  messagesUrl: string;
  logs: Array<Record<string, unknown>>;
  knowledge: FakeKnowledge;
  stores: ReturnType<typeof memoryFeedbackStores>;
}

/** Options: environment for loadConfig (PORT defaults to 0), extension routes. */
export async function startTestBot(env: Record<string, string> = {}, extensions?: BotExtensions): Promise<TestBot> {
  const logs: Array<Record<string, unknown>> = [];
  const knowledge = new FakeKnowledge();
  const stores = memoryFeedbackStores();
  const running = await startBot(loadConfig({ PORT: '0', ...env }), {
    knowledge,
    stores,
    storage: new MemoryStorage(),
    extensions,
    logger: createLogger('debug', (l) => logs.push(JSON.parse(l) as Record<string, unknown>)),
    host: '127.0.0.1',
  });
  return { ...running, messagesUrl: `${running.url}/api/messages`, logs, knowledge, stores };
}
