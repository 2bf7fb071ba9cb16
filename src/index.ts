/**
 * Composition root (`npm start`): config → adapters (storage, knowledge) → core services →
 * dialogs → bot → HTTP server. The only place that chooses implementations; everything else
 * receives its dependencies.
 */
import { loadConfig } from './config.js';
import { createStorageFactory } from './adapters/storage/storage-factory.js';
import { TurnBatchedStorage } from './adapters/bot/turn-batched-storage.js';
import { endOfTurnSaves } from './adapters/bot/end-of-turn-saves.js';
import { openAzureDirectory } from './adapters/azure/open-directory.js';
import { createAuditLog } from './adapters/storage/audit-log-factory.js';
import { createProactiveMessenger } from './adapters/bot/proactive-messenger.js';
import { createLogger } from './adapters/bot/logger.js';
import { startBot } from './adapters/bot/bot-server.js';
import { TeamsFaqCards } from '../dialogs/faq-teams-cards.js';
import { wireKnowledge } from './app/wire-knowledge.js';
import { wireEscalation } from './app/wire-escalation.js';
import { escalationHooks } from './app/escalation-hooks.js';
import { wireProbes } from './app/wire-probes.js';
import { wireApprovals } from './app/wire-approvals.js';
import { mergeExtensions } from './app/merge-extensions.js';
import { assertDataDirWritable } from './adapters/health/data-dir-check.js';
import { StoreHealth } from './adapters/health/store-health.js';
import { bestEffortStore, guardStorageFactory } from './adapters/health/guarded-stores.js';
import { createReadiness } from './adapters/bot/readiness-checks.js';
import { SpanKind } from '@opentelemetry/api';
import { BotTelemetry } from './adapters/bot/bot-telemetry.js';
import { startTelemetry } from './adapters/telemetry/start-telemetry.js';

/** What main() opened so far, closed in reverse if start-up fails (a failed start leaves nothing behind). */
const opened: Array<{ close(): unknown }> = [];

async function main(): Promise<void> {
  const config = loadConfig();
  // First, so that everything after it runs with the tracer and meter providers in place.
  const otel = await startTelemetry(config.telemetry);
  opened.push(otel);
  const telemetry = new BotTelemetry({ includeMessageText: config.telemetry.includeMessageText });
  const logger = createLogger(config.logLevel);
  logger.info('telemetry', { exporter: otel.exporter });

  // Adapters. A data directory that takes no writes is refused now, not discovered turn by turn;
  // a store that stops taking writes later degrades (answers go on, writes are refused politely).
  if (config.storage.kind !== 'blob') await assertDataDirWritable(config.dataDir);
  const health = new StoreHealth((status) => {
    if (status.writable) logger.info('the store takes writes again');
    else logger.error('the store stopped taking writes: answering questions only', { ...status });
  });
  const storage = guardStorageFactory(createStorageFactory(config), health, logger);
  const swept = await storage.sweepOrphans();
  if (swept.locks + swept.temps + swept.drafts > 0) logger.info('removed files left by a killed process', { ...swept });
  // Bot state reaches the store once per turn (conversation, user and escalation state together).
  const botStorage = new TurnBatchedStorage(storage.botStorage());
  const audit = createAuditLog(storage);
  const azure = await openAzureDirectory(config.azure);
  opened.push(azure);
  if (azure.sandboxUrl)
    logger.warn(
      'SANDBOX MODE: no Azure settings, so probes and fixes go to the embedded emulator with the demo tenant; every result says so.',
      { emulator: azure.sandboxUrl, fixture: config.azure.sandboxFixture },
    );
  else logger.info('azure', { mode: config.azure.mode, subscriptions: config.azure.subscriptionIds.length });
  // One proactive messenger for every feature that reaches people outside the current turn.
  const messenger = createProactiveMessenger(config.auth);

  // Features, each wired in src/app/wire-<feature>.ts.
  const faq = await wireKnowledge(config, storage, logger);
  opened.push(faq);
  const knowledge = telemetry.knowledge(faq.knowledge);
  // One set of FAQ cards: the FAQ dialogs and the triage route (an error inside a question) use them.
  const cards = new TeamsFaqCards();
  // Escalation comes first so that a message being relayed to a support engineer is not taken
  // as a new question or a pasted error.
  const escalation = wireEscalation({
    config,
    storage,
    botStorage,
    logger,
    audit,
    messenger,
    caseEvents: (outbox) => telemetry.caseEvents(outbox),
  });
  opened.push(escalation);
  await escalation.start();
  // What probes, triage and fixes find goes into the case packet; failures offer a person.
  const hooks = telemetry.hooks(escalationHooks(escalation.escalations));
  // Every Azure call is a client span under the probe or fix that made it.
  const directory = telemetry.traced('azure', azure.directory, SpanKind.CLIENT);
  const probes = wireProbes({
    config,
    storage,
    directory,
    knowledge,
    cards,
    audit,
    hooks,
    wrapProbes: (service) => telemetry.traced('probe', service),
  });
  const approvals = wireApprovals({
    config,
    storage,
    directory,
    audit,
    logger,
    messenger,
    onFixEvent: hooks.onFixEvent,
  });
  opened.push(approvals);
  // The typed fix request ("give group X access to kv-y to list secrets") goes before the probe
  // request in words, which would otherwise take it for "can X list secrets in kv-y?".
  const extensions = mergeExtensions(escalation.extensions, approvals.extensions, probes);

  // Bot (dialogs, state, HTTP).
  const running = await startBot(config, {
    knowledge,
    cards,
    extensions,
    // Unanswered questions are the bot's own bookkeeping: a store that takes no writes must not
    // take the answer away.
    stores: { ...faq.stores, unanswered: bestEffortStore(faq.stores.unanswered, 'an unanswered question', logger) },
    storage: botStorage,
    // The turn span first: everything else in the turn is inside its trace; then the per-turn state
    // batch, and inside it the states saved once at the end of the turn (the escalation log).
    middleware: [telemetry.middleware(), botStorage.middleware(), endOfTurnSaves(), approvals.middleware],
    logger,
    readiness: createReadiness({
      probeStore: storage.recordStore<{ at: string }>('health'),
      probeKey: `readyz-${process.pid}`,
      health,
      knowledge: faq.knowledge,
      azure: azure.directory,
    }),
    // Telemetry last, so the final turns' spans are flushed.
    closeables: [faq, approvals, escalation, azure, storage, otel],
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

main().catch(async (e: unknown) => {
  const err = e as Error;
  process.stderr.write(`kv-access-assistant failed to start: ${err?.name ?? 'Error'}: ${err?.message ?? String(e)}\n`);
  // E.g. the sandbox emulator's temporary certificate folder, the KB watcher, timers.
  for (const c of opened.reverse()) await Promise.resolve(c.close()).catch(() => undefined);
  process.exit(1);
});
