/**
 * Starts the real bot server with escalation wired in, over file storage in a data directory,
 * so a test can stop it and start another on the same directory and port (restart tests).
 */
import { endOfTurnSaves } from '../../src/adapters/bot/end-of-turn-saves.js';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Storage } from 'botbuilder';
import { loadConfig } from '../../src/config.js';
import { TurnBatchedStorage } from '../../src/adapters/bot/turn-batched-storage.js';
import { startBot, type RunningBot } from '../../src/adapters/bot/bot-server.js';
import { createLogger } from '../../src/adapters/bot/logger.js';
import { wireEscalation, type EscalationWiring } from '../../src/app/wire-escalation.js';
import { createStorageFactory } from '../../src/adapters/storage/storage-factory.js';
import { createAuditLog } from '../../src/adapters/storage/audit-log-factory.js';
import type { ProtocolAccount } from '../../src/cli/chat/protocol-client.js';
import { FakeKnowledge } from '../helpers/fake-knowledge.js';
import { memoryFeedbackStores } from '../helpers/memory-feedback-stores.js';
import { ACCOUNTS } from '../helpers/demo-tenant.js';

/** Demo people (team preamble): Alex asks, Megan supports, Isaiah administers, Patti is neither. */
export const PEOPLE = {
  alex: ACCOUNTS.alex,
  megan: ACCOUNTS.megan,
  isaiah: ACCOUNTS.isaiah,
  patti: ACCOUNTS.patti,
} satisfies Record<string, ProtocolAccount>;

/** A running bot with escalation. */
export interface EscalationBot extends RunningBot {
  messagesUrl: string;
  escalation: EscalationWiring;
  logs: Array<Record<string, unknown>>;
  dataDir: string;
  env: Record<string, string>;
  /** Calls the bot-state store received (after per-turn batching), as production wires it. */
  botStateWrites: () => number;
}

/** A fresh data directory (with an empty knowledge dir for proposals). */
export function tempDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'kvbot-escalation-'));
}

/** Starts the bot over `dataDir`; `env` adds settings (admins, webhook, port). */
export async function startEscalationBot(dataDir: string, env: Record<string, string> = {}): Promise<EscalationBot> {
  const fullEnv = {
    PORT: '0',
    KVBOT_DATA_DIR: dataDir,
    KVBOT_KNOWLEDGE_DIR: path.join(dataDir, 'knowledge'),
    KVBOT_ADMIN_IDS: PEOPLE.isaiah.aadObjectId,
    ...env,
  };
  const config = loadConfig(fullEnv);
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger('debug', (l) => logs.push(JSON.parse(l) as Record<string, unknown>));
  const storage = createStorageFactory(config);
  const inner = storage.botStorage();
  let writes = 0;
  const counted: Storage = {
    read: (k) => inner.read(k),
    write: (c) => ((writes += 1), inner.write(c)),
    delete: (k) => inner.delete(k),
  };
  const botStorage = new TurnBatchedStorage(counted);
  const escalation = wireEscalation({ config, storage, botStorage, logger, audit: createAuditLog(storage) });
  await escalation.start();
  const running = await startBot(config, {
    knowledge: new FakeKnowledge(),
    stores: memoryFeedbackStores(),
    storage: botStorage,
    extensions: escalation.extensions,
    middleware: [botStorage.middleware(), endOfTurnSaves()],
    closeables: [escalation, storage],
    logger,
    host: '127.0.0.1',
  });
  return {
    ...running,
    messagesUrl: `${running.url}/api/messages`,
    escalation,
    logs,
    dataDir,
    env: fullEnv,
    botStateWrites: () => writes,
  };
}
