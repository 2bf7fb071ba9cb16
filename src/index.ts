/**
 * Composition root (`npm start`): config → adapters (storage, knowledge) → core services →
 * dialogs → bot → HTTP server. The only place that chooses implementations; everything else
 * receives its dependencies.
 */
import { loadConfig } from './config.js';
import { FaqService } from './adapters/knowledge/faq-service.js';
import { formatKbIssue } from './core/knowledge/kb-errors.js';
import { createStorageFactory } from './adapters/storage/storage-factory.js';
import type { FeedbackRecord, HumanRequestRecord, UnansweredQuestionRecord } from './core/feedback/feedback-records.js';
import { FEEDBACK_COLLECTIONS } from '../dialogs/feedback-stores.js';
import { MatcherKnowledge } from './adapters/bot/matcher-knowledge.js';
import { mergeExtensions } from './adapters/bot/create-bot.js';
import { triageRoute } from '../dialogs/triage/triage-route.js';
import { createLogger } from './adapters/bot/logger.js';
import { startBot } from './adapters/bot/bot-server.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);

  // Adapters.
  const storage = createStorageFactory(config);
  const faq = await FaqService.start(config.knowledgeDir, {
    watch: config.watchKnowledge,
    onReload: (event) => {
      if (event.ok) logger.info('knowledge base loaded', { entries: event.kb.entries.length, warnings: event.issues.map(formatKbIssue) });
      else logger.error('knowledge base reload failed; keeping the last good version', { issues: event.issues.map(formatKbIssue), error: event.error?.message });
    },
  });

  // Core services behind the dialogs' ports; every turn uses the KB as last reloaded.
  const knowledge = new MatcherKnowledge(() => faq.matcher);

  // Features plug into the main dialog's routing here (text routes run in this order, before
  // the FAQ). Probes, fixes/approvals and escalation add theirs with mergeExtensions as they land.
  const extensions = mergeExtensions(
    { textRoutes: [triageRoute(knowledge)] },
  );

  // Bot (dialogs, state, HTTP).
  const running = await startBot(config, {
    knowledge,
    extensions,
    stores: {
      feedback: storage.recordStore<FeedbackRecord>(FEEDBACK_COLLECTIONS.feedback),
      unanswered: storage.recordStore<UnansweredQuestionRecord>(FEEDBACK_COLLECTIONS.unanswered),
      humanRequests: storage.recordStore<HumanRequestRecord>(FEEDBACK_COLLECTIONS.humanRequests),
    },
    storage: storage.botStorage(),
    logger,
    closeables: [faq],
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
