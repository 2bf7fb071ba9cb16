/**
 * Composition root (`npm start`): config → adapters (storage, knowledge) → core services →
 * dialogs → bot → HTTP server. The only place that chooses implementations; everything else
 * receives its dependencies.
 */
import { loadConfig } from './config.js';
import { createStorageFactory } from './adapters/storage/storage-factory.js';
import { TurnBatchedStorage } from './adapters/bot/turn-batched-storage.js';
import { openAzureDirectory } from './adapters/azure/open-directory.js';
import { createAuditLog } from './adapters/storage/audit-log-factory.js';
import { createProactiveMessenger } from './adapters/bot/proactive-messenger.js';
import { createLogger } from './adapters/bot/logger.js';
import { startBot } from './adapters/bot/bot-server.js';
import { wireKnowledge } from './app/wire-knowledge.js';
import { wireEscalation } from './app/wire-escalation.js';
import { escalationHooks } from './app/escalation-hooks.js';
import { wireProbes } from './app/wire-probes.js';
import { wireApprovals } from './app/wire-approvals.js';
import { mergeExtensions } from './app/merge-extensions.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);

  // Adapters.
  const storage = createStorageFactory(config);
  const swept = await storage.sweepOrphans();
  if (swept.locks + swept.temps + swept.drafts > 0) logger.info('removed files left by a killed process', { ...swept });
  // Bot state reaches the store once per turn (conversation, user and escalation state together).
  const botStorage = new TurnBatchedStorage(storage.botStorage());
  const audit = createAuditLog(storage);
  const azure = await openAzureDirectory(config.azure);
  if (azure.sandboxUrl) logger.warn('SANDBOX MODE: no Azure settings, so probes and fixes go to the embedded emulator with the demo tenant; every result says so.', { emulator: azure.sandboxUrl, fixture: config.azure.sandboxFixture });
  else logger.info('azure', { mode: config.azure.mode, subscriptions: config.azure.subscriptionIds.length });
  // One proactive messenger for every feature that reaches people outside the current turn.
  const messenger = createProactiveMessenger(config.auth);

  // Features, each wired in src/app/wire-<feature>.ts.
  const faq = await wireKnowledge(config, storage, logger);
  // Escalation comes first so that a message being relayed to a support engineer is not taken
  // as a new question or a pasted error.
  const escalation = wireEscalation({ config, storage, botStorage, logger, audit, messenger });
  await escalation.start();
  // What probes, triage and fixes find goes into the case packet; failures offer a person.
  const hooks = escalationHooks(escalation.escalations);
  const probes = wireProbes({ config, storage, directory: azure.directory, knowledge: faq.knowledge, audit, hooks });
  const approvals = wireApprovals({ config, storage, directory: azure.directory, audit, logger, messenger, onFixEvent: hooks.onFixEvent });
  // The typed fix request ("give group X access to kv-y to list secrets") goes before the probe
  // request in words, which would otherwise take it for "can X list secrets in kv-y?".
  const extensions = mergeExtensions(escalation.extensions, approvals.extensions, probes);

  // Bot (dialogs, state, HTTP).
  const running = await startBot(config, {
    knowledge: faq.knowledge,
    extensions,
    stores: faq.stores,
    storage: botStorage,
    middleware: [botStorage.middleware(), approvals.middleware],
    logger,
    closeables: [faq, approvals, escalation, azure, storage],
  });
  logger.info('storage', { where: storage.description });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    running.close().then(
      () => process.exit(0),
      (e: unknown) => {
        logger.error('shutdown failed', { error: (e as Error)?.message });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  const err = e as Error;
  process.stderr.write(`kv-access-assistant failed to start: ${err?.name ?? 'Error'}: ${err?.message ?? String(e)}\n`);
  process.exit(1);
});
